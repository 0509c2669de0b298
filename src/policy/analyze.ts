// The policy analyzer: document (bytes or text) → PolicyAnalysis, the `policy` object of the Report with every
// item kept with its sentence and offsets. Sync on text; async only because PDF text extraction is.
import { PiscopeError, ErrorCode } from '../errors.ts';
import type { PolicyAnalysis } from './types.ts';
import { decodeText } from './decode.ts';
import { detectGarbled } from './garbled.ts';
import { htmlToText } from './html-text.ts';
import { pdfToText } from './pdf-text.ts';
import { analyseStructure } from './structure.ts';
import { extractDeclared } from './declared.ts';
import { extractSdks } from './sdks.ts';
import { answerQuestions, hasContact } from './questions.ts';
import { policyUrls } from './urls.ts';

export type PolicyInput = { bytes: Uint8Array; name: string } | { text: string; name: string };

const MAX_BYTES = 20 * 1024 * 1024;

function looksLikeHtml(name: string, text: string): boolean {
  return /\.x?html?$/i.test(name) || /^\s*(?:<!doctype html|<html|<\?xml[^>]*>\s*<html)/i.test(text) || /<(?:p|div|body|table|h[1-6])[\s>]/i.test(text.slice(0, 4096));
}

/** Markdown: drop emphasis marks and link targets but keep headings, lists and tables as the parser reads them. */
function markdownToText(md: string): string {
  return md
    .replace(/\r\n?/g, '\n')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1（$2）')
    .replace(/\*\*([^*\n]+)\*\*|__([^_\n]+)__/g, '$1$2')
    .replace(/^>\s?/gm, '');
}

/** Analyse a policy given as a file's bytes (any supported format and encoding) or as text. */
export async function analyzePolicy(input: PolicyInput): Promise<PolicyAnalysis> {
  if ('text' in input) return analyzePolicyText(input.text, input.name);
  const t0 = performance.now();
  const { bytes, name } = input;
  if (bytes.length > MAX_BYTES) throw new PiscopeError(ErrorCode.INPUT_TOO_LARGE, `policy is ${bytes.length} bytes, over ${MAX_BYTES}`, { file: name });
  if (bytes.length === 0) throw new PiscopeError(ErrorCode.POLICY_UNREADABLE, 'empty file', { structure: 'policy', file: name });
  let text: string;
  let encoding: string | null;
  if (/\.pdf$/i.test(name) || (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46)) {
    text = await pdfToText(bytes, name);
    encoding = null;
  } else {
    const d = decodeText(bytes);
    encoding = d.encoding;
    text = d.text;
    if (/\.(?:md|markdown)$/i.test(name)) text = markdownToText(text);
    else if (looksLikeHtml(name, text)) text = htmlToText(text);
  }
  return analyzePolicyText(text, name, { encoding, startedAt: t0 });
}

export interface TextOptions {
  /** The encoding the text was decoded from, when the caller decoded bytes (null when unknown or not text). */
  encoding?: string | null;
  /** performance.now() when the caller started (decoding included in durationMs); default: this call. */
  startedAt?: number;
}

/** Analyse policy text already extracted (plain text or the Markdown-like form of html-text.ts). */
export function analyzePolicyText(text: string, source: string | null, options: TextOptions = {}): PolicyAnalysis {
  const t0 = options.startedAt ?? performance.now();
  const encoding = options.encoding ?? null;
  const norm = text.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ');
  const garble = detectGarbled(norm);
  const { sections, sentences, lines } = analyseStructure(norm);
  const urls = policyUrls([norm]);
  if (garble.garbled) {
    // Mojibake: report it and answer nothing rather than analyse noise.
    return {
      ...emptyAnswers(norm, source, urls, sections),
      encoding,
      garbled: true,
      garbledReason: garble.reason,
      durationMs: performance.now() - t0,
    };
  }
  const { declared, negated } = extractDeclared(sentences);
  const sdkDisclosures = extractSdks(sentences, lines, norm);
  const q = answerQuestions(sentences, norm);
  const declaredIds = new Set(declared.map((d) => d.dataType));
  for (const s of sdkDisclosures) if (s.fromTable) for (const id of s.dataTypes) declaredIds.add(id);
  return {
    found: true,
    source,
    declaredDataTypes: [...declaredIds].sort(),
    declaredSdks: [...new Set(sdkDisclosures.map((s) => s.sdkId ?? s.name))],
    hasContact: hasContact(q.contact, sentences),
    hasAccountDeletion: q.accountDeletion.value,
    hasComplaintChannel: q.complaint.value,
    hasPersonalizationOptOut: q.personalization.value,
    hasMinorsClause: q.minors.value,
    text: norm,
    encoding,
    garbled: false,
    urls,
    sections,
    declared,
    negated,
    sdkDisclosures,
    ...q,
    durationMs: performance.now() - t0,
  };
}

function emptyAnswers(text: string, source: string | null, urls: string[], sections: PolicyAnalysis['sections']): PolicyAnalysis {
  const unclear = { value: null, evidence: [] };
  return {
    found: true,
    source,
    declaredDataTypes: [],
    declaredSdks: [],
    hasContact: null,
    hasAccountDeletion: null,
    hasComplaintChannel: null,
    hasPersonalizationOptOut: null,
    hasMinorsClause: null,
    text,
    encoding: null,
    garbled: true,
    urls,
    sections,
    declared: [],
    negated: [],
    sdkDisclosures: [],
    contact: { emails: [], phones: [], addresses: [], evidence: [] },
    complaint: { ...unclear, responseDays: null, workingDays: null, slowResponse: null },
    accountDeletion: { ...unclear, inAppPath: null },
    access: unclear,
    correction: unclear,
    deletion: unclear,
    withdrawConsent: unclear,
    minors: { ...unclear, guardianConsent: null, under14Rules: null },
    personalization: { ...unclear, noPersonalization: false },
    sharing: unclear,
    storage: { ...unclear, location: null, period: null, crossBorder: null },
    dates: { updated: null, effective: null, evidence: [] },
    operator: { name: null, evidence: [] },
    durationMs: 0,
  };
}
