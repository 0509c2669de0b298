// Who runs the app and when the policy was updated and took effect.
import type { PolicyAnalysis, Span } from './types.ts';
import type { Sentence } from './structure.ts';
import { span } from './answer-util.ts';

const DATE = /(?<![\d.])(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?/;
const MONTH = /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d)/;

/** The first full date of a text as YYYY-MM-DD, else its first month ("2020年3月") as YYYY-MM; null when none. */
function isoDateIn(t: string): string | null {
  const full = DATE.exec(t);
  if (full !== null) return `${full[1]}-${full[2]!.padStart(2, '0')}-${full[3]!.padStart(2, '0')}`;
  const month = MONTH.exec(t);
  return month === null ? null : `${month[1]}-${month[2]!.padStart(2, '0')}`;
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

export function answerDatesOperator(sentences: readonly Sentence[]): Pick<PolicyAnalysis, 'dates' | 'operator'> {
  // Dates.
  let updated: string | null = null;
  let effective: string | null = null;
  const dateEvidence: Span[] = [];
  for (const s of sentences) {
    // A full date, or a month ("更新时间：2020年3月") when a date word says what it is.
    const iso = isoDateIn(s.text);
    if (iso === null) continue;
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
      updated = isoDateIn(head.text);
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
    dates: { updated, effective, evidence: dateEvidence },
    operator: { name: operatorName, evidence: operatorEvidence },
  };
}
