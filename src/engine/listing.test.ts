// Store listings held against real packages: the F-Droid repository of ../shared/corpus/fdroid (its
// index-v1.json gives real listings: versions, permissions, signers, digests), unaltered and with planted
// differences; two real apps with hand-written listings; policy URLs served by a real HTTP server on loopback.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIFFERENCE_RULES, fdroidListings, findingsFor, plants } from '../../eval/listing/planted.ts';
import { ROOT } from '../../test/helpers/paths.ts';
import { PiscopeError } from '../errors.ts';
import { openPackage } from '../package/open-package.ts';
import { fetchPolicy } from '../policy/fetch.ts';
import { packagePermissions } from '../rules/lib/listing.ts';
import { parseListings } from './listing-file.ts';
import { scan } from './scan.ts';
import { scanMany } from './scan-many.ts';

const FDROID = join(ROOT, '..', 'shared', 'corpus', 'fdroid', 'repo');
const REAL = join(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files');
const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'store-listing.schema.json'), 'utf8')) as object;

describe('listing files (--listing)', () => {
  const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  const good = { store: 'huawei', packageName: 'com.example.app', fetchedAt: '2026-12-07T10:00:00Z', permissions: ['android.permission.CAMERA'], signerSha256: ['A'.repeat(64)], versionCode: 3 };
  const bad: [string, unknown, RegExp][] = [
    ['no fetchedAt', { store: 'x', packageName: 'a.b' }, /fetchedAt is required/],
    ['a date that is not ISO', { ...good, fetchedAt: '07/12/2026' }, /not an ISO 8601/],
    ['an unknown key', { ...good, developper: 'x' }, /unknown key "developper"/],
    ['permissions as a string', { ...good, permissions: 'CAMERA' }, /permissions must be an array/],
    ['a short digest', { ...good, packageSha256: 'abc' }, /64 hex digits/],
    ['a package name without a dot', { ...good, packageName: 'app' }, /not a package name/],
    ['a javascript: policy URL', { ...good, privacyPolicyUrl: 'javascript:alert(1)' }, /http\(s\) URL/],
    ['an empty array', [], /empty array/],
    ['a fractional versionCode', { ...good, versionCode: 1.5 }, /whole number/],
  ];

  it('reads one listing or an array, digests in lower case; the schema accepts the same', () => {
    expect(parseListings(JSON.stringify(good), 'l.json')).toEqual([{ ...good, signerSha256: ['a'.repeat(64)] }]);
    expect(parseListings(JSON.stringify([good, { ...good, store: 'xiaomi' }]), 'l.json').map((l) => l.store)).toEqual(['huawei', 'xiaomi']);
    expect(validate(good)).toBe(true);
    expect(validate([good])).toBe(true);
    expect(validate(JSON.parse(readFileSync(join(ROOT, 'eval', 'listing', 'real-apps.json'), 'utf8')))).toBe(true);
  });

  for (const [name, doc, message] of bad) {
    it(`refuses ${name}, naming the file; so does the schema`, () => {
      expect(() => parseListings(JSON.stringify(doc), 'listings/huawei.json')).toThrow(message);
      try {
        parseListings(JSON.stringify(doc), 'listings/huawei.json');
      } catch (e) {
        expect(e).toBeInstanceOf(PiscopeError);
        expect((e as PiscopeError).file).toBe('listings/huawei.json');
        expect((e as PiscopeError).code).toBe('LISTING_INVALID');
      }
      expect(validate(doc)).toBe(false);
    });
  }

  it('refuses text that is not JSON', () => {
    expect(() => parseListings('{"store": ', 'l.json')).toThrow(/not JSON/);
  });
});

describe.skipIf(!existsSync(FDROID))('F-Droid listings against their packages (../shared/corpus/fdroid)', () => {
  const entries = existsSync(FDROID) ? fdroidListings(readFileSync(join(FDROID, 'index-v1.json'), 'utf8')) : [];

  it('reads every APK of the index (16; the OTA zip is no APK)', () => {
    expect(entries).toHaveLength(16);
  });

  for (const { apkName, listing } of entries) {
    it(`${apkName}: the real listing agrees; every planted difference is found`, async () => {
      const path = join(FDROID, apkName);
      const bytes = readFileSync(path);
      const pkg = openPackage(bytes, { path });
      const held = packagePermissions(pkg.manifest!);
      const planted = plants(listing, held.filter((p) => p.implied === null).map((p) => p.name), held.map((p) => p.name));
      const r = await scan({ path, bytes }, { listings: [listing, ...planted.map((p) => p.listing)] });
      // The real listing: no difference (F-Droid shows no privacy policy and, here, no author: store-side only).
      expect(findingsFor(r, listing.store).filter((f) => DIFFERENCE_RULES.has(f.ruleId)).map((f) => f.message.en)).toEqual([]);
      const storeSide = findingsFor(r, listing.store).filter((f) => f.ruleId === 'listing-info-missing');
      expect(storeSide).toHaveLength(1);
      expect(storeSide[0]).toMatchObject({ store: listing.store, confidence: 'possible', clauses: ['M164-4.1'] });
      expect(r.listings?.[0]).toMatchObject({ store: listing.store, url: listing.url, fetchedAt: listing.fetchedAt, policy: { status: 'none' } });
      for (const p of planted) {
        const got = findingsFor(r, p.listing.store).filter((f) => DIFFERENCE_RULES.has(f.ruleId)).map((f) => f.ruleId);
        // A certificate F-Droid made names F-Droid, not the developer: a planted developer cannot show there.
        const storeSigned = r.listings?.find((l) => l.store === p.listing.store)?.developer.certificateVerdict === 'signed-by-store';
        if (p.kind === 'change-developer' && storeSigned) expect(got, p.kind).toEqual([]);
        else expect(got, p.kind).toEqual([p.rule]);
      }
    });
  }

  it('blames the store only for store-side findings, and puts the store in the evidence', async () => {
    const e = entries.find((x) => x.apkName === 'com.politedroid_6.apk')!;
    const path = join(FDROID, e.apkName);
    const r = await scan({ path }, { listings: [{ ...e.listing, permissions: [], signerSha256: ['f'.repeat(64)] }] });
    const byRule = new Map(r.findings.filter((f) => f.ruleId.startsWith('listing-')).map((f) => [f.ruleId, f]));
    expect([...byRule.keys()].sort()).toEqual(['listing-info-missing', 'listing-permissions-undisclosed', 'listing-signer-differs']);
    expect(byRule.get('listing-permissions-undisclosed')!.store).toBeUndefined();
    expect(byRule.get('listing-permissions-undisclosed')).toMatchObject({ severity: 'medium', confidence: 'likely' });
    expect(byRule.get('listing-signer-differs')!.store).toBe(e.listing.store);
    for (const f of byRule.values()) expect(f.evidence.some((x) => x.kind === 'file' && x.store === e.listing.store && x.fetchedAt === e.listing.fetchedAt && x.path === e.listing.url)).toBe(true);
  });

  it('listings cross to batch workers (the platform stores them with the scan\'s options)', async () => {
    const [a, b] = [entries.find((x) => x.apkName === 'com.politedroid_6.apk')!, entries.find((x) => x.apkName === 'souch.smsbypass_9.apk')!];
    const results = await scanMany([join(FDROID, a.apkName), join(FDROID, b.apkName)], { listings: [{ ...a.listing, permissions: [] }, b.listing] }, { concurrency: 1 });
    const diffs = results.map((x) => ('report' in x ? x.report.findings.filter((f) => DIFFERENCE_RULES.has(f.ruleId)).map((f) => f.ruleId) : x.error.message));
    expect(diffs).toEqual([['listing-permissions-undisclosed'], []]);
  });

  it('a listing of another package is not compared, and says so', async () => {
    const [a, b] = [entries.find((x) => x.apkName === 'com.politedroid_6.apk')!, entries.find((x) => x.apkName === 'souch.smsbypass_9.apk')!];
    const r = await scan({ path: join(FDROID, a.apkName) }, { listings: [b.listing] });
    expect(r.findings.filter((f) => f.ruleId.startsWith('listing-'))).toEqual([]);
    expect(r.diagnostics?.some((d) => d.code === 'LISTING_OTHER_PACKAGE' && d.message.includes('souch.smsbypass'))).toBe(true);
  });
});

describe.skipIf(!existsSync(FDROID))('the listing\'s policy URL, served on loopback', () => {
  let server: Server;
  let base = '';
  const asked: string[] = [];
  const appPolicy = readFileSync(join(ROOT, 'fixtures', 'policies', 'full.html'));
  const otherPolicy = readFileSync(join(ROOT, 'fixtures', 'policies', 'rule-clean.html'));
  beforeAll(async () => {
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      const body = req.url === '/same.html' ? appPolicy : req.url === '/other.html' ? otherPolicy : null;
      if (body === null) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const entry = (): ReturnType<typeof fdroidListings>[number] => fdroidListings(readFileSync(join(FDROID, 'index-v1.json'), 'utf8')).find((x) => x.apkName === 'com.politedroid_6.apk')!;
  // The policy fetcher with its guard; loopback allowed for this test only (production cannot set it).
  const fetcher = async (url: string): Promise<{ bytes: Uint8Array; name: string }> => {
    const got = await fetchPolicy(url, { allowAddresses: ['127.0.0.1'] });
    return { bytes: got.bytes, name: 'policy.html' };
  };
  const policyFindings = async (file: string, fetch: boolean): Promise<{ rules: string[]; status: string | undefined; verdict: string | undefined }> => {
    const e = entry();
    const path = join(FDROID, e.apkName);
    const r = await scan({ path }, { policy: { bytes: appPolicy, name: 'privacy.html' }, listings: [{ ...e.listing, privacyPolicyUrl: `${base}/${file}` }], ...(fetch ? { fetchPolicy: fetcher } : {}) });
    return { rules: r.findings.filter((f) => f.ruleId === 'listing-policy-differs').map((f) => `${f.severity}/${f.confidence}`), status: r.listings?.[0]?.policy.status, verdict: r.listings?.[0]?.policy.comparison?.verdict };
  };

  it('without fetching allowed, nothing is fetched', async () => {
    const before = asked.length;
    expect(await policyFindings('other.html', false)).toEqual({ rules: [], status: 'not-fetched', verdict: undefined });
    expect(asked.length).toBe(before);
  });
  it('the same policy as the app\'s: no finding', async () => {
    expect(await policyFindings('same.html', true)).toEqual({ rules: [], status: 'fetched', verdict: 'same' });
  });
  it('another policy: a finding', async () => {
    expect(await policyFindings('other.html', true)).toEqual({ rules: ['low/likely'], status: 'fetched', verdict: 'different' });
  });
  it('a link that does not open: a possible finding', async () => {
    expect(await policyFindings('gone.html', true)).toEqual({ rules: ['low/possible'], status: 'unreachable', verdict: undefined });
  });
  it('the guard holds: without the test allowance a loopback URL is refused, not fetched', async () => {
    const e = entry();
    const before = asked.length;
    const r = await scan({ path: join(FDROID, e.apkName) }, { listings: [{ ...e.listing, privacyPolicyUrl: `${base}/same.html` }], fetchPolicy: async (url) => ({ bytes: (await fetchPolicy(url)).bytes, name: 'p.html' }) });
    expect(r.listings?.[0]?.policy).toMatchObject({ status: 'unreachable', error: expect.stringMatching(/loopback/) as unknown });
    expect(asked.length).toBe(before);
  });
});

describe.skipIf(!existsSync(REAL))('real apps with hand-written listings (../shared/corpus/real-apps)', () => {
  const listings = existsSync(REAL) ? parseListings(readFileSync(join(ROOT, 'eval', 'listing', 'real-apps.json'), 'utf8'), 'real-apps.json') : [];
  for (const [file, pkgName] of [['lightwindow.apk', 'com.qingcheng.lightwindow'], ['yuekuan.apk', 'm.fasion.ai']] as const) {
    it(`${file}: the listing written from aapt and apksigner agrees; a dropped permission is found`, async () => {
      const l = listings.find((x) => x.packageName === pkgName)!;
      const path = join(REAL, file);
      const r = await scan({ path }, { listings: [l, { ...l, store: 'planted', permissions: l.permissions!.slice(1) }] });
      expect(findingsFor(r, l.store).filter((f) => DIFFERENCE_RULES.has(f.ruleId))).toEqual([]);
      const planted = findingsFor(r, 'planted').filter((f) => DIFFERENCE_RULES.has(f.ruleId));
      expect(planted.map((f) => f.ruleId)).toEqual(['listing-permissions-undisclosed']);
      expect(planted[0]!.message.en).toContain(l.permissions![0]!.replace('android.permission.', ''));
    });
  }
});
