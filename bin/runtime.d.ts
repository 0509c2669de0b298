// Types of bin/runtime.js (plain JavaScript, read by the launcher before any TypeScript runs).
export declare const NODE_FLAGS: readonly string[];
export declare const NODE_ENV: Readonly<Record<string, string>>;
export declare function shebang(): string;
