// On a machine whose own Node is older than piscope's sources need (Debian's 20), `npx piscope` and the
// launcher must work and stay quiet: npm checks package.json "engines" against the Node that runs npm (npx
// installs the checkout into its cache and checks it then), while piscope itself runs on the Node 24 that
// `npm ci` installs. Skipped when no such older Node is on the machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';

function version(node: string): number[] {
  const r = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split('.').map(Number) : [];
}

/** A Node on the system older than 23.6 (no type stripping), or undefined. */
const oldNode = ['/usr/bin/node', '/bin/node', '/usr/local/bin/node'].find((n) => {
  if (!existsSync(n)) return false;
  const [major = 99, minor = 0] = version(n);
  return major < 23 || (major === 23 && minor < 6);
});
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe.skipIf(oldNode === undefined)(`with the system's older Node (${oldNode ?? 'none'})`, () => {
  it('bin/piscope.js re-runs itself under the installed Node 24', () => {
    const r = spawnSync(oldNode!, [join(ROOT, 'bin', 'piscope.js'), '--version'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(VERSION);
    expect(r.status).toBe(0);
  });

  const npx = join(dirname(oldNode!), 'npx');
  it.skipIf(!existsSync(npx))('npx piscope prints no EBADENGINE warning, even on its first run (a fresh npm cache)', () => {
    const cache = mkdtempSync(join(tmpdir(), 'piscope-npm-cache-'));
    try {
      const r = spawnSync(npx, ['piscope', '--version'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${dirname(oldNode!)}:/usr/bin:/bin`, npm_config_cache: cache, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
      });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe(VERSION);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
