// Limits of a scan process: over its time or its heap, a scan fails with the reason, and the next scan on
// the same slot runs in a fresh process.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFiles, uiautomatorServerApk } from '../../../test/helpers/paths.ts';
import { safeFileName, ScanSlot } from './scan-runner.ts';

const work = (): string => mkdtempSync(join(tmpdir(), 'piscope-slot-'));
const small = (): string => corpusFiles('jshare').find((f) => f.endsWith('jshare-android-2.0.0.jar'))!;

describe('scan slots', () => {
  const slots: ScanSlot[] = [];
  afterAll(() => {
    for (const s of slots) s.close();
  });

  it('a scan over its heap cap fails OUT_OF_MEMORY and the next one runs', async () => {
    const slot = new ScanSlot({ timeoutMs: 120_000, heapMb: 20 });
    slots.push(slot);
    const big = await slot.run(uiautomatorServerApk(), 'big.apk', work(), {});
    expect(big).toMatchObject({ ok: false, code: 'OUT_OF_MEMORY' });
    const next = await slot.run(small(), 'small.jar', work(), {});
    expect(next.ok).toBe(true);
    if (next.ok) expect(JSON.parse(next.json)).toMatchObject({ input: { path: 'small.jar' } });
  });

  it('a scan over its time limit fails TIMEOUT; a stopped scan says so', async () => {
    const slot = new ScanSlot({ timeoutMs: 1, heapMb: 512 });
    slots.push(slot);
    expect(await slot.run(small(), 'a.jar', work(), {})).toMatchObject({ ok: false, code: 'TIMEOUT' });
    const patient = new ScanSlot({ timeoutMs: 120_000, heapMb: 512 });
    slots.push(patient);
    const stop = new AbortController();
    const running = patient.run(uiautomatorServerApk(), 'b.apk', work(), {}, stop.signal);
    stop.abort();
    expect(await running).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect((await patient.run(small(), 'c.jar', work(), {})).ok).toBe(true);
  });

  it('the time limit grows with the package: the same 1 ms limit with 120 s per MB lets the scan finish', async () => {
    const fixed = new ScanSlot({ timeoutMs: 1, heapMb: 512, msPerMb: 0 });
    const grown = new ScanSlot({ timeoutMs: 1, heapMb: 512, msPerMb: 120_000 });
    slots.push(fixed, grown);
    const r = await fixed.run(small(), 'a.jar', work(), {});
    expect(r).toMatchObject({ ok: false, code: 'TIMEOUT' });
    if (!r.ok) expect(r.message).toMatch(/^the scan took longer than 1 ms \(the limit for a 1 MB package\)$/);
    expect((await grown.run(small(), 'b.jar', work(), {})).ok).toBe(true);
  });

  it('names a package by its plain file name only', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\x\\app.apk')).toBe('app.apk');
    expect(safeFileName('..')).toBe('package');
    expect(safeFileName('a\u0000b.apk')).toBe('ab.apk');
  });
});
