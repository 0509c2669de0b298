// The real launcher as a child process: exit codes as a CI sees them, and stdout carrying only the report.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/scan-command.ts';
import { assertValidReport } from '../../src/report/testing/validate.ts';
import type { Report } from '../../src/report/types.ts';
import { ROOT, corpusFile } from '../helpers/paths.ts';

const BIN = join(ROOT, 'bin', 'piscope.js');
const tmp = mkdtempSync(join(tmpdir(), 'piscope-bin-'));

function piscope(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return piscopeEnv({}, ...args);
}

function piscopeEnv(env: Record<string, string>, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/piscope.js', () => {
  it('starts Node as bin/runtime.js says, and runs as an executable through that first line', async () => {
    const { shebang } = await import('../../bin/runtime.js');
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe(shebang());
    // Executed directly, as npm's .bin link runs it: env -S must parse the line and find a node.
    const r = spawnSync(BIN, ['--version'], { encoding: 'utf8', env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` } });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints its version', () => {
    const r = piscope('--version');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('keeps stdout pure JSON with --format json while progress goes to stderr', () => {
    const apk = corpusFile('appium-unlock');
    const r = piscope('scan', apk, '--format', 'json');
    const report = JSON.parse(r.stdout) as Report; // throws if anything else reached stdout
    assertValidReport(report);
    expect(r.status).toBe(exitCodeFor(report, 'high'));
    expect(r.stderr).toContain(`piscope: scanning ${apk}`);
  });

  it('exits 2 with one line naming a missing file', () => {
    const missing = join(tmp, 'missing.apk');
    const r = piscope('scan', missing);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`piscope: ${missing}: cannot read the input: no such file or folder [USAGE]\n`);
  });

  it('exits 2 naming a file of random bytes', () => {
    const noise = join(tmp, 'noise.apk');
    writeFileSync(noise, Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) & 0xff));
    const r = piscope('scan', noise, '--quiet');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^piscope: ${noise.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .+\\[[A-Z_]+\\]\\n$`));
  });

  it('exits 2 on a bad option', () => {
    const r = piscope('scan', 'x.apk', '--format', 'docx');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("'docx' is invalid");
  });

  it('exits 2 saying what to install when Chromium is missing for --format pdf', () => {
    const out = join(tmp, 'r.pdf');
    const r = piscopeEnv({ PISCOPE_CHROMIUM: join(tmp, 'no-chromium') }, 'scan', corpusFile('appium-unlock'), '--format', 'pdf', '--out', out, '-q');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('apt-get install chromium fonts-noto-cjk');
    expect(r.stderr).toContain('[PDF_RENDERER_MISSING]');
  });
});
