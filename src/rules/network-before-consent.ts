// 认定方法 三.1/三.2/五.1, 164号文 1.1: a capture shows personal information sent while the recorded session had
// no consent yet (or after a refusal). The request's time is the capture's clock, the consent answer the
// phone's: two clocks, so the side is never `confirmed` and a request near the answer is not judged.
import { defineRule } from './define-rule.ts';
import { PRE_CONSENT_DATA_TYPES } from './lib/data-types.ts';
import { clockSure, groupBy, networkEvidence, networkMethods, recipientKey, typeNames, typesOf } from './lib/network.ts';
import type { Confidence } from '../report/types.ts';
import { isThirdParty, ownerLabel } from '../runtime/network/hosts.ts';

export default defineRule({
  meta: {
    id: 'network-before-consent',
    title: { zh: '抓包显示征得同意前发送个人信息', en: 'Personal information sent before consent, as captured' },
    clauses: ['RD-3.1', 'M164-1.1-S2'],
    mayCite: ['RD-3.2', 'RD-5.1', 'SDK-2', 'M164-1.1-S5'],
    methods: ['network'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: {
        zh: '网络抓包与带同意标记的运行记录一同给出时：请求时间早于该次运行中用户对隐私弹窗作出选择的时间（或晚于拒绝，或该次运行中用户始终未作选择），且请求携带个人信息。接收方为第三方（按域名归属到 SDK 或其厂商）时引用认定方法 五.1。',
        en: 'With a capture and a trace whose session marks the consent answer: a request carrying personal information was sent before the user answered the privacy dialog (or after a refusal, or in a run where the dialog was never answered). When the host belongs to a third party (an SDK or its vendor, by domain), 认定方法 五.1 is cited too.',
      },
      rationale: 'The request is stamped by the capturing machine and the consent answer by the phone: two clocks. Requests within 2 s of the answer are not judged; `likely` when the request is at least 10 s from the answer and carries a value the device returned, else `possible`; never `confirmed`. A session whose recorder marks consent and saw no answer (the dialog left open) is before consent up to its last recorded event: the same 2 s and 10 s are measured to that end, since an answer could have come after the recording stopped. Without a trace whose recorder marks consent, nothing is before consent. Medium at most: evidence of one run.',
    },
  },
  check(ctx) {
    const net = ctx.network;
    if (net === undefined) return;
    const early = net.transfers.filter((t) => t.consent !== null && (t.consent.side === 'before' || (t.consent.answer === 'refused' && t.consent.side === 'after')));
    for (const transfers of groupBy(early, recipientKey).values()) {
      const kept = transfers.map((t) => ({ t, hits: t.hits.filter((h) => PRE_CONSENT_DATA_TYPES.has(h.dataType)) })).filter((x) => x.hits.length > 0);
      if (kept.length === 0) continue;
      const hits = kept.flatMap((x) => x.hits);
      const types = typesOf(hits);
      const first = kept[0]!.t;
      const refused = first.consent!.answer === 'refused' && first.consent!.side === 'after';
      const unanswered = kept.every((x) => x.t.consent!.answer === null);
      const sure = kept.some((x) => x.hits.some((h) => h.basis === 'value') && clockSure(x.t.consent!));
      const confidence: Confidence = sure ? 'likely' : 'possible';
      const third = isThirdParty(first.owner);
      const sdk = first.owner.kind === 'sdk' ? first.owner.sdk : undefined;
      const clauses = [refused ? 'RD-3.2' : 'RD-3.1', ...(third ? ['RD-5.1'] : []), ...(sdk !== undefined ? ['SDK-2', 'M164-1.1-S5'] : ['M164-1.1-S2'])];
      const who = ownerLabel(first.owner);
      const names = typeNames(types);
      const when = refused
        ? { zh: '在用户拒绝隐私政策之后', en: 'after the user refused the privacy policy' }
        : unanswered
          ? { zh: '在用户始终未回应隐私政策弹窗的运行中', en: 'during a recorded run in which the user never answered the privacy dialog' }
          : { zh: '在用户同意隐私政策之前', en: 'before the user agreed to the privacy policy' };
      ctx.report({
        severity: confidence === 'likely' ? 'medium' : 'low',
        confidence,
        clauses,
        methods: networkMethods(hits),
        dataTypes: types,
        ...(sdk !== undefined ? { sdk } : {}),
        message: {
          zh: `${when.zh}，${kept.length} 个请求将「${names.zh}」发往 ${first.request.host}（${who.zh}${third ? '，第三方' : ''}）；首个请求：${first.request.file} ${first.request.where}。时间来自抓包与手机两个时钟。`,
          en: `${kept.length} request(s) ${when.en} sent ${names.en} to ${first.request.host} (${who.en}${third ? ', a third party' : ''}); first: ${first.request.file} ${first.request.where}. The times come from two clocks (the capture's and the phone's).`,
        },
        evidence: kept.slice(0, 3).map((x) => networkEvidence(x.t, x.hits)),
        runtimeCheck: { zh: '在同一设备上抓包（与运行记录同一时钟），冷启动后不操作隐私弹窗，确认该请求仍发出。', en: 'Capture on the phone itself (one clock with the trace): cold start, leave the privacy dialog unanswered, and see whether the request still goes out.' },
      });
    }
  },
});
