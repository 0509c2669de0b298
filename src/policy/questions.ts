// The yes/no questions of the contract and the facts around them, each answered with the sentences that
// support it. true: the text provides the thing; false: the text was read and does not; null: only when the
// text itself is unclear (e.g. personalisation opt-out when the policy says there is no personalisation).
import type { Answer, PolicyAnalysis, Span } from './types.ts';
import { headingLevel, type Sentence } from './structure.ts';

type Questions = Pick<
  PolicyAnalysis,
  | 'contact'
  | 'complaint'
  | 'accountDeletion'
  | 'access'
  | 'correction'
  | 'deletion'
  | 'withdrawConsent'
  | 'minors'
  | 'personalization'
  | 'sharing'
  | 'storage'
  | 'dates'
  | 'operator'
>;

function span(s: Sentence): Span {
  return { sentence: s.text, start: s.start, end: s.end, section: s.section };
}

function find(sentences: readonly Sentence[], test: (s: Sentence) => boolean, max = 3): Span[] {
  const out: Span[] = [];
  for (const s of sentences) {
    if (test(s)) {
      out.push(span(s));
      if (out.length >= max) break;
    }
  }
  return out;
}

function answer(evidence: Span[]): Answer {
  return { value: evidence.length > 0, evidence };
}

const EMAIL_G = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const PHONE_G = /(?<![\d.])(?:400[-\s]?\d{3}[-\s]?\d{4}|800[-\s]?\d{3}[-\s]?\d{4}|0\d{2,3}[-\s]?\d{7,8}|1[3-9]\d{9}|95\d{3,4}|(?:\+86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4})(?![\d.])/g;
const PHONE = new RegExp(PHONE_G.source);
const ADDRESS = /(?:地址|住所|办公地|联系地址|通讯地址|注册地)[为是：:\s]*([^，。；\n|]{4,60}?(?:号|室|楼|层|大厦|园|座|单元|栋)[^，。；\n|]{0,20})/;
const CONTACT_FORM = /在线客服|客服中心|意见反馈|反馈入口|帮助与反馈|联系客服|客服热线|客服电话|人工客服/;
const NO = /不会|不再|并不|绝不|从不|不予|没有|不提供|不支持|不存在/;
const COMPLAINT_CHANNEL = /请通过|可通过|您可以通过|你可以通过|邮箱|邮件|电话|热线|客服|在线|反馈|入口|网址|@|联系|渠道|途径|专线|信箱|提交|发送|拨打|致电|以下方式/;
const REGULATOR_ONLY = /监管部门|主管部门|有关部门|网信|公安|工商|消费者协会|法院|仲裁/;
const DAYS = /(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:个)?(工作日|天|日)(?:内|之内)?/;
const CN: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function concreteness(t: string): number {
  return (EMAIL.test(t) ? 4 : 0) + (PHONE.test(t) ? 3 : 0) + (/客服|在线|设置|反馈|入口|邮箱|电话|热线/.test(t) ? 2 : 0) + (/投诉|举报/.test(t) ? 1 : 0);
}

/** A company name out of the words that precede it, or null when what is left is not a name. */
function operatorName_(raw: string): string | null {
  const cut = /^.*(?:适用于|属于|位于|提供者|提供方|运营者|运营方|开发者|是指|是|为|指|由|即|系|：|:|的|在|被|向|从|对|称|本|如|经|通过|使用|欢迎|提示|下载)/.exec(raw);
  let name = cut === null ? raw : raw.slice(cut[0].length);
  name = name.replace(/^[（(][^）)]*[）)]/, '').replace(/^[\s·]+/, '');
  // "（科大讯飞股份有限公司": an opening bracket before the name.
  const open = Math.max(name.lastIndexOf('（', name.length - 5), name.lastIndexOf('(', name.length - 5));
  if (open >= 0 && !name.slice(open).includes('）') && !name.slice(open).includes(')')) name = name.slice(open + 1);
  if (name.length < 4 || /关联|第三方|合作|其他|相关|该|此|上述|以上|我们|您|任何|给|个人信息|强大|知名|一家|各/.test(name)) return null;
  if (/^(?:有限|股份|公司|集团)/.test(name)) return null;
  return name;
}

/** How directly a sentence tells the user how to cancel: an in-app walk, then "您可以…申请/通过". */
function cancelRank(t: string): number {
  return (inAppPath(t) !== null ? 4 : 0) + (/(?:您|你)[^，。；]{0,6}(?:可以|可|有权)/.test(t) ? 2 : 0) + (/申请|联系|提交|点击|进入/.test(t) ? 1 : 0);
}

/** A contents line that lists several rights ("你访问、更正、删除…的方式，以及注销账号、投诉举报的方式") only
 * announces a section; it gives no way to do anything. */
function isRightsSummary(t: string): boolean {
  const rights = ['访问', '更正', '删除', '撤回', '注销', '投诉', '举报'].filter((w) => t.includes(w)).length;
  return rights >= 4 && /的方式[。；;,，]?$/.test(t.trim()) && !/@|\d{5,}|[“"「【]/.test(t);
}

function cnNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  const [a, b] = s.split('十');
  if (b === undefined) return CN[s] ?? NaN;
  return (a === '' ? 1 : (CN[a!] ?? NaN)) * 10 + (b === '' ? 0 : (CN[b] ?? NaN));
}

const DATE = /(?<![\d.])(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?/;
const MONTH = /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d)/;

function isoDate(m: RegExpExecArray): string {
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** The in-app path of a menu walk: 「我的」-「设置」-「注销账号」, 我的>设置>账号与安全, 【我】→【设置】. */
export function inAppPath(text: string): string | null {
  const item = String.raw`[“"「『【《‘]?[^\s“”"「」『』【】《》‘’，。；、>＞\-—→]{1,12}[”"」』】》’]?`;
  const re = new RegExp(`${item}(?:\\s*(?:-+|—+|>|＞|→|->|－|/)\\s*${item}){1,6}`, 'g');
  let best: string | null = null;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const s = m[0].trim();
    // A real walk has a menu word; "IMEI/MAC" or a date range does not.
    if (!/我的|设置|账号|帐号|账户|个人中心|隐私|安全|注销|管理|首页|更多|我/.test(s)) continue;
    if (best === null || s.length > best.length) best = s;
  }
  return best;
}

export function answerQuestions(sentences: readonly Sentence[], text: string): Questions {
  // "还可以通过以下途径投诉：" followed by "网信、电信、公安及工商等监管部门" names regulators, not the operator's channel.
  const introducesRegulatorsOnly = (s: Sentence): boolean => {
    if (!/(?:以下|如下)[^，。；]{0,8}[：:]?$/.test(s.text) || EMAIL.test(s.text) || PHONE.test(s.text)) return false;
    const next = sentences[sentences.indexOf(s) + 1];
    return next !== undefined && /监管|网信|公安|工商|主管部门|有关部门/.test(next.text) && !EMAIL.test(next.text) && !PHONE.test(next.text) && !/客服|我们/.test(next.text);
  };
  // Contact: e-mail, phone, postal address or an online channel.
  const emails = [...new Set(text.match(EMAIL_G) ?? [])];
  // A phone number counts only near a phone word: 11-digit strings are also order and account numbers.
  const phones = [...new Set(sentences.filter((s) => /电话|热线|客服|致电|拨打|联系|tel|手机/i.test(s.text)).flatMap((s) => s.text.match(PHONE_G) ?? []).map((p) => p.trim()))];
  const addresses: string[] = [];
  for (const s of sentences) {
    const m = ADDRESS.exec(s.text);
    if (m !== null && /省|市|区|县|路|街|道|镇/.test(m[1]!) && !addresses.includes(m[1]!.trim())) addresses.push(m[1]!.trim());
  }
  // Evidence: sentences that carry an address of the operator, the most concrete first.
  const contactEvidence = [
    ...find(sentences, (s) => EMAIL.test(s.text), 2),
    ...find(sentences, (s) => PHONE.test(s.text) && /电话|热线|客服|联系|致电|拨打|tel/i.test(s.text), 2),
    ...find(sentences, (s) => ADDRESS.test(s.text) && /省|市|路|号/.test(s.text) && /联系|地址|寄/.test(s.text), 1),
    ...find(sentences, (s) => CONTACT_FORM.test(s.text) && /联系|反馈|咨询|投诉|提交/.test(s.text), 1),
  ];
  const hasForm = sentences.some((s) => CONTACT_FORM.test(s.text) && /联系|反馈|咨询|投诉|提交/.test(s.text));

  // Complaint channel: named for 投诉/举报, not only a regulator.
  const complaintSentences = sentences
    .filter(
      (s) =>
        (/投诉|举报/.test(s.text) || (s.section !== null && /投诉|举报/.test(s.section))) &&
        COMPLAINT_CHANNEL.test(s.text) &&
        // "当您投诉时，我们可能需要您提供…" describes data collected, not a channel.
        !/(?:投诉|举报)[^，。；,;]{0,8}时/.test(s.text) &&
        !(REGULATOR_ONLY.test(s.text) && !/我们|客服|本公司|我司/.test(s.text)) &&
        !isRightsSummary(s.text) &&
        !introducesRegulatorsOnly(s),
    )
    // The most concrete channel first: an address, a number, a named place in the app.
    .sort((a, b) => concreteness(b.text) - concreteness(a.text));
  let responseDays: number | null = null;
  let workingDays: boolean | null = null;
  for (const s of sentences) {
    if (!/回复|答复|处理|反馈|响应|予以/.test(s.text)) continue;
    if (!/投诉|举报|请求|申请|问题|疑问|意见/.test(s.text) && !/投诉|举报|请求|联系|响应|权利/.test(s.section ?? '')) continue;
    const m = DAYS.exec(s.text);
    if (m === null) continue;
    const n = cnNumber(m[1]!);
    if (!Number.isFinite(n) || n <= 0 || n > 365) continue;
    responseDays = n;
    workingDays = m[2] === '工作日';
    break;
  }
  const slow = responseDays === null ? null : workingDays === true ? responseDays > 15 : responseDays > 21;

  // Account cancellation: a way to cancel the account, not deleting some data.
  const cancelSentences = sentences.filter(
    (s) =>
      /注销/.test(s.text) &&
      // An in-app walk to a 注销 entry is a way to cancel even when the sentence does not say 账号.
      (/账号|帐号|账户|帐户|用户|会员/.test(s.text) ||
        (s.section !== null && /注销/.test(s.section)) ||
        /注销/.test(inAppPath(s.text) ?? '') ||
        /[“"「【『]注销[^”"」】』]{0,6}[”"」】』][^，。；]{0,4}(?:功能|按钮|入口|菜单|选项)/.test(s.text)) &&
      /可以|可|申请|通过|路径|操作|点击|进入|提交|联系|方式|功能|入口|有权/.test(s.text) &&
      !/(?:不支持|无法|不提供|暂不)[^，。；]{0,6}注销/.test(s.text) &&
      !isRightsSummary(s.text),
  ).sort((a, b) => cancelRank(b.text) - cancelRank(a.text));
  let path: string | null = null;
  for (const s of cancelSentences) {
    path = inAppPath(s.text);
    if (path !== null) break;
  }

  const rights = (re: RegExp): Answer =>
    answer(find(sentences, (s) => re.test(s.text) && /您|你|用户/.test(s.text) && /可以|可|有权|通过|方式|申请|请求|路径/.test(s.text)));

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
  let personalization: Questions['personalization'];
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

  // Dates.
  let updated: string | null = null;
  let effective: string | null = null;
  const dateEvidence: Span[] = [];
  for (const s of sentences) {
    // A full date, or a month ("更新时间：2020年3月") when a date word says what it is.
    const full = DATE.exec(s.text);
    const month = full === null ? MONTH.exec(s.text) : null;
    if (full === null && month === null) continue;
    const iso = full !== null ? isoDate(full) : `${month![1]}-${month![2]!.padStart(2, '0')}`;
    if (updated === null && /更新|修订|修改|版本|月版|日版/.test(s.text)) {
      updated = iso;
      dateEvidence.push(span(s));
    }
    if (effective === null && /生效|施行|实施|发布/.test(s.text)) {
      effective = iso;
      if (!dateEvidence.some((e) => e.start === s.start)) dateEvidence.push(span(s));
    }
    if (updated !== null && effective !== null) break;
  }
  if (updated === null && effective === null) {
    // A bare date beside the title ("隐私权政策 2018年8月20日") is the version date.
    const head = sentences.find((s) => s.start < 400 && (DATE.test(s.text) || MONTH.test(s.text)) && s.text.length <= 40 && !/成立|注册/.test(s.text));
    if (head !== undefined) {
      const full = DATE.exec(head.text);
      const month = MONTH.exec(head.text);
      updated = full !== null ? isoDate(full) : `${month![1]}-${month![2]!.padStart(2, '0')}`;
      dateEvidence.push(span(head));
    }
  }

  // Operator: the company named as the operator or "we". A registered name (…有限公司) is preferred; the words
  // before it in the sentence ("本政策仅适用于", "隐私政策是") are cut at the last particle.
  let operatorName: string | null = null;
  const operatorEvidence: Span[] = [];
  const pick = (strict: boolean): void => {
    const re = strict
      ? /[\u4e00-\u9fa5A-Za-z0-9（）()·]{4,60}?(?:有限责任公司|股份有限公司|有限公司)/g
      : /[\u4e00-\u9fa5A-Za-z0-9（）()·]{3,40}?(?:集团|公司|工作室|银行|研究院)/g;
    for (const s of sentences) {
      if (!/运营|开发|以下简称|简称|我们|本公司|提供者|主体|经营者|运营方|我司|我行/.test(s.text)) continue;
      for (const m of s.text.matchAll(re)) {
        const name = operatorName_(m[0]);
        if (name === null) continue;
        operatorName = name;
        operatorEvidence.push(span(s));
        return;
      }
    }
  };
  pick(true);
  if (operatorName === null) pick(false);

  return {
    contact: { emails, phones, addresses, evidence: contactEvidence.length > 0 || hasForm ? contactEvidence : [] },
    complaint: {
      value: complaintSentences.length > 0,
      evidence: complaintSentences.slice(0, 3).map(span),
      responseDays,
      workingDays,
      slowResponse: slow,
    },
    accountDeletion: { value: cancelSentences.length > 0, evidence: cancelSentences.slice(0, 3).map(span), inAppPath: path },
    access: rights(/访问|查询|查阅|查看|获取副本|复制/),
    correction: rights(/更正|修改|修正|补充|完善/),
    deletion: rights(/删除/),
    withdrawConsent: rights(/撤回|撤销|收回|改变[^，。；]{0,6}授权|关闭[^，。；]{0,10}权限|取消[^，。；]{0,6}授权/),
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
    dates: { updated, effective, evidence: dateEvidence },
    operator: { name: operatorName, evidence: operatorEvidence },
  };
}

/** hasContact from the contact facts. */
export function hasContact(c: Questions['contact'], sentences: readonly Sentence[]): boolean {
  return c.emails.length > 0 || c.phones.length > 0 || c.addresses.length > 0 || sentences.some((s) => CONTACT_FORM.test(s.text));
}
