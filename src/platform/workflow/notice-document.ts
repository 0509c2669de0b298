// The notice (通报) as a document: what the workflow hands to the renderers (HTML, PDF, DOCX). The workflow
// builds it from the database; the renderers know nothing of the database. The annex table has the columns
// of the regulator's published notices: 序号 | 应用名称 | 应用开发者 | 应用来源 | 应用版本 | 所涉问题, and the
// provincial variant adds APP备案号 and 属地.

/** The four kinds of the contract (../shared/spec/platform-api.md). */
export type NoticeKind = 'urge' | 'public' | 'takedown' | 'recheck';

export interface NoticeRow {
  /** 应用名称 */
  appName: string;
  /** 应用开发者: the company's name. */
  developer: string;
  /** 应用来源: the store(s) the app was taken from, e.g. "华为应用市场". */
  source: string;
  /** 应用版本: the version name as the package gives it. */
  version: string;
  /** 所涉问题: problem categories of the 164号文, derived from the findings' clauses. */
  problems: string[];
  /** APP备案号, when known (provincial variant). */
  filingNo?: string;
  /** 属地, when known (provincial variant). */
  region?: string;
}

/** What anyone needs to re-verify a published notice later. */
export interface NoticeVerification {
  engineVersion: string;
  rulesVersion: string;
  /** One entry per app row: the package and the stored report it rests on. */
  packages: { appName: string; packageSha256: string; reportSha256: string }[];
}

export interface NoticeDocument {
  kind: NoticeKind;
  /** e.g. 关于侵害用户权益行为的APP通报（2026年第5批，总第58批） */
  title: string;
  /** The issuing organisation's name. */
  issuer: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** Working days to rectify (工作日), or null for a kind without a deadline. */
  workingDays: number | null;
  /** YYYY-MM-DD, computed from issueDate and workingDays on the official calendar; null without a deadline. */
  deadline: string | null;
  batch: { year: number; seq: number; totalSeq: number } | null;
  /** Addressees: for a takedown notice, the stores that must take the apps down. */
  addressees: string[];
  /** The body's paragraphs, before the annex. */
  paragraphs: string[];
  rows: NoticeRow[];
  verification: NoticeVerification;
}
