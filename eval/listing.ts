// The listing checks measured: planted differences found / planted, and false differences on unaltered real
// listings (the F-Droid repository of ../shared/corpus/fdroid, two real apps of ../shared/corpus/real-apps
// with hand-written listings). Policy URLs are served by a real HTTP server on loopback. Writes eval/LISTING.md.
// Run: node eval/listing.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { scan } from '../src/engine/index.ts';
import { parseListings } from '../src/engine/listing-file.ts';
import { openPackage } from '../src/package/open-package.ts';
import type { StoreListing } from '../src/package/store-listing.ts';
import { fetchPolicy } from '../src/policy/fetch.ts';
import { packagePermissions } from '../src/rules/lib/listing.ts';
import { DIFFERENCE_RULES, fdroidListings, findingsFor, plants, type Plant } from './listing/planted.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FDROID = join(ROOT, '..', 'shared', 'corpus', 'fdroid', 'repo');
const REAL = join(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files');
if (!existsSync(FDROID)) {
  console.error(`eval/listing: ${FDROID} is absent; nothing measured`);
  process.exit(2);
}

interface Tally { planted: number; found: number; missed: string[]; extra: string[] }
const byKind = new Map<string, Tally>();
const tally = (k: string): Tally => byKind.get(k) ?? byKind.set(k, { planted: 0, found: 0, missed: [], extra: [] }).get(k)!;
const unaltered: { source: string; file: string; differences: string[]; storeSide: string[]; implied: string[] }[] = [];

async function measure(source: string, path: string, listing: StoreListing, options: Parameters<typeof scan>[1] = {}): Promise<void> {
  const bytes = readFileSync(path);
  const pkg = openPackage(bytes, { path });
  const held = packagePermissions(pkg.manifest!);
  const requested = held.filter((p) => p.implied === null).map((p) => p.name);
  const planted: Plant[] = plants(listing, requested, held.map((p) => p.name));
  const r = await scan({ path, bytes }, { ...options, listings: [listing, ...planted.map((p) => p.listing)] });
  const file = path.split('/').pop()!;
  const mine = findingsFor(r, listing.store);
  // Listed permissions the manifest does not request but Android implies: differences only without the knowledge.
  const implied = (listing.permissions ?? []).filter((p) => !requested.includes(p) && held.some((h) => h.name === p));
  unaltered.push({ source, file, differences: mine.filter((f) => DIFFERENCE_RULES.has(f.ruleId)).map((f) => `${f.ruleId}: ${f.message.en}`), storeSide: mine.filter((f) => !DIFFERENCE_RULES.has(f.ruleId)).map((f) => f.message.en), implied });
  for (const p of planted) {
    const t = tally(p.kind);
    t.planted++;
    const got = findingsFor(r, p.listing.store).filter((f) => DIFFERENCE_RULES.has(f.ruleId)).map((f) => f.ruleId);
    if (got.includes(p.rule)) t.found++;
    else t.missed.push(`${file} (certificate: ${r.listings?.find((l) => l.store === p.listing.store)?.developer.certificateVerdict ?? '?'})`);
    for (const g of got) if (g !== p.rule) t.extra.push(`${file}: ${g}`);
  }
}

const index = readFileSync(join(FDROID, 'index-v1.json'), 'utf8');
for (const { apkName, listing } of fdroidListings(index)) await measure('F-Droid index-v1', join(FDROID, apkName), listing);
const hand = parseListings(readFileSync(join(ROOT, 'eval', 'listing', 'real-apps.json'), 'utf8'), 'eval/listing/real-apps.json');
const realFiles: Record<string, string> = { 'com.qingcheng.lightwindow': 'lightwindow.apk', 'm.fasion.ai': 'yuekuan.apk' };
if (existsSync(REAL)) for (const l of hand) await measure('hand-written (aapt, apksigner)', join(REAL, realFiles[l.packageName]!), l);

// The policy URL: the app's policy given, the listing's served on loopback (the fetch guard's test allowance).
const appPolicy = readFileSync(join(ROOT, 'fixtures', 'policies', 'full.html'));
const pages: Record<string, Buffer> = { '/same.html': appPolicy, '/other.html': readFileSync(join(ROOT, 'fixtures', 'policies', 'rule-clean.html')) };
const server = createServer((req, res) => {
  const body = pages[req.url ?? ''];
  if (body === undefined) res.writeHead(404).end('not found');
  else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const fetcher = async (url: string): Promise<{ bytes: Uint8Array; name: string }> => ({ bytes: (await fetchPolicy(url, { allowAddresses: ['127.0.0.1'] })).bytes, name: 'policy.html' });
const policyRows: string[] = [];
const polite = fdroidListings(index).find((e) => e.apkName === 'com.politedroid_6.apk')!;
for (const [page, expect] of [['same.html', false], ['other.html', true], ['gone.html', true]] as const) {
  const r = await scan({ path: join(FDROID, polite.apkName) }, { policy: { bytes: appPolicy, name: 'privacy.html' }, fetchPolicy: fetcher, listings: [{ ...polite.listing, privacyPolicyUrl: `${base}/${page}` }] });
  const f = r.findings.filter((x) => x.ruleId === 'listing-policy-differs');
  const p = r.listings![0]!.policy;
  const t = tally(expect ? 'policy-differs' : 'policy-same (control)');
  t.planted++;
  if (expect === f.length > 0) t.found++;
  else t.missed.push(page);
  policyRows.push(`| ${page} | ${p.status} | ${p.comparison === undefined || p.comparison === null ? '-' : `${p.comparison.verdict} (Jaccard ${p.comparison.jaccard}, containment ${p.comparison.containment})`} | ${f.map((x) => `${x.severity}/${x.confidence}`).join(', ') || 'none'} |`);
}
server.close();

const planted = [...byKind.entries()].filter(([k]) => !k.includes('control'));
const sum = (f: (t: Tally) => number): number => planted.reduce((n, [, t]) => n + f(t), 0);
const falseDiffs = unaltered.reduce((n, u) => n + u.differences.length, 0);
const lines = [
  '# Store listing against the package: planted differences and false differences',
  '',
  'Command: `node eval/listing.ts` (writes this file; about half a minute). Listings: one per APK of the real F-Droid',
  'repository `../shared/corpus/fdroid/repo/index-v1.json` (permissions, versionName/versionCode, signer, sha256 as the',
  'index gives them; built by `eval/listing/planted.ts`, not by a connector), and two hand-written listings of real apps',
  '(`eval/listing/real-apps.json`, written from `aapt dump badging` and `apksigner verify --print-certs`). Each planted',
  'difference is the real listing altered one way, scanned beside it under its own store id.',
  '',
  `**Planted differences found: ${sum((t) => t.found)} / ${sum((t) => t.planted)}.** Other difference findings on a planted listing: ${sum((t) => t.extra.length)}.`,
  `**False differences on the ${unaltered.length} unaltered real listings: ${falseDiffs}.**`,
  '',
  '| planted difference | expected rule | planted | found | missed (why) | other findings |',
  '|---|---|---|---|---|---|',
  ...[...byKind.entries()].map(([k, t]) => `| ${k} | ${k.startsWith('policy') ? 'listing-policy-differs' : (plants({ store: 's', packageName: 'a.b', fetchedAt: '', permissions: ['p'], packageSha256: 'x' }, ['p'], ['p']).find((p) => p.kind === k)?.rule ?? '')} | ${t.planted} | ${t.found} | ${t.missed.join('; ') || '-'} | ${t.extra.join('; ') || '-'} |`),
  '',
  'A planted developer ("Acme Widgets Ltd") cannot show against a certificate whose subject names the store',
  '(`signed-by-store`: F-Droid\'s own key `O=fdroid.org, CN=FDroid` and the F-Droid team\'s keys `OU=F-Droid`) or names',
  'no one; those misses are by design: the certificate then says nothing about the developer.',
  '',
  '## Unaltered listings',
  '',
  '| source | file | differences | store-side findings | listed permissions only implied by Android |',
  '|---|---|---|---|---|',
  ...unaltered.map((u) => `| ${u.source} | ${u.file} | ${u.differences.join('; ') || 0} | ${u.storeSide.join('; ') || '-'} | ${u.implied.map((p) => p.replace('android.permission.', '')).join(', ') || '-'} |`),
  '',
  `Listed permissions that the manifest does not request: ${unaltered.reduce((n, u) => n + u.implied.length, 0)}, all implied by Android (aapt's`,
  '`uses-implied-permission`: `targetSdkVersion < 4` implies WRITE_EXTERNAL_STORAGE and READ_PHONE_STATE, and',
  'WRITE_EXTERNAL_STORAGE implies READ_EXTERNAL_STORAGE; `src/knowledge/implied-permissions.json`). F-Droid lists them',
  'because its index is made from aapt\'s output; without that knowledge each would be a false "listed, not requested".',
  'One real listing omits an implied one: obb.main.oldversion requests WRITE_EXTERNAL_STORAGE as `uses-permission-sdk-23`,',
  'for which aapt (and so F-Droid) implies nothing though Android\'s split permissions grant READ_EXTERNAL_STORAGE; so',
  'a permission Android only implies is never required in a listing.',
  '',
  'The store-side finding on every F-Droid listing (`listing-info-missing`, 164号文 4.1, `possible`) is true of this',
  'index: F-Droid has no privacy-policy field and these entries have no `authorName`. It names the store, not the app.',
  '',
  '## Policy URL (app policy given: fixtures/policies/full.html; listing\'s served on 127.0.0.1)',
  '',
  '| page | status | comparison | finding |',
  '|---|---|---|---|',
  ...policyRows,
  '',
];
writeFileSync(join(ROOT, 'eval', 'LISTING.md'), lines.join('\n'));
console.log(lines.slice(8, 10).join('\n'));
