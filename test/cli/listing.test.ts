// `piscope scan app.apk --listing listing.json` on a real F-Droid package (../shared/corpus/fdroid) with its
// real listing from the repository's index: the report carries the listing and its findings, assertValidReport
// holds, and a bad listing file is refused naming the file and the field. Skipped without ../shared.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fdroidListings } from '../../eval/listing/planted.ts';
import { assertValidReport } from '../../src/report/testing/validate.ts';
import type { Report } from '../../src/report/types.ts';
import { ROOT } from '../helpers/paths.ts';
import { run } from './capture.ts';

const FDROID = join(ROOT, '..', 'shared', 'corpus', 'fdroid', 'repo');
const tmp = mkdtempSync(join(tmpdir(), 'piscope-listing-'));

describe.skipIf(!existsSync(FDROID))('piscope scan --listing', () => {
  const entry = (): ReturnType<typeof fdroidListings>[number] => fdroidListings(readFileSync(join(FDROID, 'index-v1.json'), 'utf8')).find((e) => e.apkName === 'souch.smsbypass_9.apk')!;

  it('holds the listing against the package: a dropped permission is a finding with the store in the evidence', async () => {
    const { apkName, listing } = entry();
    const file = join(tmp, 'fdroid.json');
    writeFileSync(file, JSON.stringify([listing, { ...listing, store: 'dropped', permissions: listing.permissions!.filter((p) => !p.endsWith('SEND_SMS')) }]));
    const r = await run(['scan', join(FDROID, apkName), '--listing', file, '--format', 'json', '--fail-on', 'never', '-q']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    assertValidReport(report);
    expect(report.listings?.map((l) => l.store)).toEqual([listing.store, 'dropped']);
    const f = report.findings.filter((x) => x.ruleId === 'listing-permissions-undisclosed');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'medium', confidence: 'likely', clauses: ['M23-1'] });
    expect(f[0]!.message.en).toContain('SEND_SMS');
    expect(f[0]!.evidence[0]).toMatchObject({ kind: 'file', store: 'dropped', fetchedAt: listing.fetchedAt, path: listing.url });
  });

  it('refuses a bad listing file before scanning, naming it and the field', async () => {
    const { apkName, listing } = entry();
    const file = join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...listing, versionCode: '9' }));
    const r = await run(['scan', join(FDROID, apkName), '--listing', file, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`piscope: ${file}: store-listing: the listing.versionCode must be a whole number (see docs/store-listing.schema.json) [LISTING_INVALID]\n`);
  });

  it('refuses --listing in a batch: a listing belongs to one app', async () => {
    const file = join(tmp, 'one.json');
    writeFileSync(file, JSON.stringify(entry().listing));
    const r = await run(['scan', FDROID, '--listing', file, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--listing belongs to one app');
  });
});
