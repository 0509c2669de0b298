// The listing describes another build than the package: another version, or another file. Which is stale
// (the store's page or the copy examined) the comparison cannot tell, so it is information that the store's
// listing and the package part ways (164号文 4.2: stale listings are the platform's management duty).
import type { Evidence } from '../report/types.ts';
import { defineRule } from './define-rule.ts';
import { listingEvidence, listingVersion } from './lib/listing.ts';

export default defineRule({
  meta: {
    id: 'listing-version-differs',
    title: { zh: '应用商店展示的版本与安装包不一致', en: 'Store listing is of another version or file' },
    clauses: ['M164-4.2'],
    methods: ['manifest'],
    severity: 'info',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '商店页面的版本号（versionName/versionCode）或文件摘要（SHA-256）与被检安装包不同：本报告的结论未必适用于商店当前分发的版本。', en: 'The listing\'s version (versionName/versionCode) or file digest (SHA-256) differs from the package examined: this report\'s findings may not hold for what the store now distributes.' },
      rationale: 'Names the store (a stale listing is its duty under 164号文 4.2) but only as `info`, `possible`: the copy examined may be the older one.',
    },
  },
  check(ctx) {
    const m = ctx.manifest;
    if (m === null) return;
    for (const { listing: l } of ctx.listings ?? []) {
      const code = l.versionCode !== undefined && m.versionCode !== null && l.versionCode !== m.versionCode;
      const name = l.versionName !== undefined && m.versionName !== null && l.versionName !== m.versionName;
      const file = l.packageSha256 !== undefined && ctx.packageSha256 !== undefined && l.packageSha256.toLowerCase() !== ctx.packageSha256.toLowerCase();
      if (!code && !name && !file) continue;
      const pkgVersion = `${m.versionName ?? '?'} (${m.versionCode ?? '?'})`;
      const evidence: Evidence[] = [];
      if (code || name) {
        evidence.push(listingEvidence(l, 'version', listingVersion(l)), { kind: 'manifest', element: 'manifest', attribute: code ? 'android:versionCode' : 'android:versionName', value: code ? String(m.versionCode) : (m.versionName ?? '') });
      }
      if (file) evidence.push(listingEvidence(l, 'packageSha256', l.packageSha256), { kind: 'file', path: '(package)', sha256: ctx.packageSha256, detail: 'sha256 of the package examined' });
      const what = code || name
        ? { zh: `商店页面为 ${listingVersion(l)} 版本，安装包为 ${pkgVersion}`, en: `the listing is of version ${listingVersion(l)}, the package is ${pkgVersion}` }
        : { zh: '版本相同但文件摘要不同（重新构建或重新签名的副本）', en: 'the same version but another file (a rebuild or a re-signed copy)' };
      ctx.report({
        severity: 'info',
        confidence: 'possible',
        message: {
          zh: `应用商店「${l.store}」的页面与被检安装包不一致：${what.zh}。本报告的结论未必适用于商店分发的版本。`,
          en: `The listing on ${l.store} does not describe the package examined: ${what.en}. This report's findings may not hold for what the store distributes.`,
        },
        evidence,
        store: l.store,
      });
    }
  },
});
