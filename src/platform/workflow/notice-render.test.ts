// The notice renderers on a notice with Chinese rows: the DOCX read back with unzip (word/document.xml: a real
// table whose cells are in order), the PDF read back with pdftotext (poppler), the HTML escaped.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../../report/pdf-reporter.ts';
import type { NoticeDocument, NoticeRow } from './notice-document.ts';
import { annexColumns, renderNoticeDocx, renderNoticeHtml, renderNoticePdf } from './notice-render.ts';
import { problemCategories } from './problem-categories.ts';
import { deadlineAfter } from './working-days.ts';

const work = mkdtempSync(join(tmpdir(), 'piscope-notice-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const hasTool = (t: string): boolean => ['/usr/bin', '/bin', '/usr/local/bin'].some((d) => existsSync(join(d, t)));

const ROWS: NoticeRow[] = [
  {
    appName: '掌上公交',
    developer: '深圳市某某科技有限公司',
    source: '华为应用市场',
    version: '3.2.1',
    problems: problemCategories(['collection-before-consent', 'permission-re-request']),
    filingNo: '粤ICP备2023000001号-2A',
    region: '广东省深圳市',
  },
  {
    appName: '<script>alert(1)</script>记账本',
    developer: '杭州某某网络有限公司',
    source: '小米应用商店；应用宝',
    version: '10.0.5',
    problems: problemCategories(['self-or-chain-start', 'no-account-cancellation']),
  },
];

function sampleNotice(rows: NoticeRow[] = ROWS): NoticeDocument {
  const issueDate = '2026-09-24';
  return {
    kind: 'public',
    title: '关于侵害用户权益行为的APP通报（2026年第5批，总第58批）',
    issuer: '广东省通信管理局',
    issueDate,
    workingDays: 5,
    deadline: deadlineAfter(issueDate, 5),
    batch: { year: 2026, seq: 5, totalSeq: 58 },
    addressees: [],
    paragraphs: [
      '依据《个人信息保护法》《网络安全法》《电信和互联网用户个人信息保护规定》等法律法规，我局组织第三方检测机构对移动互联网应用程序进行检查，督促存在问题的企业进行整改。',
      '截至目前，尚有2款APP未完成整改（详见附件）。',
    ],
    rows,
    verification: {
      engineVersion: '0.9.0',
      rulesVersion: 'rules-2026.12',
      packages: rows.map((r, i) => ({ appName: r.appName, packageSha256: String(i + 1).repeat(64), reportSha256: 'ab'.repeat(32) })),
    },
  };
}

/** The text of each table cell of word/document.xml, table by table, row by row. */
function docxTables(xml: string): string[][][] {
  const text = (s: string): string =>
    [...s.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]!).join('').replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&amp;/gu, '&');
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/gu)].map((t) =>
    [...t[1]!.matchAll(/<w:tr[ >]([\s\S]*?)<\/w:tr>/gu)].map((r) => [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/gu)].map((c) => text(c[1]!))),
  );
}

describe('notice rendering', () => {
  it('has the deadline the calendar gives: 2026-09-24 + 5 working days', () => {
    expect(sampleNotice().deadline).toBe('2026-10-09');
  });

  it('adds APP备案号 and 属地 only when a row has them', () => {
    expect(annexColumns(ROWS).map((c) => c.head)).toEqual(['序号', '应用名称', '应用开发者', '应用来源', '应用版本', '所涉问题', 'APP备案号', '属地']);
    expect(annexColumns([ROWS[1]!]).map((c) => c.head)).toEqual(['序号', '应用名称', '应用开发者', '应用来源', '应用版本', '所涉问题']);
  });

  it('writes HTML with the title, deadline sentence, annex and verification, every string escaped', () => {
    const html = renderNoticeHtml(sampleNotice());
    expect(html).toContain('<h1>关于侵害用户权益行为的APP通报（2026年第5批，总第58批）</h1>');
    expect(html).toContain('上述APP应于2026年10月9日前完成整改落实工作（5个工作日');
    expect(html).toContain('<th>所涉问题</th>');
    expect(html).toContain('<td>违规收集个人信息；APP强制、频繁、过度索取权限</td>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;记账本');
    expect(html).not.toContain('<script>');
    expect(html).toContain('1'.repeat(64));
    expect(html).toContain('2026年9月24日');
  });

  it('renders a draft, which has no issue date yet, saying the date is to be set', async () => {
    const draft: NoticeDocument = { ...sampleNotice(), issueDate: '', workingDays: null, deadline: null };
    const html = renderNoticeHtml(draft);
    expect(html).toContain('（草稿，发文日期待定）');
    expect(html).toContain('掌上公交');
    const docx = await renderNoticeDocx(draft);
    expect(Buffer.from(docx).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('writes a takedown notice to its stores, without a deadline sentence', async () => {
    const doc: NoticeDocument = { ...sampleNotice(), kind: 'takedown', title: '关于下架侵害用户权益APP的通报', workingDays: null, deadline: null, batch: null, addressees: ['华为应用市场', '小米应用商店'] };
    const html = renderNoticeHtml(doc);
    expect(html).toContain('<p class="addressees">华为应用市场、小米应用商店：</p>');
    expect(html).toContain('附件：下架的APP名单');
    expect(html).not.toContain('完成整改落实工作');
    expect(html).not.toContain('class="batch"');
    if (hasTool('unzip')) {
      const file = join(work, 'takedown.docx');
      writeFileSync(file, await renderNoticeDocx(doc));
      const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });
      expect(xml).toContain('华为应用市场、小米应用商店：');
      expect(xml).not.toContain('完成整改落实工作');
    }
  });

  it.skipIf(!hasTool('unzip'))('writes a DOCX whose annex is a real table, cells in order', async () => {
    const file = join(work, 'notice.docx');
    writeFileSync(file, await renderNoticeDocx(sampleNotice()));
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });
    expect(xml).toContain('关于侵害用户权益行为的APP通报（2026年第5批，总第58批）');
    expect(xml).toContain('上述APP应于2026年10月9日前完成整改落实工作');
    const [annex, verify] = docxTables(xml);
    expect(annex).toEqual([
      ['序号', '应用名称', '应用开发者', '应用来源', '应用版本', '所涉问题', 'APP备案号', '属地'],
      ['1', '掌上公交', '深圳市某某科技有限公司', '华为应用市场', '3.2.1', '违规收集个人信息；APP强制、频繁、过度索取权限', '粤ICP备2023000001号-2A', '广东省深圳市'],
      ['2', '<script>alert(1)</script>记账本', '杭州某某网络有限公司', '小米应用商店；应用宝', '10.0.5', 'APP频繁自启动和关联启动；账号注销难', '', ''],
    ]);
    expect(verify![1]).toEqual(['掌上公交', '1'.repeat(64), 'ab'.repeat(32)]);
    // The header row repeats on each page, and the annex section is landscape.
    expect(xml).toMatch(/<w:tblHeader\/>|<w:tblHeader w:val="true"\/>/u);
    expect(xml).toMatch(/w:orient="landscape"/u);
  });

  it.skipIf(!existsSync(CHROMIUM_PATH) || !hasTool('pdftotext'))('prints a PDF whose text holds the annex rows', async () => {
    const file = join(work, 'notice.pdf');
    const pdf = await renderNoticePdf(sampleNotice());
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    writeFileSync(file, pdf);
    // -raw keeps the content-stream order, so a cell wrapped over lines stays together; whitespace is dropped.
    // Noto CJK maps some glyphs to Kangxi radicals in ToUnicode; NFKC folds them back (as pdf-reporter.test.ts).
    const flat = (s: string): string => s.normalize('NFKC').replace(/\s+/gu, '');
    const text = flat(execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }));
    expect(text).toContain('关于侵害用户权益行为的APP通报');
    expect(text).toContain('2026年10月9日前完成整改');
    for (const needle of ['违规收集个人信息；APP强制、频繁、过度索取权限', '掌上公交', '深圳市某某科技有限公司', '华为应用市场', '3.2.1', '粤ICP备2023000001号-2A', '<script>alert(1)</script>记账本', '10.0.5', '账号注销难']) {
      expect(text, needle).toContain(flat(needle));
    }
    expect(text).toContain('校验信息');
  });

  const MANIFEST = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpus', 'real-apps', 'MANIFEST.json');
  it.skipIf(!existsSync(MANIFEST) || !hasTool('unzip'))('lists the real corpus apps (labels, versions, sha256) in the DOCX table', async () => {
    const apps = (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { label?: string | null; version_name?: string | null; sha256: string; package?: string | null }[]).filter((a) => typeof a.label === 'string' && a.label !== '');
    const rows: NoticeRow[] = apps.map((a) => ({ appName: a.label!, developer: a.package ?? '', source: 'GitHub', version: a.version_name ?? '', problems: ['违规收集个人信息'] }));
    const doc = sampleNotice(rows);
    doc.verification.packages = apps.map((a) => ({ appName: a.label!, packageSha256: a.sha256, reportSha256: a.sha256 }));
    const file = join(work, 'real.docx');
    writeFileSync(file, await renderNoticeDocx(doc));
    const [annex, verify] = docxTables(execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
    expect(annex!.slice(1).map((r) => r[1])).toEqual(apps.map((a) => a.label));
    expect(verify!.slice(1).map((r) => r[1])).toEqual(apps.map((a) => a.sha256));
  });
});
