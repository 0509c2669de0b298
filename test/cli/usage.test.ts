// Usage errors: exit 2 with one line naming the file and why, before any scanning happens.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyName } from '../../src/cli/engine.ts';
import { exitCodeFor } from '../../src/cli/scan-command.ts';
import { sampleReport } from '../../src/report/testing/sample-report.ts';
import { run } from './capture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'piscope-cli-'));
const somefile = join(tmp, 'x.apk');
writeFileSync(somefile, 'PK');

describe('piscope scan: usage', () => {
  it('shows help with exit 0', async () => {
    const r = await run(['scan', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--fail-on <severity>');
    expect(r.stdout).toContain('--format <format>');
    expect(r.stdout).toContain('30 news 新闻资讯类');
    expect(r.stdout.match(/^ +\d{1,2} [a-z_]+ \S+类$/gm)).toHaveLength(39);
  });

  it('refuses a missing file, naming it', async () => {
    const r = await run(['scan', join(tmp, 'nope.apk')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/nope\.apk: cannot read the input: no such file or folder \[USAGE\]\n$/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an unknown format, sector or fail-on level', async () => {
    for (const args of [['--format', 'docx'], ['--sector', 'gaming'], ['--fail-on', 'critical']]) {
      const r = await run(['scan', somefile, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(args[1]);
    }
  });

  it('refuses an unknown category and accepts codes and numbers', async () => {
    const r = await run(['scan', somefile, '--category', 'spaceships']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--category spaceships: not one of the 39 app types');
  });

  it('refuses a missing policy file and a missing trace, naming them', async () => {
    const p = await run(['scan', somefile, '--policy', join(tmp, 'policy.html')]);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/policy\.html: privacy policy: no such file or folder/);
    const t = await run(['scan', somefile, '--trace', join(tmp, 'run.jsonl')]);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/run\.jsonl: trace: no such file or folder/);
  });

  it('refuses a folder without packages', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'piscope-empty-'));
    writeFileSync(join(empty, 'README.txt'), 'hello');
    const r = await run(['scan', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no package (.apk .jar .aar .wxapkg) found');
  });

  it('piscope lists refuses a missing file and an unknown format', async () => {
    const a = await run(['lists', join(tmp, 'gone.apk')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('gone.apk');
    const b = await run(['lists', somefile, '--format', 'xlsx']);
    expect(b.code).toBe(2);
  });
});

describe('exit code from findings', () => {
  const r = sampleReport(); // high, medium, low (suppressed) and info findings

  it('follows --fail-on and ignores suppressed findings', () => {
    expect(exitCodeFor(r, 'high')).toBe(1);
    expect(exitCodeFor(r, 'never')).toBe(0);
    const noHigh = sampleReport();
    noHigh.findings = noHigh.findings.filter((f) => f.severity !== 'high');
    expect(exitCodeFor(noHigh, 'high')).toBe(0);
    expect(exitCodeFor(noHigh, 'medium')).toBe(1);
    const onlyLowSuppressed = sampleReport();
    onlyLowSuppressed.findings = onlyLowSuppressed.findings.filter((f) => f.severity === 'low' || f.severity === 'info');
    // The low finding is suppressed and info is below low: nothing counts.
    expect(exitCodeFor(onlyLowSuppressed, 'low')).toBe(0);
    onlyLowSuppressed.findings[0]!.suppressed = undefined;
    expect(exitCodeFor(onlyLowSuppressed, 'low')).toBe(1);
  });
});

describe('--fetch-policy', () => {
  it('names a fetched policy by its content type, else by its URL', () => {
    expect(policyName('https://a.cn/p', 'application/pdf')).toBe('policy.pdf');
    expect(policyName('https://a.cn/p', 'text/html; charset=gbk')).toBe('policy.html');
    expect(policyName('https://a.cn/p', 'text/plain')).toBe('policy.txt');
    expect(policyName('https://a.cn/privacy.PDF', null)).toBe('policy.pdf');
    expect(policyName('https://a.cn/privacy', 'application/octet-stream')).toBe('policy.html');
  });
});
