// PDF input: we render our own HTML policy to PDF with headless chromium (fonts-noto-cjk) in the test setup,
// so no binary is committed, then read it back through pdf.js offline.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePolicy } from './analyze.ts';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'policies');
let work = '';
let pdf: Uint8Array;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'piscope-pdf-'));
  const out = join(work, 'full.pdf');
  execFileSync(
    'chromium',
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${join(work, 'profile')}`,
      '--no-pdf-header-footer', `--print-to-pdf=${out}`, `file://${join(DIR, 'full.html')}`,
    ],
    { stdio: 'ignore', timeout: 60_000 },
  );
  pdf = new Uint8Array(readFileSync(out));
}, 90_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('PDF policy', () => {
  it('extracts the Chinese text and answers from it', async () => {
    expect(String.fromCharCode(...pdf.subarray(0, 5))).toBe('%PDF-');
    const p = await analyzePolicy({ bytes: pdf, name: 'full.pdf' });
    expect(p.encoding).toBeNull();
    expect(p.garbled).toBe(false);
    expect(p.text).toContain('示例天气隐私政策');
    expect(p.hasAccountDeletion).toBe(true);
    expect(p.hasComplaintChannel).toBe(true);
    expect(p.hasMinorsClause).toBe(true);
    expect(p.contact.emails).toContain('privacy@weather.example.com');
    expect(p.declaredDataTypes).toEqual(expect.arrayContaining(['location.precise', 'camera']));
    expect(p.declaredDataTypes).not.toContain('contacts');
  });

  it('refuses a damaged PDF with a typed error naming the file', async () => {
    const broken = pdf.slice(0, 400);
    await expect(analyzePolicy({ bytes: broken, name: 'broken.pdf' })).rejects.toMatchObject({ code: 'POLICY_UNREADABLE', file: 'broken.pdf' });
  });
});
