// The 双清单 as one CSV (UTF-8 with a BOM so Excel reads the Chinese): the first column says which list a
// row belongs to (已收集个人信息清单 / 第三方共享清单), so one file opens as one sheet and filters by list.
import { OWNER_APP } from './labels.ts';
import type { AppLists } from './lists.ts';
import type { LocalizedText, Party } from './types.ts';

const BOM = '\uFEFF';

/** How the collector holds the data: only the app's own code is "App自身". */
const WAY: Record<Party, string> = {
  app: `${OWNER_APP.zh} ${OWNER_APP.en}`,
  sdk: 'SDK',
  'third-party': '未识别的第三方代码 unidentified third-party code',
  platform: '平台库 platform library',
};

/** RFC 4180 quoting, plus a leading ' on cells a spreadsheet would run as a formula (app strings are hostile). */
export function csvCell(v: string | number | boolean | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const both = (t: LocalizedText): string => (t.zh === t.en ? t.zh : `${t.zh} / ${t.en}`);
const yn = (v: boolean | null): string => (v === true ? '是 yes' : v === false ? '否 no' : '未知 unknown');

export const LISTS_CSV_HEADER = ['清单 list', '个人信息 data type', '类型编号 id', '收集方/接收方 collector or recipient', '开发者 vendor', '目的 purpose', '目的来源 purpose source', '场景 scenario', '方式 way', '依据 evidence', '政策已声明 in policy'];

export function listsCsv(lists: AppLists): string {
  const rows: (string | null)[][] = [LISTS_CSV_HEADER];
  for (const c of lists.collected) {
    rows.push(['已收集个人信息清单 collected', both(c.dataTypeName), c.dataType, c.collectorName, null, both(c.purpose), c.purposeSource, both(c.scenario), WAY[c.party], c.evidence.join(' '), yn(c.declaredInPolicy)]);
  }
  // Not collected: only a permission reaches these, so they are listed apart and name no collector.
  for (const q of lists.requested) {
    rows.push(['已申请权限（未见收集代码） permission requested: no collecting code', both(q.dataTypeName), q.dataType, null, null, null, null, null, null, `permission ${q.permissions.join(' ')}`.trim(), yn(q.declaredInPolicy)]);
  }
  for (const s of lists.shared) {
    rows.push(['第三方共享清单 shared', s.dataTypeNames.map(both).join('、'), s.dataTypes.join(' '), s.recipient, s.vendor, both(s.purpose), s.purposeSource, null, both(s.way), null, yn(s.disclosedInPolicy)]);
  }
  return BOM + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
