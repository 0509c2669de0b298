// What a privacy policy declares: the input of rules/ and the `policy` object of the Report. Owned by policy/;
// rules/ and report/ only read it. Every item keeps its sentence and character offsets into `text`.
import type { ReportPolicy } from '../report/types.ts';

export interface Span {
  /** The sentence (or table row) the item came from. */
  sentence: string;
  /** Character offsets of the sentence in PolicyAnalysis.text. */
  start: number;
  end: number;
  /** Heading of the section that holds it, when known. */
  section: string | null;
}

export interface DeclaredDataType extends Span {
  dataType: string;
  /** The words of the policy that matched. */
  matched: string;
  /** Offsets of the matched words in PolicyAnalysis.text. */
  matchStart?: number;
  matchEnd?: number;
  purpose: string | null;
  /** "仅在您使用扫码功能时": a condition, still a declaration. */
  condition: string | null;
  shared: boolean;
}

export interface DeclaredSdk extends Span {
  name: string;
  /** Catalogue id when matched ("友盟+", "友盟统计SDK" and com.umeng → umeng-analytics). */
  sdkId: string | null;
  packageName: string | null;
  vendor: string | null;
  purpose: string | null;
  dataTypes: string[];
  policyUrl: string | null;
  /** Required disclosure fields absent for this SDK: name, vendor, purpose, data, link. */
  missingFields: string[];
  fromTable: boolean;
}

export interface Answer {
  /** true / false / null (unclear), as in the contract. */
  value: boolean | null;
  evidence: Span[];
}

export interface PolicyAnalysis extends ReportPolicy {
  /** Extensions beyond the contract. */
  text: string;
  encoding: string | null;
  /** Mojibake or unreadable text detected: the analysis is not trusted. */
  garbled: boolean;
  /** Why the text was judged garbled. */
  garbledReason?: string | null;
  urls: string[];
  sections: { heading: string; start: number; end: number; level: number }[];
  declared: DeclaredDataType[];
  negated: DeclaredDataType[];
  sdkDisclosures: DeclaredSdk[];
  contact: { emails: string[]; phones: string[]; addresses: string[]; evidence: Span[] };
  complaint: Answer & {
    responseDays: number | null;
    workingDays: boolean | null;
    /** Committed response time over 15 working days (or 21 calendar days): the 认定方法 limit. */
    slowResponse?: boolean | null;
  };
  accountDeletion: Answer & { inAppPath: string | null };
  access: Answer;
  correction: Answer;
  deletion: Answer;
  withdrawConsent: Answer;
  minors: Answer & { guardianConsent: boolean | null; under14Rules: boolean | null };
  personalization: Answer & { noPersonalization: boolean };
  sharing: Answer;
  storage: Answer & { location: string | null; period: string | null; crossBorder: boolean | null };
  dates: { updated: string | null; effective: string | null; evidence: Span[] };
  operator: { name: string | null; evidence: Span[] };
  durationMs: number;
}
