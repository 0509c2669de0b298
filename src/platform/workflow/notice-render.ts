// A notice (通报) rendered as an official document: HTML, PDF (the HTML printed by the project's Chromium
// renderer, report/pdf-reporter.ts) and DOCX (the `docx` library: government offices edit notices in WPS or
// Word, so the annex is a real table with a repeated header row, never an image). The layout follows the
// usual form of the published notices: title, addressees, body, the deadline sentence, issuer and date; then
// the annex table 序号 | 应用名称 | 应用开发者 | 应用来源 | 应用版本 | 所涉问题 (with APP备案号 and 属地 when any row
// has them), then the verification block with which anyone can re-check the notice.
import {
  AlignmentType,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { esc } from '../../report/html-escape.ts';
import { htmlToPdf } from '../../report/pdf-reporter.ts';
import type { NoticeDocument, NoticeKind, NoticeRow } from './notice-document.ts';

const ANNEX_TITLE: Record<NoticeKind, string> = {
  urge: '督促整改的APP名单',
  public: '存在问题的APP名单',
  takedown: '下架的APP名单',
  recheck: '复检结果',
};

interface Column {
  head: string;
  cell: (row: NoticeRow, index: number) => string;
  /** Relative width in the annex table. */
  width: number;
}

/** The annex columns: the national six, and APP备案号 / 属地 when any row has them (the provincial variant). */
export function annexColumns(rows: readonly NoticeRow[]): Column[] {
  const columns: Column[] = [
    { head: '序号', cell: (_r, i) => String(i + 1), width: 5 },
    { head: '应用名称', cell: (r) => r.appName, width: 13 },
    { head: '应用开发者', cell: (r) => r.developer, width: 18 },
    { head: '应用来源', cell: (r) => r.source, width: 11 },
    { head: '应用版本', cell: (r) => r.version, width: 9 },
    { head: '所涉问题', cell: (r) => r.problems.join('；'), width: 24 },
  ];
  if (rows.some((r) => nonEmpty(r.filingNo))) columns.push({ head: 'APP备案号', cell: (r) => r.filingNo ?? '', width: 13 });
  if (rows.some((r) => nonEmpty(r.region))) columns.push({ head: '属地', cell: (r) => r.region ?? '', width: 9 });
  return columns;
}

function nonEmpty(s: string | undefined): boolean {
  return s !== undefined && s.trim() !== '';
}

/** 2026-10-09 → 2026年10月9日 */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  if (m === null) throw new Error(`notice date "${iso}" is not YYYY-MM-DD`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** The date under the signature: a draft has none yet (the console previews drafts). */
function signDate(doc: NoticeDocument): string {
  return doc.issueDate === '' ? '（草稿，发文日期待定）' : chineseDate(doc.issueDate);
}

/** The deadline sentence, or null for a notice without a deadline. */
export function deadlineSentence(doc: NoticeDocument): string | null {
  if (doc.deadline === null || doc.workingDays === null) return null;
  return `上述APP应于${chineseDate(doc.deadline)}前完成整改落实工作（${doc.workingDays}个工作日，自本通报发布次日起按国务院办公厅公布的节假日安排计算）。`;
}

function batchLine(doc: NoticeDocument): string | null {
  return doc.batch === null ? null : `（${doc.batch.year}年第${doc.batch.seq}批，总第${doc.batch.totalSeq}批）`;
}

function verificationLines(doc: NoticeDocument): string[] {
  return [`检测引擎版本：${doc.verification.engineVersion}`, `规则版本：${doc.verification.rulesVersion}`];
}

const HTML_STYLE = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page annex { size: A4 landscape; margin: 20mm 18mm; }
body { font-family: "FangSong", "FangSong_GB2312", "仿宋", "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 16pt; line-height: 1.75; color: #000; margin: 0; }
h1 { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", "Noto Serif CJK SC", serif; font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 0.2em; }
.batch { text-align: center; margin: 0 0 1.2em; }
.addressees { margin: 0; }
.body p { text-indent: 2em; margin: 0; text-align: justify; }
.deadline { font-weight: bold; }
.sign { text-align: right; margin-top: 2.5em; }
.sign p { margin: 0; }
.annex { page: annex; page-break-before: always; break-before: page; font-size: 12pt; line-height: 1.4; }
.annex h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 0 0 0.5em; }
.annex h3 { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "Noto Serif CJK SC", serif; font-size: 18pt; font-weight: normal; text-align: center; margin: 0 0 0.8em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: middle; word-break: break-all; }
th { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-weight: normal; text-align: center; }
td.n { text-align: center; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
.verification { margin-top: 1.5em; font-size: 9pt; line-height: 1.4; }
.verification h4 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 11pt; font-weight: normal; margin: 0 0 0.3em; }
.verification p { margin: 0; }
.verification td { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace; font-size: 8pt; }
`;

/** The notice as one self-contained HTML page (no script, nothing fetched). */
export function renderNoticeHtml(doc: NoticeDocument): string {
  const columns = annexColumns(doc.rows);
  const batch = batchLine(doc);
  const deadline = deadlineSentence(doc);
  const out: string[] = [];
  out.push(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.title)}</title><style>${HTML_STYLE}</style></head><body>`);
  out.push(`<h1>${esc(doc.title)}</h1>`);
  if (batch !== null && !doc.title.includes(batch)) out.push(`<p class="batch">${esc(batch)}</p>`);
  if (doc.addressees.length > 0) out.push(`<p class="addressees">${esc(doc.addressees.join('、'))}：</p>`);
  out.push('<div class="body">');
  for (const p of doc.paragraphs) out.push(`<p>${esc(p)}</p>`);
  if (deadline !== null) out.push(`<p class="deadline">${esc(deadline)}</p>`);
  out.push(`<p>附件：${esc(ANNEX_TITLE[doc.kind])}</p>`);
  out.push('</div>');
  out.push(`<div class="sign"><p>${esc(doc.issuer)}</p><p>${esc(signDate(doc))}</p></div>`);
  out.push('<section class="annex"><h2>附件</h2>');
  out.push(`<h3>${esc(ANNEX_TITLE[doc.kind])}</h3>`);
  out.push(`<table class="rows"><colgroup>${columns.map((c) => `<col style="width:${c.width}%">`).join('')}</colgroup>`);
  out.push(`<thead><tr>${columns.map((c) => `<th>${esc(c.head)}</th>`).join('')}</tr></thead><tbody>`);
  doc.rows.forEach((r, i) => {
    out.push(`<tr>${columns.map((c, k) => `<td${k === 0 ? ' class="n"' : ''}>${esc(c.cell(r, i))}</td>`).join('')}</tr>`);
  });
  out.push('</tbody></table>');
  out.push('<div class="verification"><h4>校验信息</h4>');
  for (const line of verificationLines(doc)) out.push(`<p>${esc(line)}</p>`);
  out.push('<table><thead><tr><th>应用名称</th><th>安装包SHA-256</th><th>检测报告SHA-256</th></tr></thead><tbody>');
  for (const p of doc.verification.packages) out.push(`<tr><td>${esc(p.appName)}</td><td>${esc(p.packageSha256)}</td><td>${esc(p.reportSha256)}</td></tr>`);
  out.push('</tbody></table></div></section></body></html>');
  return out.join('\n');
}

/** The notice as PDF, printed by Chromium (report/pdf-reporter.ts). */
export async function renderNoticePdf(doc: NoticeDocument, executablePath?: string): Promise<Uint8Array> {
  return executablePath === undefined ? htmlToPdf(renderNoticeHtml(doc)) : htmlToPdf(renderNoticeHtml(doc), executablePath);
}

// DOCX fonts and sizes of the usual official-document form (GB/T 9704): title 小标宋 二号 (22pt), body 仿宋 三号
// (16pt), headings 黑体. docx sizes are half-points. WPS and Word substitute a font the machine lacks.
const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const TITLE_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const HEAD_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
const MONO_FONT = { ascii: 'Consolas', hAnsi: 'Consolas', eastAsia: '仿宋_GB2312' };

function run(text: string, size: number, font = BODY_FONT, strong = false): TextRun {
  // Typed apart: TextRun also takes a string, and String.prototype.bold would shadow the option for the linter.
  const options: IRunOptions = { text, size, font, bold: strong };
  return new TextRun(options);
}

function para(children: ParagraphChild[], options: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; before?: number; after?: number } = {}): Paragraph {
  return new Paragraph({
    children,
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    // 2 characters of 16pt: 640 twentieths of a point.
    ...(options.indent === true ? { indent: { firstLine: 640 } } : {}),
    spacing: { line: 560, lineRule: 'exact', before: options.before ?? 0, after: options.after ?? 0 },
  });
}

function cell(text: string, width: number, opts: { head?: boolean; center?: boolean; mono?: boolean } = {}): TableCell {
  const font = opts.head === true ? HEAD_FONT : opts.mono === true ? MONO_FONT : BODY_FONT;
  const size = opts.mono === true ? 16 : 21;
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [new Paragraph({ alignment: opts.head === true || opts.center === true ? AlignmentType.CENTER : AlignmentType.LEFT, children: [run(text, size, font)] })],
  });
}

/** The notice as a Word document (.docx) that WPS and Word open and edit: text, and the annex as a real table. */
export async function renderNoticeDocx(doc: NoticeDocument): Promise<Uint8Array> {
  const columns = annexColumns(doc.rows);
  const batch = batchLine(doc);
  const deadline = deadlineSentence(doc);
  const front: Paragraph[] = [para([run(doc.title, 44, TITLE_FONT)], { align: AlignmentType.CENTER, after: 120 })];
  if (batch !== null && !doc.title.includes(batch)) front.push(para([run(batch, 32)], { align: AlignmentType.CENTER, after: 240 }));
  if (doc.addressees.length > 0) front.push(para([run(`${doc.addressees.join('、')}：`, 32)]));
  for (const p of doc.paragraphs) front.push(para([run(p, 32)], { indent: true }));
  if (deadline !== null) front.push(para([run(deadline, 32, BODY_FONT, true)], { indent: true }));
  front.push(para([run(`附件：${ANNEX_TITLE[doc.kind]}`, 32)], { indent: true, before: 280 }));
  front.push(para([run(doc.issuer, 32)], { align: AlignmentType.RIGHT, before: 840 }));
  front.push(para([run(signDate(doc), 32)], { align: AlignmentType.RIGHT }));

  const annexTable = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c) => cell(c.head, c.width, { head: true })) }),
      ...doc.rows.map((r, i) => new TableRow({ cantSplit: true, children: columns.map((c, k) => cell(c.cell(r, i), c.width, { center: k === 0 })) })),
    ],
  });
  const verifyTable = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: [cell('应用名称', 16, { head: true }), cell('安装包SHA-256', 42, { head: true }), cell('检测报告SHA-256', 42, { head: true })] }),
      ...doc.verification.packages.map((p) => new TableRow({ children: [cell(p.appName, 16), cell(p.packageSha256, 42, { mono: true }), cell(p.reportSha256, 42, { mono: true })] })),
    ],
  });
  const small = (text: string, font = BODY_FONT): Paragraph => new Paragraph({ children: [run(text, 21, font)], spacing: { before: 60 } });
  const document = new Document({
    creator: 'piscope',
    title: doc.title,
    styles: { default: { document: { run: { font: BODY_FONT, size: 32 } } } },
    sections: [
      // A4 portrait with the margins of GB/T 9704 (37 mm top, 28 mm left, 35 mm bottom, 26 mm right); 1 mm = 56.7 twips.
      { properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children: front },
      {
        properties: { page: { size: { width: 11906, height: 16838, orientation: PageOrientation.LANDSCAPE }, margin: { top: 1134, bottom: 1134, left: 1020, right: 1020 } } },
        children: [
          new Paragraph({ children: [run('附件', 32, HEAD_FONT)], spacing: { after: 120 } }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [run(ANNEX_TITLE[doc.kind], 36, TITLE_FONT)], spacing: { after: 240 } }),
          annexTable,
          new Paragraph({ children: [run('校验信息', 24, HEAD_FONT)], spacing: { before: 360, after: 60 } }),
          ...verificationLines(doc).map((l) => small(l)),
          verifyTable,
        ],
      },
    ],
  });
  const buffer = await Packer.toBuffer(document);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
