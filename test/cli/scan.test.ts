// `piscope scan` in-process on real packages through the real engine: every format, exit codes, batches.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/scan-command.ts';
import { assertValidReport, validateSarif } from '../../src/report/testing/validate.ts';
import type { Report } from '../../src/report/types.ts';
import { corpusFile } from '../helpers/paths.ts';
import { run } from './capture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'piscope-scan-'));
const unlock = corpusFile('appium-unlock');
const apiDemos = corpusFile('android-apidemos');

function randomFile(name: string, size: number): string {
  const bytes = new Uint8Array(size);
  let x = 0x12345678;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0; // deterministic noise
    bytes[i] = x >>> 24;
  }
  const p = join(tmp, name);
  writeFileSync(p, bytes);
  return p;
}

function truncatedApk(): string {
  const p = join(tmp, 'truncated.apk');
  writeFileSync(p, readFileSync(apiDemos).subarray(0, 200_000));
  return p;
}

describe('piscope scan on one package', () => {
  it('writes one valid Report as JSON on stdout, and nothing else', async () => {
    const r = await run(['scan', apiDemos, '--format', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    assertValidReport(report);
    expect(report.app.packageName).toBe('io.appium.android.apis');
    expect(report.input.path).toBe(apiDemos);
    expect(report.dataTypes.length).toBeGreaterThan(0);
    expect(r.code).toBe(exitCodeFor(report, 'high'));
    expect(r.stderr).toContain(`scanning ${apiDemos}`);
  });

  it('renders text, html and sarif of a real scan', async () => {
    const text = await run(['scan', unlock, '--fail-on', 'never']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('包名 Package      io.appium.unlock');
    expect(text.stdout).not.toContain('\u001b['); // not a terminal: no colour
    const coloured = await run(['scan', unlock, '--fail-on', 'never'], { isTTY: true });
    expect(coloured.stdout).toContain('\u001b[1m');
    const noColor = await run(['scan', unlock, '--fail-on', 'never'], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\u001b[');
    const html = await run(['scan', unlock, '--format', 'html', '--fail-on', 'never']);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(html.stdout).toContain('io.appium.unlock');
    const sarif = await run(['scan', unlock, '--format', 'sarif', '--fail-on', 'never']);
    expect(validateSarif(JSON.parse(sarif.stdout))).toBeNull();
  });

  it('writes to --out instead of stdout', async () => {
    const out = join(tmp, 'unlock.json');
    const r = await run(['scan', unlock, '--format', 'json', '--out', out, '--fail-on', 'never', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    assertValidReport(JSON.parse(readFileSync(out, 'utf8')));
  });

  it('exits 1 when a finding reaches --fail-on, 0 with --fail-on never', async () => {
    const json = await run(['scan', apiDemos, '--format', 'json', '--fail-on', 'low', '-q']);
    const report = JSON.parse(json.stdout) as Report;
    const expected = exitCodeFor(report, 'low');
    expect(json.code).toBe(expected);
    expect(report.findings.some((f) => f.suppressed === undefined && f.severity !== 'info')).toBe(expected === 1);
    expect((await run(['scan', apiDemos, '--format', 'json', '--fail-on', 'never', '-q'])).code).toBe(0);
  });

  it('reads --har; a capture that is none exits 2 naming the file, the line and what is wrong', async () => {
    const bad = join(tmp, 'run.har');
    writeFileSync(bad, '{"log": {"entries": [\n  {"request": }\n]}}');
    // Even with --quiet: the refusal is the answer, not progress.
    const r = await run(['scan', unlock, '--har', bad, '--fail-on', 'never', '-q']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`piscope: ${unlock}: ${bad}: not JSON: unexpected "}\\n]}}" at line 2, column 15 [CAPTURE_MALFORMED]\n`);
    expect((await run(['scan', '--help'])).stdout).toContain('--har');
  });

  it('exits 2 on random bytes and on a truncated APK, naming the file', async () => {
    for (const bad of [randomFile('noise.apk', 4096), truncatedApk()]) {
      const r = await run(['scan', bad, '--format', 'json']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      // Progress lines, then exactly one line naming the file and why.
      const lines = r.stderr.trim().split('\n');
      expect(lines.filter((l) => l.startsWith(`piscope: ${bad}: `))).toHaveLength(1);
      expect(lines.at(-1)).toMatch(/^piscope: .+: .+\[[A-Z_]+\]$/);
    }
  });
});

describe('piscope scan on a folder', () => {
  it('scans every package, keeps going past a bad one, and writes one report per app', async () => {
    const dir = join(tmp, 'batch');
    mkdirSync(dir);
    copyFileSync(unlock, join(dir, 'good.apk'));
    writeFileSync(join(dir, 'bad.apk'), readFileSync(randomFile('bad-src.apk', 2048)));
    writeFileSync(join(dir, 'notes.txt'), 'not a package');
    const out = join(tmp, 'reports');
    const r = await run(['scan', dir, '--format', 'json', '--out', out, '--fail-on', 'never']);
    expect(r.code).toBe(0); // something was scanned, and nothing reached --fail-on
    const rows = JSON.parse(r.stdout) as { file: string; packageName: string | null; error: string | null; report?: string }[];
    expect(rows.map((x) => x.file)).toEqual([join(dir, 'bad.apk'), join(dir, 'good.apk')]);
    expect(rows[0]!.error).toMatch(/\S/);
    expect(rows[1]).toMatchObject({ packageName: 'io.appium.unlock', error: null });
    expect(readdirSync(out)).toEqual(['good.apk.json']);
    assertValidReport(JSON.parse(readFileSync(join(out, 'good.apk.json'), 'utf8')));
    expect(r.stderr).toContain(`piscope: ${join(dir, 'bad.apk')}: `);

    const text = await run(['scan', dir, '--fail-on', 'never', '-q']);
    expect(text.stdout).toMatch(/^file\s+package\s+high\s+medium\s+low\s+info\s+error/);
    expect(text.stdout).toContain('2 input(s): 1 scanned, 1 failed');
  });

  it('takes the packages of subfolders too, and says which files it skipped', async () => {
    const dir = join(tmp, 'nested');
    mkdirSync(join(dir, 'v1', 'release'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    copyFileSync(unlock, join(dir, 'v1', 'release', 'app.apk'));
    copyFileSync(unlock, join(dir, 'top.apk'));
    copyFileSync(unlock, join(dir, '.git', 'hidden.apk'));
    writeFileSync(join(dir, 'v1', 'notes.txt'), 'not a package');
    const r = await run(['scan', dir, '--format', 'json', '--fail-on', 'never']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { file: string }[];
    expect(rows.map((x) => x.file)).toEqual([join(dir, 'top.apk'), join(dir, 'v1', 'release', 'app.apk')]);
    expect(r.stderr).toContain(`piscope: skipped 1 file(s) that are not packages (.apk .jar .aar .dex .zip .wxapkg): ${join(dir, 'v1', 'notes.txt')}\n`);
  });

  it('exits 2 when nothing at all could be scanned', async () => {
    const dir = join(tmp, 'all-bad');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.apk'), 'PK\u0003\u0004 not really');
    writeFileSync(join(dir, 'b.apk'), readFileSync(randomFile('b-src.apk', 512)));
    const r = await run(['scan', dir, '-q']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('2 input(s): 0 scanned, 2 failed');
  });
});

describe('piscope lists', () => {
  it('writes the 双清单 as CSV with a BOM and as JSON', async () => {
    const csv = await run(['lists', apiDemos, '--format', 'csv', '-q']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('\uFEFF清单 list,')).toBe(true);
    expect(csv.stdout).toContain('已收集个人信息清单 collected');
    const json = await run(['lists', apiDemos, '--format', 'json', '-q']);
    const lists = JSON.parse(json.stdout) as { collected: { dataType: string; purposeSource: string }[] };
    expect(lists.collected.length).toBeGreaterThan(0);
    // ApiDemos ships no policy: no purpose can come from one.
    expect(lists.collected.every((c) => c.purposeSource !== 'policy')).toBe(true);
  });

  it('exits 2 on an unreadable package, naming it', async () => {
    const bad = randomFile('lists-noise.apk', 1024);
    const r = await run(['lists', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`piscope: ${bad}: `);
  });
});
