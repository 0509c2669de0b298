// `piscope policy` end to end through main(): JSON is the Report's policy object plus extensions; text quotes
// sentences; unreadable input exits 2 with one line naming the file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from './main.ts';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'policies');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => (out += typeof s === 'string' ? s : new TextDecoder().decode(s)), stderr: (s) => (err += s), isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

describe('piscope policy', () => {
  it('writes the policy object as JSON', async () => {
    const r = await run(['policy', join(DIR, 'full.html'), '--format', 'json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out) as Record<string, unknown>;
    expect(p).toMatchObject({ found: true, hasContact: true, hasAccountDeletion: true, hasComplaintChannel: true, hasPersonalizationOptOut: true, hasMinorsClause: true });
    expect(p.declaredDataTypes).toContain('location.precise');
    expect(p.declaredSdks).toContain('umeng-analytics');
    expect(typeof p.text).toBe('string');
  });

  it('writes text with the sentence behind each answer', async () => {
    const r = await run(['policy', join(DIR, 'minimal.md')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('personalisation opt-out    unclear');
    expect(r.out).toContain('我们不会基于您的个人信息向您提供个性化推荐或定向推送');
    expect(r.out).toContain('OVER 15 WORKING DAYS');
  });

  it('exits 2 with one line naming a missing or unreadable file', async () => {
    const missing = join(tmpdir(), 'piscope-no-such-policy.html');
    const r = await run(['policy', missing]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(missing);
    const dir = mkdtempSync(join(tmpdir(), 'piscope-policy-'));
    const pdf = join(dir, 'bad.pdf');
    writeFileSync(pdf, 'not a pdf at all');
    const bad = await run(['policy', pdf]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('bad.pdf');
    expect(bad.err).toContain('POLICY_UNREADABLE');
  });

  it('reports garbled text instead of analysing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'piscope-policy-'));
    const f = join(dir, 'moji.txt');
    const utf8 = new TextEncoder().encode('我们会收集您的位置信息和设备信息，用于提供天气服务。'.repeat(20));
    writeFileSync(f, new TextDecoder('gbk').decode(utf8).replace(/\ufffd/g, ''));
    const r = await run(['policy', f, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ garbled: true, hasContact: null, declaredDataTypes: [] });
  });
});

describe('piscope policy with a URL', () => {
  it('refuses to fetch without --fetch-policy', async () => {
    const r = await run(['policy', 'https://example.com/privacy.html']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--fetch-policy');
  });

  it('refuses a loopback URL even with --fetch-policy', async () => {
    const r = await run(['policy', 'http://127.0.0.1:9/privacy.html', '--fetch-policy']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/loopback/);
    expect(r.err).toContain('POLICY_FETCH_REFUSED');
  });
});
