// One closed table of error codes (fflate / Fastify style). Every parser error names the structure and the
// offset, so a person can open the file in a hex viewer and see what is wrong. docs/errors.md lists them.

export const ErrorCode = {
  // Generic byte access
  OUT_OF_BOUNDS: 'OUT_OF_BOUNDS',
  // Input recognition
  UNKNOWN_FORMAT: 'UNKNOWN_FORMAT',
  INPUT_TOO_LARGE: 'INPUT_TOO_LARGE',
  // ZIP
  ZIP_NO_EOCD: 'ZIP_NO_EOCD',
  ZIP_BAD_CENTRAL_DIRECTORY: 'ZIP_BAD_CENTRAL_DIRECTORY',
  ZIP_BAD_LOCAL_HEADER: 'ZIP_BAD_LOCAL_HEADER',
  ZIP_UNSUPPORTED_METHOD: 'ZIP_UNSUPPORTED_METHOD',
  ZIP_INFLATE_FAILED: 'ZIP_INFLATE_FAILED',
  ZIP_BOMB: 'ZIP_BOMB',
  ZIP_UNSAFE_NAME: 'ZIP_UNSAFE_NAME',
  // Android binary XML and resources
  AXML_MALFORMED: 'AXML_MALFORMED',
  ARSC_MALFORMED: 'ARSC_MALFORMED',
  // DEX
  DEX_BAD_MAGIC: 'DEX_BAD_MAGIC',
  DEX_BAD_HEADER: 'DEX_BAD_HEADER',
  DEX_INDEX_OUT_OF_RANGE: 'DEX_INDEX_OUT_OF_RANGE',
  DEX_BAD_OFFSET: 'DEX_BAD_OFFSET',
  DEX_MALFORMED: 'DEX_MALFORMED',
  // Java class files
  CLASS_BAD_MAGIC: 'CLASS_BAD_MAGIC',
  CLASS_MALFORMED: 'CLASS_MALFORMED',
  // WeChat mini-program packages
  WXAPKG_MALFORMED: 'WXAPKG_MALFORMED',
  WXAPKG_DECRYPT_FAILED: 'WXAPKG_DECRYPT_FAILED',
  // Signing
  SIG_MALFORMED: 'SIG_MALFORMED',
  // Policy documents
  POLICY_UNREADABLE: 'POLICY_UNREADABLE',
  POLICY_FETCH_REFUSED: 'POLICY_FETCH_REFUSED',
  // Network captures (--har)
  CAPTURE_MALFORMED: 'CAPTURE_MALFORMED',
  // device-run (adb and frida)
  DEVICE_TOOL_MISSING: 'DEVICE_TOOL_MISSING',
  DEVICE_RUN_FAILED: 'DEVICE_RUN_FAILED',
  // Engine
  CANCELLED: 'CANCELLED',
  USAGE: 'USAGE',
  SUPPRESSIONS_INVALID: 'SUPPRESSIONS_INVALID',
  LISTING_INVALID: 'LISTING_INVALID',
  // Reports
  PDF_RENDERER_MISSING: 'PDF_RENDERER_MISSING',
  PDF_RENDER_FAILED: 'PDF_RENDER_FAILED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A typed, expected error: bad input or bad usage. Anything else that escapes is a bug in piscope. */
export class PiscopeError extends Error {
  readonly code: ErrorCode;
  /** The structure being read, e.g. `dex.method_ids` or `zip.central_directory`. */
  readonly structure: string | undefined;
  /** Byte offset in the structure's buffer, when it has one. */
  readonly offset: number | undefined;
  /** The file (or entry inside a package) this error is about, when known. */
  file: string | undefined;

  constructor(code: ErrorCode, message: string, opts: { structure?: string; offset?: number; file?: string; cause?: unknown } = {}) {
    const at = opts.offset === undefined ? '' : ` at 0x${opts.offset.toString(16)}`;
    const where = opts.structure === undefined ? '' : `${opts.structure}: `;
    super(`${where}${message}${at}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PiscopeError';
    this.code = code;
    this.structure = opts.structure;
    this.offset = opts.offset;
    this.file = opts.file;
  }
}

export function isPiscopeError(e: unknown): e is PiscopeError {
  return e instanceof PiscopeError;
}

/** One line for a person: `file: structure: message at 0xOFF [CODE]`. */
export function describeError(e: unknown, file?: string): string {
  if (e instanceof PiscopeError) {
    const f = e.file ?? file;
    return `${f === undefined ? '' : `${f}: `}${e.message} [${e.code}]`;
  }
  const msg = e instanceof Error ? e.message : String(e);
  return `${file === undefined ? '' : `${file}: `}internal error: ${msg}`;
}
