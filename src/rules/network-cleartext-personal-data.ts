// SEC-1 (个人信息保护法 第五十一条): a network capture shows personal information sent over plain HTTP, readable by
// anyone on the path. A value the device returned (the trace's, or given) found in the request is proof; a
// value only shaped like one (a 15-digit Luhn number in a field named imei) is possible.
import { defineRule } from './define-rule.ts';
import { groupBy, hitsConfidence, networkEvidence, networkMethods, typeNames, typesOf } from './lib/network.ts';
import { ownerLabel } from '../runtime/network/hosts.ts';

export default defineRule({
  meta: {
    id: 'network-cleartext-personal-data',
    title: { zh: '抓包显示以明文（HTTP）传输个人信息', en: 'Personal information sent over plain HTTP, as captured' },
    clauses: ['SEC-1'],
    methods: ['network'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: {
        zh: '网络抓包（--har，HAR 或 pcap）中，明文 http:// 请求携带个人信息：设备返回的值（来自运行记录的返回值或实验室给出的值，按摘要比对，含其 MD5/SHA-1/SHA-256 形式），或字段名与取值形态均符合的个人信息。',
        en: 'A network capture (--har: HAR or pcap) shows a plain http:// request carrying personal information: a value the device returned (from the trace\'s return values or given by the lab, compared by digest, also as its MD5/SHA-1/SHA-256), or a value whose field name and shape both say what it is.',
      },
      rationale: '`confirmed` when a value the device returned is found in the request (the request, the field and the masked value are the evidence; a person can hash the value on the phone and compare); `possible` (`likely` for a long app list under a telling name) when only the shape of a value matches, since a 15-digit number under `imei` may be a test value. Medium at most: a capture is evidence of one run, not of the package.',
    },
  },
  check(ctx) {
    const net = ctx.network;
    if (net === undefined) return;
    const clear = net.transfers.filter((t) => t.request.scheme === 'http');
    for (const transfers of groupBy(clear, (t) => t.request.host).values()) {
      const hits = transfers.flatMap((t) => t.hits);
      const types = typesOf(hits);
      const confidence = hitsConfidence(hits);
      const first = transfers[0]!;
      const who = ownerLabel(first.owner);
      const names = typeNames(types);
      ctx.report({
        severity: confidence === 'confirmed' ? 'medium' : 'low',
        confidence,
        methods: networkMethods(hits),
        dataTypes: types,
        ...(first.owner.kind === 'sdk' ? { sdk: first.owner.sdk } : {}),
        message: {
          zh: `${transfers.length} 个明文 HTTP 请求发往 ${first.request.host}（${who.zh}），携带「${names.zh}」${confidence === 'confirmed' ? '（与设备返回值一致）' : '（仅字段名与取值形态相符）'}；首个请求：${first.request.file} ${first.request.where}。`,
          en: `${transfers.length} plain-HTTP request(s) to ${first.request.host} (${who.en}) carry ${names.en}${confidence === 'confirmed' ? ' (the values the device returned)' : ' (only the field names and value shapes match)'}; first: ${first.request.file} ${first.request.where}.`,
        },
        evidence: transfers.slice(0, 3).map((t) => networkEvidence(t, t.hits)),
        runtimeCheck: { zh: '在该接口改用 HTTPS 后重新抓包，确认个人信息不再以明文出现。', en: 'Capture again after the endpoint moves to HTTPS: the values must no longer appear in clear.' },
      });
    }
  },
});
