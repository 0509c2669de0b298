// 26号文 (M23-1): whoever recommends a download shows the permission list 真实、准确、完整. A permission the
// package holds that its store listing does not show was not disclosed to the user before installing.
import { permissionByName } from '../knowledge/index.ts';
import type { Evidence } from '../report/types.ts';
import { defineRule } from './define-rule.ts';
import { listingEvidence, listingVersion, packagePermissions } from './lib/listing.ts';

export default defineRule({
  meta: {
    id: 'listing-permissions-undisclosed',
    title: { zh: '应用商店展示的权限列表缺少安装包申请的权限', en: 'Store listing omits permissions the package requests' },
    clauses: ['M23-1'],
    methods: ['manifest'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '安装包（AndroidManifest 的 uses-permission）申请了商店页面权限列表未列出的权限，用户下载前未被告知。', en: 'The package requests (uses-permission) permissions the store listing does not show, so the user was not told before downloading.' },
      rationale: 'The app operator supplies what the store shows, so the finding is the app\'s; the store and the time the listing was read are in the evidence. Permissions Android only implies (aapt\'s uses-implied-permission) are neither required nor extra: stores differ on them; vendor and app-defined permissions (launcher badges, push) need not be listed. `medium` when a dangerous permission is missing, else `low`; `likely` when the listing is of the same version, `possible` when it describes another version (the lists may differ because the versions do).',
    },
  },
  check(ctx) {
    const m = ctx.manifest;
    if (m === null) return;
    // Only what the manifest requests: stores differ on what the platform implies (aapt and F-Droid list
    // READ_EXTERNAL_STORAGE for a <uses-permission> WRITE_EXTERNAL_STORAGE, not for a -sdk-23 one), and an
    // implied permission is not one the operator asked for.
    // Vendor and app-defined permissions (launcher badges, push C2D_MESSAGE) are not what stores list or users
    // are asked for; only Android's own (and those the catalogue knows) must be shown.
    const held = packagePermissions(m).filter((p) => p.implied === null && (p.name.startsWith('android.permission.') || permissionByName(p.name) !== undefined));
    for (const { listing: l } of ctx.listings ?? []) {
      if (l.permissions === undefined) continue;
      const listed = new Set(l.permissions);
      const missing = held.filter((p) => !listed.has(p.name));
      if (missing.length === 0) continue;
      const dangerous = missing.filter((p) => permissionByName(p.name)?.dangerous === true);
      const otherVersion = (l.versionCode !== undefined && m.versionCode !== null && l.versionCode !== m.versionCode) || (l.versionCode === undefined && l.versionName !== undefined && m.versionName !== null && l.versionName !== m.versionName);
      const names = missing.map((p) => p.name.replace(/^android\.permission\./u, '')).join(', ');
      const namesZh = missing.map((p) => permissionByName(p.name)?.zh ?? p.name.replace(/^android\.permission\./u, '')).join('、');
      const version = otherVersion ? { zh: `（商店页面为 ${listingVersion(l)} 版本，安装包为 ${m.versionName ?? '?'} (${m.versionCode ?? '?'})，差异可能来自版本不同）`, en: ` (the listing is of version ${listingVersion(l)}, the package is ${m.versionName ?? '?'} (${m.versionCode ?? '?'}); the versions may explain it)` } : { zh: '', en: '' };
      const evidence: Evidence[] = [
        listingEvidence(l, 'permissions', l.permissions.length === 0 ? '(none)' : l.permissions.join(', ')),
        ...missing.slice(0, 12).map((p): Evidence => ({ kind: 'manifest', element: 'uses-permission', attribute: 'android:name', value: p.name, line: p.line })),
      ];
      ctx.report({
        severity: dangerous.length > 0 ? 'medium' : 'low',
        confidence: otherVersion ? 'possible' : 'likely',
        message: {
          zh: `应用商店「${l.store}」展示的权限列表未列出安装包申请的 ${missing.length} 项权限：${namesZh}${version.zh}。`,
          en: `The listing on ${l.store} does not show ${missing.length} permission(s) the package holds: ${names}${version.en}.`,
        },
        evidence,
      });
    }
  },
});
