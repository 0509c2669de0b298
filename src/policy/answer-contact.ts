// Contact and complaint: how to reach the operator (e-mail, phone, postal address, online form) and whether a
// channel is named for complaints or reports (投诉/举报) about personal information, with the committed reply time.
import type { PolicyAnalysis } from './types.ts';
import type { Sentence } from './structure.ts';
import { find, isRightsSummary, span } from './answer-util.ts';

const EMAIL_G = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const EMAIL = new RegExp(EMAIL_G.source);
const PHONE_G = /(?<![\d.])(?:400[-\s]?\d{3}[-\s]?\d{4}|800[-\s]?\d{3}[-\s]?\d{4}|0\d{2,3}[-\s]?\d{7,8}|1[3-9]\d{9}|95\d{3,4}|(?:\+86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4})(?![\d.])/g;
const PHONE = new RegExp(PHONE_G.source);
const ADDRESS = /(?:地址|住所|办公地|联系地址|通讯地址|注册地)[为是：:\s]*([^，。；\n|]{4,60}?(?:号|室|楼|层|大厦|园|座|单元|栋)[^，。；\n|]{0,20})/;
const CONTACT_FORM = /在线客服|客服中心|意见反馈|反馈入口|帮助与反馈|联系客服|客服热线|客服电话|人工客服/;
const COMPLAINT_CHANNEL = /请通过|可通过|您可以通过|你可以通过|邮箱|邮件|电话|热线|客服|在线|反馈|入口|网址|@|联系|渠道|途径|专线|信箱|提交|发送|拨打|致电|以下方式/;
const REGULATOR_ONLY = /监管部门|主管部门|有关部门|网信|公安|工商|消费者协会|法院|仲裁/;
const DAYS = /(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:个)?(工作日|天|日)(?:内|之内)?/;
const CN: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function concreteness(t: string): number {
  return (EMAIL.test(t) ? 4 : 0) + (PHONE.test(t) ? 3 : 0) + (/客服|在线|设置|反馈|入口|邮箱|电话|热线/.test(t) ? 2 : 0) + (/投诉|举报/.test(t) ? 1 : 0);
}


function cnNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  const [a, b] = s.split('十');
  if (b === undefined) return CN[s] ?? NaN;
  return (a === '' ? 1 : (CN[a!] ?? NaN)) * 10 + (b === '' ? 0 : (CN[b] ?? NaN));
}


export function answerContact(sentences: readonly Sentence[], text: string): Pick<PolicyAnalysis, 'contact' | 'complaint'> {
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

  return {
    contact: { emails, phones, addresses, evidence: contactEvidence },
    complaint: {
      value: complaintSentences.length > 0,
      evidence: complaintSentences.slice(0, 3).map(span),
      responseDays,
      workingDays,
      slowResponse: slow,
    },
  };
}

/** hasContact from the contact facts. */
export function hasContact(c: PolicyAnalysis['contact'], sentences: readonly Sentence[]): boolean {
  return c.emails.length > 0 || c.phones.length > 0 || c.addresses.length > 0 || sentences.some((s) => CONTACT_FORM.test(s.text));
}

