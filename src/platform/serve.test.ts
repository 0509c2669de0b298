// `piscope serve` started as the README says, in a fresh folder, and the demo APK submitted to it with
// `piscope submit --wait`: the same findings and exit code as `piscope scan`.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../report/types.ts';
import { run, serve, ROOT, type Proc } from './testing/processes.ts';

const DEMO = join(ROOT, '.cache', 'corpus', 'android-apidemos', 'ApiDemos-debug.apk');

describe('piscope serve + piscope submit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'piscope-serve-'));
  let server: (Proc & { url: string }) | null = null;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on embedded defaults in a fresh folder and scans the demo APK', async () => {
    // The README's command, in a fresh folder; --port 0 only so that parallel test runs never collide.
    server = await serve(['--port', '0'], { cwd: dir, env: { PISCOPE_BOOTSTRAP_TOKEN: 'demo-token' } });
    expect(existsSync(join(dir, 'piscope-data', 'piscope.db'))).toBe(true);
    const submitted = await run(['submit', DEMO, '--server', server.url, '--wait', '--format', 'json'], { env: { PISCOPE_TOKEN: 'demo-token' } });
    const scanned = await run(['scan', DEMO, '--format', 'json', '-q']);
    expect(submitted.code, submitted.stderr).toBe(scanned.code);
    const lines = submitted.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; sha256: string; scanId: number; status: string; findings: unknown[] });
    expect(lines).toHaveLength(1);
    const report = JSON.parse(scanned.stdout) as Report;
    expect(lines[0]).toMatchObject({ file: DEMO, sha256: report.input.sha256, status: 'done' });
    expect(lines[0]!.findings).toEqual(report.findings);
    expect(report.findings.length).toBeGreaterThan(0);
    // Text output and a missing token.
    const text = await run(['submit', DEMO, '--server', server.url, '--token', 'demo-token']);
    expect(text.stdout).toMatch(/ApiDemos-debug\.apk\tdone\t\d+ finding\(s\)/);
    expect((await run(['submit', DEMO, '--server', server.url], { env: { PISCOPE_TOKEN: '' } })).code).toBe(2);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    server = null;
  });

  it('exits 2 when the server or the database cannot be reached, or --db is not PostgreSQL', async () => {
    const r = await run(['submit', DEMO, '--server', 'http://127.0.0.1:9', '--token', 't']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot reach http://127.0.0.1:9');
    const w = await run(['worker', '--db', 'piscope.db']);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('--db must be a postgres:// URL');
    const down = await run(['worker', '--db', 'postgres://postgres@127.0.0.1:9/x']);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('cannot start');
  });
});
