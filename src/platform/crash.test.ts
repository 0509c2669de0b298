/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call -- JSON replies of the API are untyped here; the assertions check their shape. */
// Crash safety with real processes: `kill -9` in the middle of a scan loses nothing and duplicates nothing.
// Embedded: the server itself is killed and started again on the same folder. PostgreSQL: a `piscope
// worker` is killed and another one finishes its job once pg-boss sees the heartbeat stop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile, corpusFiles, uiautomatorServerApk } from '../../test/helpers/paths.ts';
import { Client } from './testing/client.ts';
import { createTestDatabase, type TestDatabase } from './testing/pg.ts';
import { piscope, serve, type Proc } from './testing/processes.ts';

const TOKEN = 'crash-test-token';

/** The big APK first (it is the one killed mid-scan), then a few more behind it in the same batch. */
const packages = (): string[] => [uiautomatorServerApk(), corpusFile('android-apidemos'), ...corpusFiles('jshare').slice(0, 2)];

async function submitAll(c: Client): Promise<number[]> {
  const ids: number[] = [];
  for (const f of packages()) {
    const r = await c.upload(f, '?batch=crash');
    expect(r.status, r.text).toBe(201);
    ids.push(r.body.scan.id);
  }
  return ids;
}

async function waitRunning(c: Client, id: number): Promise<void> {
  const until = Date.now() + 120_000;
  while ((await c.get(`/api/v1/scans/${id}`)).body.status !== 'running') {
    if (Date.now() > until) throw new Error(`scan ${id} never started`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every scan done once: one report whose findings are exactly the scan's finding rows. */
async function checkNothingLostOrDuplicated(c: Client, ids: number[]): Promise<void> {
  const all = await c.get('/api/v1/scans?limit=500');
  expect(all.body.items.map((s: { id: number }) => s.id).sort()).toEqual([...ids].sort());
  for (const id of ids) {
    const s = await c.waitScan(id, 300_000);
    expect(s.status, JSON.stringify(s)).toBe('done');
    const report = await c.get(`/api/v1/scans/${id}/report`);
    const findings = await c.get(`/api/v1/scans/${id}/findings?limit=500`);
    expect(findings.body.items.map((f: { index: number }) => f.index).sort((a: number, b: number) => a - b)).toEqual(report.body.findings.map((_: unknown, i: number) => i));
    expect(s.findingCount).toBe(report.body.findings.length);
  }
}

describe('kill -9 in the middle of a scan', () => {
  const procs: Proc[] = [];
  const dirs: string[] = [];
  let pg: TestDatabase | null = null;
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await pg?.drop();
  });

  it('embedded: the killed server, started again, finishes every scan once', async () => {
    const data = mkdtempSync(join(tmpdir(), 'piscope-crash-'));
    dirs.push(data);
    const first = await serve(['--data', data, '--port', '0', '--workers', '1'], { env: { PISCOPE_BOOTSTRAP_TOKEN: TOKEN } });
    procs.push(first);
    let c = new Client(first.url, TOKEN);
    const ids = await submitAll(c);
    await waitRunning(c, ids[0]!);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await serve(['--data', data, '--port', '0', '--workers', '1']);
    procs.push(second);
    c = new Client(second.url, TOKEN);
    await checkNothingLostOrDuplicated(c, ids);
    // The killed scan ran twice, and only its second run was kept.
    expect((await c.get(`/api/v1/scans/${ids[0]!}`)).body.attempts).toBe(2);
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('PostgreSQL: a killed piscope worker loses its job to another worker, which finishes every scan once', async () => {
    pg = await createTestDatabase();
    const data = mkdtempSync(join(tmpdir(), 'piscope-crash-pg-'));
    dirs.push(data);
    const api = await serve(['--db', pg.url, '--data', data, '--port', '0', '--workers', '0'], { env: { PISCOPE_BOOTSTRAP_TOKEN: TOKEN } });
    procs.push(api);
    const c = new Client(api.url, TOKEN);
    const ids = await submitAll(c);
    const doomed = piscope(['worker', '--db', pg.url, '--data', data, '--concurrency', '1']);
    procs.push(doomed);
    await waitRunning(c, ids[0]!);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const survivor = piscope(['worker', '--db', pg.url, '--data', data, '--concurrency', '1']);
    procs.push(survivor);
    await checkNothingLostOrDuplicated(c, ids);
    expect((await c.get(`/api/v1/scans/${ids[0]!}`)).body.attempts).toBe(2);
    survivor.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
    await api.exited;
  });
});
