// Declared SDKs: disclosure tables (HTML, Markdown, tab-separated text) and the same lists in prose form
// ("SDK名称：友盟统计SDK；提供方：…；使用目的：…；收集个人信息类型：…；隐私政策链接：…"), plus SDKs only named in a
// sentence. Each keeps which of the required fields (name, vendor, purpose, data, link) are missing.
import type { DeclaredSdk } from './types.ts';
import type { Line, Sentence } from './structure.ts';
import { tableCells } from './structure.ts';
import { dataTypesIn } from './synonyms.ts';
import { matchSdk, sdksMentioned } from './sdk-match.ts';

type Field = 'name' | 'packageName' | 'vendor' | 'purpose' | 'data' | 'link';

// Header / key words for each field. Order matters: data before name ("收集个人信息类型" holds no name word).
const FIELD_WORDS: [Field, RegExp][] = [
  ['link', /隐私政策|隐私权政策|隐私协议|链接|网址|官网|url/i],
  ['packageName', /包名|SDK包|package/i],
  ['data', /信息类型|数据类型|个人信息|收集信息|收集的信息|收集数据|共享信息|共享的信息|涉及信息|信息字段|数据字段|收集范围|获取信息|使用权限|收集内容|所需权限|权限/],
  ['purpose', /目的|用途|功能|使用场景|场景|用于/],
  ['vendor', /提供方|提供者|开发者|公司名称|主体|运营方|厂商|第三方公司|所属公司|合作方名称|供应商|开发商|机构/],
  ['name', /SDK名称|sdk名称|名称|SDK|第三方|插件|合作方|服务商/i],
];

function fieldOf(header: string): Field | null {
  const h = header.replace(/\s+/g, '');
  if (h === '' || h.length > 24) return null;
  for (const [f, re] of FIELD_WORDS) if (re.test(h)) return f;
  return null;
}

const URL_RE = /https?:\/\/[^\s，。；、)）】|"'<>]+/i;
const PKG_RE = /\b(?:com|cn|net|org|io)\.[a-z_][\w]*(?:\.[a-z_][\w]*)+/i;

function clean(v: string): string {
  return v.replace(/^[\s：:；;，,。]+|[\s：:；;，,。]+$/g, '').trim();
}

/** Facts a caller already has for an SDK only named in prose: its id, and the data types of its whole sentence. */
interface Known {
  sdkId: string | null;
  dataTypes: string[];
}

function build(fields: Partial<Record<Field, string>>, s: Sentence, start: number, end: number, fromTable: boolean, known?: Known): DeclaredSdk | null {
  const name = clean(fields.name ?? '');
  if (name === '' || name.length > 60) return null;
  const packageName = fields.packageName !== undefined ? (PKG_RE.exec(fields.packageName)?.[0] ?? clean(fields.packageName)) : (PKG_RE.exec(name)?.[0] ?? null);
  const linkText = fields.link ?? '';
  const policyUrl = URL_RE.exec(linkText)?.[0] ?? URL_RE.exec(Object.values(fields).join(' '))?.[0] ?? null;
  const dataText = fields.data ?? '';
  const sdk: DeclaredSdk = {
    name,
    sdkId: known !== undefined ? known.sdkId : (matchSdk(name) ?? (packageName !== null && packageName !== '' ? matchSdk(packageName) : null)),
    packageName: packageName === '' ? null : packageName,
    vendor: fields.vendor !== undefined && clean(fields.vendor) !== '' ? clean(fields.vendor) : null,
    purpose: fields.purpose !== undefined && clean(fields.purpose) !== '' ? clean(fields.purpose) : null,
    dataTypes: known !== undefined ? [...known.dataTypes] : dataTypesIn(dataText),
    policyUrl,
    missingFields: [],
    fromTable,
    sentence: s.text,
    start,
    end,
    section: s.section,
  };
  if (sdk.vendor === null) sdk.missingFields.push('vendor');
  if (sdk.purpose === null) sdk.missingFields.push('purpose');
  // A prose mention's data are the types its sentence names.
  if (clean(dataText) === '' && (known === undefined || sdk.dataTypes.length === 0)) sdk.missingFields.push('data');
  if (sdk.policyUrl === null) sdk.missingFields.push('link');
  return sdk;
}

/** Rows of consecutive table lines whose header names SDK fields. */
function fromTables(sentences: readonly Sentence[]): DeclaredSdk[] {
  const out: DeclaredSdk[] = [];
  let i = 0;
  while (i < sentences.length) {
    if (!sentences[i]!.tableRow) {
      i++;
      continue;
    }
    const rows: Sentence[] = [];
    while (i < sentences.length && sentences[i]!.tableRow) rows.push(sentences[i++]!);
    let header: (Field | null)[] | null = null;
    for (const row of rows) {
      const cells = tableCells(row.text);
      if (cells.length === 0) continue;
      const fields = cells.map(fieldOf);
      const named = fields.filter((f) => f !== null).length;
      // A later row is a new header only when nearly every cell is a header word: a data row such as
      // "| 微信SDK | 腾讯 | 分享 | 设备型号 | 隐私政策 |" names an SDK and says 隐私政策, and is still data.
      if (header === null || (named >= Math.max(2, cells.length - 1) && fields.includes('name') && cells.every((c) => c.length <= 24))) {
        if (named >= 2 && fields.includes('name')) {
          header = fields;
          continue;
        }
        if (header === null) continue;
      }
      const rec: Partial<Record<Field, string>> = {};
      cells.forEach((c, k) => {
        const f = header![k];
        if (f !== null && f !== undefined) rec[f] = rec[f] === undefined ? c : `${rec[f]} ${c}`;
      });
      const sdk = build(rec, row, row.start, row.end, true);
      if (sdk !== null) out.push(sdk);
    }
  }
  return out;
}

const KEY_RE =
  /(第三方SDK名称|SDK名称|sdk名称|第三方名称|插件名称|SDK包名|包名|第三方公司名称|第三方主体|公司名称|提供方|提供者|开发者|运营方|使用目的|使用场景|目的|用途|收集个人信息类型|收集的个人信息类型|收集个人信息的类型|收集的个人信息|个人信息类型|收集信息类型|收集的信息|收集信息|共享信息|信息类型|数据类型|涉及的个人信息|隐私政策链接|隐私权政策链接|隐私政策地址|隐私政策|官网链接|链接)\s*[：:]/gi;

function keyField(key: string): Field {
  if (/包名/.test(key)) return 'packageName';
  if (/名称/.test(key) && !/公司/.test(key)) return 'name';
  if (/公司|主体|提供|开发者|运营方/.test(key)) return 'vendor';
  if (/目的|场景|用途/.test(key)) return 'purpose';
  if (/隐私|链接|地址/.test(key)) return 'link';
  return 'data';
}

/** "SDK名称：…；提供方：…" records, over consecutive lines (a record may span several). */
function fromProse(sentences: readonly Sentence[], lines: readonly Line[], text: string): DeclaredSdk[] {
  const out: DeclaredSdk[] = [];
  // Work on whole lines so one record split by ；is read together.
  let rec: Partial<Record<Field, string>> | null = null;
  let recStart = 0;
  let recEnd = 0;
  let recSentence: Sentence | null = null;
  const flush = (): void => {
    if (rec !== null && recSentence !== null) {
      const sdk = build(rec, { ...recSentence, text: text.slice(recStart, recEnd) }, recStart, recEnd, true);
      if (sdk !== null) out.push(sdk);
    }
    rec = null;
  };
  // The first sentence holding pos. Records start in text order and sentences are in text order, so the
  // search goes on from where the last one stopped.
  let si = 0;
  let lastPos = 0;
  const sentenceAt = (pos: number): Sentence | undefined => {
    if (pos < lastPos) si = 0;
    lastPos = pos;
    while (si < sentences.length && sentences[si]!.end < pos) si++;
    const s = sentences[si];
    return s !== undefined && s.start <= pos ? s : undefined;
  };
  for (const { text: line, start: lineStart } of lines) {
    KEY_RE.lastIndex = 0;
    const keys: { key: string; at: number; valueAt: number }[] = [];
    const hasColon = line.includes('：') || line.includes(':');
    for (let m = hasColon ? KEY_RE.exec(line) : null; m !== null; m = KEY_RE.exec(line)) keys.push({ key: m[1]!, at: m.index, valueAt: m.index + m[0].length });
    if (keys.length === 0) {
      // A blank or unrelated line ends a record that has all it will get.
      if (line.trim() === '' || rec === null) flush();
      else if (rec !== null && Object.keys(rec).length >= 2 && !/^[\s-*•]*$/.test(line)) flush();
      continue;
    }
    keys.forEach((k, n) => {
      const valueEnd = n + 1 < keys.length ? keys[n + 1]!.at : line.length;
      const value = line.slice(k.valueAt, valueEnd);
      const f = keyField(k.key);
      if (f === 'name' || (rec !== null && rec[f] !== undefined)) {
        flush();
        rec = {};
        recStart = lineStart + k.at;
        recSentence = sentenceAt(recStart) ?? null;
      }
      if (rec === null) return;
      rec[f] = clean(value);
      recEnd = lineStart + valueEnd;
    });
  }
  flush();
  return out;
}

const VENDOR_IN_PROSE = /(?:由|提供方[为是：:]?|提供者[为是：:]?)\s*([^，。；,;：:]{2,40}?(?:有限责任公司|股份有限公司|有限公司|公司|集团))/;
const PURPOSE_IN_PROSE = /(?:用于|用来|目的是|以便|为了)([^，。；,;]{2,40})/;
const NAMED_SDK = /([A-Za-z\u4e00-\u9fa5+]{2,16}?)\s*(?:SDK|sdk)/g;

/** `lines` are the lines of `text`, as analyseStructure gives them with the sentences. */
export function extractSdks(sentences: readonly Sentence[], lines: readonly Line[], text: string): DeclaredSdk[] {
  const disclosed = [...fromTables(sentences), ...fromProse(sentences, lines, text)];
  const seen = new Set(disclosed.map((d) => d.sdkId ?? d.name));
  const mentioned: DeclaredSdk[] = [];
  for (const s of sentences) {
    if (s.tableRow) continue;
    const names: { name: string; id: string | null }[] = sdksMentioned(s.text).map((m) => ({ name: m.alias, id: m.id }));
    NAMED_SDK.lastIndex = 0;
    const hasSdkWord = /sdk/i.test(s.text);
    for (let m = hasSdkWord ? NAMED_SDK.exec(s.text) : null; m !== null; m = NAMED_SDK.exec(s.text)) {
      // The name is what follows the last function word: "我们接入了以下第三方友盟SDK" → 友盟.
      const parts = m[1]!.split(/接入了|集成了|使用了|嵌入了|接入|集成|嵌入|使用|通过|包括|例如|比如|以下|上述|第三方|相关|其他|各类|部分|这些|我们|的|了|和|及|与|或|等|如/);
      const name = (parts[parts.length - 1] ?? '').trim();
      if (name.length < 2) continue;
      const id = matchSdk(name);
      if (id !== null && names.some((n) => n.id === id)) continue;
      names.push({ name: `${name}SDK`, id });
    }
    // Prose often says who provides it and why: "友盟，由友盟同欣（北京）科技有限公司开发，用于用户行为数据统计".
    // The same for every SDK the sentence names: read once, when the first new name needs it.
    let prose: { vendor: string | undefined; purpose: string | undefined; dataTypes: string[] } | undefined;
    for (const n of names) {
      const key = n.id ?? n.name;
      if (seen.has(key)) continue;
      seen.add(key);
      prose ??= { vendor: VENDOR_IN_PROSE.exec(s.text)?.[1], purpose: PURPOSE_IN_PROSE.exec(s.text)?.[1], dataTypes: dataTypesIn(s.text) };
      const fields: Partial<Record<Field, string>> = { name: n.name };
      if (prose.vendor !== undefined) fields.vendor = prose.vendor;
      if (prose.purpose !== undefined) fields.purpose = prose.purpose;
      const sdk = build(fields, s, s.start, s.end, false, { sdkId: n.id, dataTypes: prose.dataTypes });
      if (sdk !== null) mentioned.push(sdk);
    }
  }
  return [...disclosed, ...mentioned];
}
