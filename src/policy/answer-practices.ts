// Practices: minors (and guardian consent), personalisation and its opt-out, sharing with third parties, and
// storage (location, period, transfer abroad).
import type { PolicyAnalysis } from './types.ts';
import { headingLevel, type Sentence } from './structure.ts';
import { answer, find, span } from './answer-util.ts';

const NO = /不会|不再|并不|绝不|从不|不予|没有|不提供|不支持|不存在/;

export function answerPractices(sentences: readonly Sentence[]): Pick<PolicyAnalysis, 'minors' | 'personalization' | 'sharing' | 'storage'> {
  // Minors.
  // A minors clause gives rules; "个人敏感信息包括…儿童的个人信息" only names a category.
  const minorSentences = sentences
    .filter((s) => /未成年人|儿童|不满十四|不满14|十四周岁|14周岁|14岁|十四岁|未满18|未满十八/.test(s.text))
    .filter((s) => !(/敏感信息|敏感个人信息/.test(s.text) && /包括|是指|例如|指/.test(s.text)))
    .sort((a, b) => Number(/监护人/.test(b.text)) - Number(/监护人/.test(a.text)));
  const guardian = minorSentences.filter((s) => /监护人/.test(s.text) && /同意|授权|许可|陪同|指导|允许/.test(s.text));
  const under14 = minorSentences.some((s) => /不满十四|不满14|十四周岁|14周岁|14岁|十四岁|儿童/.test(s.text));

  // Personalisation and its opt-out.
  const PERSONAL = /个性化|定向推送|精准营销|精准推送|用户画像|程序化广告|兴趣推荐|个性推荐|定向广告/;
  const persSentences = sentences.filter((s) => PERSONAL.test(s.text) && headingLevel(s.text) === 0);
  const none = persSentences.filter(
    (s) => /(?:不会|不|未|没有|并不|不提供)[^，。；]{0,20}(?:个性化|用户画像|定向推送|精准营销|程序化广告)/.test(s.text) && !/关闭|退出|拒绝/.test(s.text),
  );
  const optOut = persSentences.filter(
    (s) => /关闭|退出|拒绝|取消|停止|撤回|退订|不接收|选择不|开关/.test(s.text) && /您|你|用户/.test(s.text),
  );
  // Unsubscribing from commercial or marketing messages is an opt-out of targeted push too.
  const AD_OPT_OUT =
    /(?:商业广告|广告|营销|推广|促销|商业性)[^。；]{0,40}(?:退订|关闭|拒绝接收|不再接收|取消订阅|退出)|(?:退订|关闭|拒绝接收|不再接收|取消订阅)[^。；]{0,20}(?:商业广告|广告|营销|推广|促销|商业性)/;
  // Closing or skipping one ad on screen is not an opt-out.
  const ONE_AD = /跳过|关闭(?:该|此|这些)(?:等)?广告|该广告|广告页面/;
  for (const s of sentences)
    if (AD_OPT_OUT.test(s.text) && /您|你|用户/.test(s.text) && !ONE_AD.test(s.text) && !optOut.includes(s)) optOut.push(s);
  let personalization: PolicyAnalysis['personalization'];
  if (optOut.length > 0) personalization = { value: true, evidence: optOut.slice(0, 3).map(span), noPersonalization: false };
  else if (none.length > 0 && none.length === persSentences.length)
    personalization = { value: null, evidence: none.slice(0, 3).map(span), noPersonalization: true };
  else personalization = { value: false, evidence: persSentences.slice(0, 3).map(span), noPersonalization: false };

  // Sharing.
  const sharing = answer(
    find(sentences, (s) => /共享|转让|公开披露|对外提供|提供给第三方|向第三方提供|委托处理|第三方SDK/.test(s.text) && !/^[#\s]*[一二三四五六七八九十\d]+[、.．]?\s*我们如何/.test(s.text)),
  );

  // Storage: location, period, cross-border.
  const storeLoc = sentences.filter((s) => /存储|储存|存放|保存/.test(s.text) && /境内|中国大陆|中华人民共和国|中国/.test(s.text));
  const location = storeLoc.length > 0 ? (/境内|中国大陆|中华人民共和国|中国/.exec(storeLoc[0]!.text)?.[0] === '境内' ? '中国境内' : (/中国大陆|中华人民共和国境内|中国境内|中国/.exec(storeLoc[0]!.text)?.[0] ?? null)) : null;
  const periodSentences = sentences.filter(
    (s) => /保存期限|存储期限|保留期限|储存期限|保存期间|存储期间|保存时间|存储时间|保存.{0,12}(?:期限|年|个月|天)/.test(s.text),
  );
  let period: string | null = null;
  for (const s of periodSentences) {
    const m = /(\d+|[一二三四五六七八九十]+)\s*(?:个)?(?:年|月|天|日)|最短(?:期限|时间)|必要(?:的)?(?:期限|时间)|所必需的(?:期限|时间|最短)/.exec(s.text);
    if (m !== null) {
      period = m[0];
      break;
    }
  }
  const crossSentences = sentences.filter((s) => /境外|跨境|出境|海外/.test(s.text));
  let crossBorder: boolean | null = null;
  if (crossSentences.some((s) => /(?:向|传输至|传输到|转移至|提供给)[^，。；]{0,10}境外|跨境传输|出境/.test(s.text) && !/不会|不涉及|不存在|没有/.test(s.text)))
    crossBorder = true;
  else if (crossSentences.some((s) => /不会|不涉及|不存在|没有|不向/.test(s.text)) || storeLoc.length > 0) crossBorder = false;
  const storageEvidence = [...storeLoc.slice(0, 2), ...periodSentences.slice(0, 1), ...crossSentences.slice(0, 1)].map(span);

  return {
    minors: {
      value: minorSentences.length > 0,
      evidence: minorSentences.slice(0, 3).map(span),
      guardianConsent: minorSentences.length === 0 ? null : guardian.length > 0,
      under14Rules: minorSentences.length === 0 ? null : under14,
    },
    personalization,
    // Only denials of sharing ("我们不会共享…") and no sharing anywhere else: the answer is no.
    sharing: sharing.evidence.length > 0 && sharing.evidence.every((e) => NO.test(e.sentence)) ? { value: false, evidence: sharing.evidence } : sharing,
    storage: { value: storeLoc.length > 0 || period !== null, evidence: storageEvidence, location, period, crossBorder },
  };
}
