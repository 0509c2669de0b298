// The store names the signing certificates of the app; the package is signed by none of them. Either this
// copy is not what the store distributes (repackaged, or from another channel), or the store's listing is
// wrong. When the store's own digest names this very file, it is the store's listing that is inconsistent.
import { defineRule } from './define-rule.ts';
import { certificateEvidence, listingEvidence, packageCertificates } from './lib/listing.ts';

export default defineRule({
  meta: {
    id: 'listing-signer-differs',
    title: { zh: '安装包签名证书与应用商店登记的签名不符', en: 'Package signer is not the one the store names' },
    clauses: ['M164-4.2'],
    methods: ['manifest'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '商店登记了该应用的签名证书（SHA-256），被检安装包的签名证书不在其中：可能是被重打包或来自其他渠道的安装包，也可能是商店登记信息有误。', en: 'The store names the app\'s signing certificates (SHA-256) and the package\'s certificate is not among them: a repackaged copy or one from another channel, or a wrong listing.' },
      rationale: 'Names the store (164号文 4.2: listing review and accurate developer information). `medium`, `likely` when the listing\'s own file digest is this package\'s (the store serves this file under another signer); otherwise `info`, `possible`, since the copy may simply not come from this store.',
    },
  },
  check(ctx) {
    const certs = packageCertificates(ctx.signing);
    if (certs.length === 0) return;
    for (const { listing: l } of ctx.listings ?? []) {
      if (l.signerSha256 === undefined || l.signerSha256.length === 0) continue;
      const named = new Set(l.signerSha256.map((s) => s.toLowerCase().replace(/:/gu, '')));
      if (certs.some((c) => named.has(c.sha256.toLowerCase()))) continue;
      const thisFile = l.packageSha256 !== undefined && ctx.packageSha256 !== undefined && l.packageSha256.toLowerCase() === ctx.packageSha256.toLowerCase();
      ctx.report({
        severity: thisFile ? 'medium' : 'info',
        confidence: thisFile ? 'likely' : 'possible',
        message: thisFile
          ? { zh: `应用商店「${l.store}」登记的签名证书与其分发的该安装包的签名证书不符，商店登记信息有误。`, en: `The listing on ${l.store} names signing certificates other than the one that signs the very file it lists.` }
          : { zh: `被检安装包的签名证书不是应用商店「${l.store}」为该应用登记的证书：可能是重打包或来自其他渠道的安装包，也可能是商店登记有误；请核实安装包来源。`, en: `The package is signed by a certificate ${l.store} does not name for this app: a repackaged copy or one from another channel, or a wrong listing. Check where the package came from.` },
        evidence: [listingEvidence(l, 'signerSha256', [...named].join(', ')), ...certs.map((c) => certificateEvidence(c, ctx.signing))],
        store: l.store,
      });
    }
  },
});
