// 26号文 (M23-1): the developer shown before download must be 真实、准确. Held against two independent
// names: the signing certificate's subject (O=, CN=) and the operator the privacy policy names. Names are
// weak evidence (a parent company's key, a contractor, a store that signs, an English name against a Chinese
// one), so this never says more than that the names differ, and says nothing when they cannot be compared.
import type { Evidence } from '../report/types.ts';
import { defineRule } from './define-rule.ts';
import { certificateEvidence, certificateName, compareNames, listingEvidence, packageCertificates, signedByStore } from './lib/listing.ts';

export default defineRule({
  meta: {
    id: 'listing-developer-differs',
    title: { zh: '应用商店展示的开发者与安装包签名或隐私政策的运营者不一致', en: 'Store listing names another developer than the signer or the policy' },
    clauses: ['M23-1'],
    methods: ['manifest', 'policy'],
    severity: 'low',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '商店页面的开发者名称与签名证书主体（O=/CN=）或隐私政策所列运营者名称无任何共同之处。中文名称与英文证书主体无法自动比对，不作判断；商店自行签名（如 F-Droid）或证书主体无意义（Android Debug）时不比对证书。', en: 'The developer the listing names shares nothing with the signing certificate\'s subject (O=/CN=) or the operator the privacy policy names. A Chinese name is not compared with a Latin-letter subject; the certificate is not compared when the store signs (F-Droid) or names no one (Android Debug).' },
      rationale: 'Always `possible`: a certificate may be a parent company\'s, a contractor\'s or the store\'s. `low` when the policy\'s operator differs (the operator\'s own documents disagree), `info` when only the certificate does.',
    },
  },
  check(ctx) {
    const certs = packageCertificates(ctx.signing);
    const operator = ctx.policy?.operator.name ?? null;
    for (const { listing: l } of ctx.listings ?? []) {
      if (l.developer === undefined || l.developer.trim() === '') continue;
      const evidence: Evidence[] = [];
      const said: { zh: string; en: string }[] = [];
      const comparable = certs.filter((c) => !signedByStore(c, l.store) && compareNames(l.developer, certificateName(c)) !== 'generic');
      const verdicts = comparable.map((c) => compareNames(l.developer, certificateName(c)));
      if (comparable.length > 0 && verdicts.every((v) => v === 'different')) {
        evidence.push(...comparable.map((c) => certificateEvidence(c, ctx.signing)));
        const names = comparable.map((c) => certificateName(c)).join('; ');
        said.push({ zh: `签名证书主体为「${names}」`, en: `the signing certificate names "${names}"` });
      }
      const operatorDiffers = compareNames(l.developer, operator) === 'different';
      if (operatorDiffers && ctx.policy !== null) {
        const span = ctx.policy.operator.evidence[0];
        evidence.push({ kind: 'policy', excerpt: span?.sentence ?? operator!, ...(span !== undefined ? { start: span.start, end: span.end } : {}), source: ctx.policy.source });
        said.push({ zh: `隐私政策所列运营者为「${operator!}」`, en: `the privacy policy names the operator "${operator!}"` });
      }
      if (said.length === 0) continue;
      ctx.report({
        severity: operatorDiffers ? 'low' : 'info',
        confidence: 'possible',
        message: {
          zh: `应用商店「${l.store}」展示的开发者为「${l.developer}」，而${said.map((s) => s.zh).join('，')}，名称无共同之处。可能是关联公司、外包开发或代签名，需人工核实开发运营者信息是否真实准确。`,
          en: `The listing on ${l.store} names the developer "${l.developer}", while ${said.map((s) => s.en).join(' and ')}; the names share nothing. A parent company, a contractor or a signing service may explain it: check whether the developer shown is accurate.`,
        },
        evidence: [listingEvidence(l, 'developer', l.developer), ...evidence],
      });
    }
  },
});
