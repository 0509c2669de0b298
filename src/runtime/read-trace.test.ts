// The trace format: the reader and the JSON Schema in docs/ agree on good and bad lines; a bad line is named
// by file and line and never stops the rest; lines are split with bounded buffers.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseTraceLine } from './parse-line.ts';
import { formatProblem, readTraceStream, splitLines, type TraceItem } from './read-trace.ts';
import { ANDROID_ID, call, header, IMEI, mark, valueCall } from './testing/recorded.ts';

const schema = JSON.parse(readFileSync(new URL('../../docs/trace.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

const GOOD = [
  header(),
  header('s2', { stack: 'top', timeResolutionMs: 1000, consentMarkers: false, foreground: false, permissionMarkers: false, note: 'camille' }, 'camille'),
  call(10, IMEI, 'com.example.app.Ids.get'),
  call(10, IMEI, 'com.example.app.Ids.get', { api: null, state: 'background', threw: 'java.lang.SecurityException: no', args: ['a'], ret: null, mono: null }),
  valueCall(10, ANDROID_ID, 'com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidId', 'ba44af50580c13ed'),
  call(10, IMEI, 'com.example.app.Ids.get', { retDigest: null }),
  mark(5, 'consent', { answer: 'refused' }),
  mark(5, 'permission-request', { permissions: ['android.permission.CAMERA'] }),
  mark(5, 'permission-result', { permissions: ['android.permission.CAMERA'], granted: false }),
  mark(5, 'app-start'),
  mark(5, 'background'),
  mark(5, 'user-action', { detail: 'tap' }),
].map((l) => JSON.stringify(l));

const BAD = [
  'not json',
  '[1,2]',
  '{"type":"other"}',
  JSON.stringify({ ...header(), version: 2 }),
  JSON.stringify({ ...header(), limits: { stack: 'deep', timeResolutionMs: 1, consentMarkers: true, foreground: true, permissionMarkers: true } }),
  JSON.stringify({ ...call(1, IMEI, 'a.b.C.d'), wall: -1 }),
  JSON.stringify({ ...call(1, IMEI, 'a.b.C.d'), api: 'Not An Id' }),
  JSON.stringify({ ...call(1, IMEI, 'a.b.C.d'), stack: 'x' }),
  JSON.stringify({ ...call(1, IMEI, 'a.b.C.d'), state: 'asleep' }),
  JSON.stringify({ ...call(1, IMEI, 'a.b.C.d'), method: '' }),
  JSON.stringify({ ...call(1, IMEI, 'a.b.C.d'), pid: 1.5 }),
  JSON.stringify(mark(1, 'consent')),
  JSON.stringify({ ...call(1, IMEI, 'a.b.C.d'), retDigest: { sha256: 'AB', length: 15 } }),
  JSON.stringify({ ...call(1, IMEI, 'a.b.C.d'), retDigest: { sha256: 'a'.repeat(64), md5: 'b'.repeat(31), length: 15 } }),
  JSON.stringify({ ...call(1, IMEI, 'a.b.C.d'), retDigest: { sha256: 'a'.repeat(64) } }),
  JSON.stringify(mark(1, 'permission-result', { permissions: ['x'] })),
  JSON.stringify(mark(1, 'permission-request')),
  JSON.stringify({ ...mark(1, 'app-start'), marker: 'reboot' }),
];

async function readAll(text: string | Buffer[], file = 't.jsonl'): Promise<TraceItem[]> {
  const out: TraceItem[] = [];
  const stream = Readable.from(typeof text === 'string' ? [Buffer.from(text)] : text);
  for await (const item of readTraceStream(stream, file)) out.push(item);
  return out;
}

describe('trace format', () => {
  it('the schema and the reader accept the same good lines', () => {
    for (const l of GOOD) {
      expect(validate(JSON.parse(l)), `${l}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(parseTraceLine(l), l).not.toHaveProperty('error');
    }
  });
  it('the schema and the reader refuse the same bad lines', () => {
    for (const l of BAD) {
      let parsed: unknown = undefined;
      try {
        parsed = JSON.parse(l);
      } catch {
        // not JSON: only the reader sees it
      }
      if (parsed !== undefined) expect(validate(parsed), l).toBe(false);
      expect(parseTraceLine(l), l).toHaveProperty('error');
    }
  });
});

describe('readTraceStream', () => {
  it('names each bad line by file and line and reads the rest', async () => {
    const text = [GOOD[0], 'garbage', GOOD[2], '', '\u0000{', GOOD[4]].join('\n');
    const items = await readAll(text, 'run1.jsonl');
    const problems = items.filter((i) => 'problem' in i).map((i) => formatProblem(i.problem));
    expect(problems).toEqual([expect.stringMatching(/^run1\.jsonl:2: not JSON/u), expect.stringMatching(/^run1\.jsonl:5: not JSON/u)]);
    expect(items.filter((i) => 'line' in i).map((i) => ('line' in i ? i.at.line : 0))).toEqual([1, 3, 6]);
  });
  it('handles CRLF, a last line without newline, and lines split across chunks', async () => {
    const text = `${GOOD[0]}\r\n${GOOD[2]}\r\n${GOOD[4]}`;
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const items = await readAll(chunks);
    expect(items.every((i) => 'line' in i)).toBe(true);
    expect(items).toHaveLength(3);
  });
  it('refuses invalid UTF-8 on its line only', async () => {
    const items = await readAll([Buffer.from(`${GOOD[0]}\n`), Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from(`${GOOD[2]}\n`)]);
    expect(items.map((i) => ('problem' in i ? i.problem.message : 'ok'))).toEqual(['ok', 'not UTF-8', 'ok']);
  });
  it('drops an overlong line without holding it', async () => {
    const lines: (Buffer | null)[] = [];
    const huge = Array.from({ length: 40 }, () => Buffer.alloc(1000, 0x61));
    for await (const l of splitLines(Readable.from([Buffer.from('ab\n'), ...huge, Buffer.from('\ncd')]), 4096)) lines.push(l);
    expect(lines.map((l) => l?.toString() ?? null)).toEqual(['ab', null, 'cd']);
  });
});

describe('frequency limits (src/runtime/frequency.json and --frequency files)', () => {
  it('the shipped table is valid, names only known data types, and cites its sources', async () => {
    const { parseLimits } = await import('./limits.ts');
    const { dataTypes } = await import('../knowledge/index.ts');
    const text = readFileSync(new URL('./frequency.json', import.meta.url), 'utf8');
    const t = parseLimits(text);
    expect(t).not.toHaveProperty('error');
    if ('error' in t) return;
    const known = new Set(dataTypes().map((d) => d.id));
    expect(Object.keys(t.dataTypes).filter((k) => !known.has(k))).toEqual([]);
    expect(t.default).toEqual([{ windowMs: 1000, max: 1 }, { windowMs: null, max: 3 }]);
    expect((JSON.parse(text) as { sources: string[] }).sources.length).toBeGreaterThanOrEqual(3);
  });
  it('refuses malformed tables with a reason', async () => {
    const { parseLimits } = await import('./limits.ts');
    expect(parseLimits('{"default": 3}')).toEqual({ error: '"default" must be a list of {windowMs, max}' });
    expect(parseLimits('{"default": [{"windowMs": 0, "max": 1}]}')).toHaveProperty('error');
    expect(parseLimits('{"default": [], "dataTypes": {"device.imei": [{"windowMs": null, "max": 1.5}]}}')).toHaveProperty('error');
    expect(parseLimits('{"default": [], "dataTypes": {"device.imei": [{"windowMs": null, "max": 0}]}}')).toEqual({ default: [], dataTypes: { 'device.imei': [{ windowMs: null, max: 0 }] } });
  });
});
