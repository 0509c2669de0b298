// The package's entry point (package.json "exports") is the engine's public API: a library user's
// `import { scan } from 'piscope'` must reach a real file that exports it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { ROOT } from './helpers/paths.ts';

it('"exports" points at the engine API', async () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string> };
  const api = (await import(pathToFileURL(join(ROOT, pkg.exports['.']!)).href)) as Record<string, unknown>;
  for (const name of ['scan', 'scanMany', 'inferAppType', 'locatePolicy']) expect(typeof api[name], name).toBe('function');
});
