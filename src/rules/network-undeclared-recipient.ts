// 164号文 1.3 场景1, 认定方法 五.1, SDK-1: a capture shows personal information sent to a third party (a host of an
// SDK or its vendor, by the SDK catalogue's domains) that the privacy policy does not name.
import { defineRule } from './define-rule.ts';
import { missingEvidence } from './lib/evidence.ts';
import { groupBy, networkEvidence, networkMethods, recipientKey, typeNames, typesOf } from './lib/network.ts';
import { completePolicy, usablePolicy } from './lib/policy.ts';
import { sdkById } from '../knowledge/index.ts';
import type { Confidence } from '../report/types.ts';
import type { PolicyAnalysis } from '../policy/types.ts';
import { isThirdParty, ownerLabel, sdksOfDomain, type HostOwner } from '../runtime/network/hosts.ts';

function norm(s: string): string {
  return s.toLowerCase().replace(/[\s_\-+·.（）()]/gu, '').replace(/sdk$/u, '');
}

/**
 * Whether the policy names the recipient: the company behind the host, so any SDK of the catalogue that uses
 * the domain (by table, name, alias or package) or its vendor's name.
 */
function named(p: PolicyAnalysis, o: Extract<HostOwner, { kind: 'sdk' | 'vendor' }>): boolean {
  const ids = [...new Set([...(o.kind === 'sdk' ? [o.sdk] : o.sdks), ...sdksOfDomain(o.domain)])];
  const text = norm(p.text);
  for (const id of ids) {
    if (p.declaredSdks.includes(id) || p.sdkDisclosures.some((d) => d.sdkId === id)) return true;
    const s = sdkById(id);
    if (s === undefined) continue;
    const names = [s.name, s.nameZh, s.vendor, s.vendorZh ?? '', ...s.aliases].map(norm).filter((n) => n.length >= 2);
    if (names.some((n) => text.includes(n)) || s.packages.some((px) => p.text.includes(px))) return true;
    if (p.sdkDisclosures.some((d) => { const n = norm(d.name); return n.length >= 2 && names.some((m) => n.includes(m) || m.includes(n)); })) return true;
  }
  return o.vendor.split(' / ').map(norm).some((n) => n.length >= 2 && text.includes(n));
}

export default defineRule({
  meta: {
    id: 'network-undeclared-recipient',
    title: { zh: '抓包显示向隐私政策未列明的第三方发送个人信息', en: 'Personal information sent to a third party the policy does not name, as captured' },
    clauses: ['M164-1.3-S1', 'RD-5.1', 'SDK-1'],
    methods: ['network', 'policy'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: {
        zh: '网络抓包中携带个人信息的请求发往第三方（按 SDK 目录的域名归属到某 SDK 或其厂商），而隐私政策（含 SDK 清单）未提及该 SDK、其别名、包名或厂商。未能归属的服务器不被视为第三方。',
        en: 'A captured request carrying personal information goes to a third party (a host the SDK catalogue\'s domains attribute to an SDK or its vendor), and the policy (with its SDK list) names neither the SDK, its aliases, its packages nor its vendor. A host of no identified owner is never called a third party.',
      },
      rationale: 'That the value left for that host is proven when it is a value the device returned; that the policy does not name the recipient rests on reading the policy, so `likely` with a complete policy and `possible` with a short one or when only a value\'s shape matched. Medium at most: evidence of one run.',
    },
  },
  check(ctx) {
    const net = ctx.network;
    const p = ctx.policy;
    if (net === undefined || !usablePolicy(p)) return;
    const third = net.transfers.filter((t) => isThirdParty(t.owner));
    for (const transfers of groupBy(third, recipientKey).values()) {
      const first = transfers[0]!;
      const owner = first.owner;
      if (!isThirdParty(owner) || named(p, owner)) continue;
      const hits = transfers.flatMap((t) => t.hits);
      const types = typesOf(hits);
      const proven = hits.some((h) => h.basis === 'value');
      const confidence: Confidence = proven && completePolicy(p) ? 'likely' : 'possible';
      const who = ownerLabel(owner);
      const names = typeNames(types);
      ctx.report({
        severity: proven ? 'medium' : 'low',
        confidence,
        methods: [...networkMethods(hits), 'policy'],
        dataTypes: types,
        ...(owner.kind === 'sdk' ? { sdk: owner.sdk } : {}),
        message: {
          zh: `${transfers.length} 个请求将「${names.zh}」发往 ${who.zh} 的服务器 ${first.request.host}，隐私政策未提及该第三方${owner.kind === 'sdk' && !owner.inPackage ? '（安装包中未识别到该 SDK，可能经其他 SDK 或服务端接入）' : ''}。`,
          en: `${transfers.length} request(s) sent ${names.en} to ${first.request.host}, a server of ${who.en}, which the policy does not name${owner.kind === 'sdk' && !owner.inPackage ? ' (the SDK was not identified in the package: it may come through another SDK)' : ''}.`,
        },
        evidence: [...transfers.slice(0, 3).map((t) => networkEvidence(t, t.hits)), missingEvidence(p, `${who.en} / ${owner.kind === 'sdk' ? owner.sdk : owner.sdks.join(', ')} / ${owner.domain}`)],
      });
    }
  },
});
