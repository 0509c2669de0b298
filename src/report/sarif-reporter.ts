// SARIF 2.1.0 for code-scanning tools. One run; rules come from the findings; suppressed findings keep
// their result with a `suppressions` entry so dashboards show them as accepted.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clauseTitle } from './labels.ts';
import type { Evidence, Finding, Report, Severity } from './types.ts';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note', info: 'note' };
// GitHub code scanning reads this property to rank security results.
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.0', low: '2.0', info: '0.0' };

type Json = Record<string, unknown>;

export function toUri(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

export function sarifLog(report: Report): Json {
  const ruleIds = [...new Set(report.findings.map((f) => f.ruleId))].sort();
  const rules = ruleIds.map((id) => sarifRule(report.findings.filter((f) => f.ruleId === id)));
  const artifacts: Json[] = [
    { location: { uri: toUri(report.input.path) }, length: report.input.size, hashes: { 'sha-256': report.input.sha256 }, roles: ['analysisTarget'] },
  ];
  const needsManifest = report.findings.some((f) => f.evidence.some((e) => e.kind === 'manifest'));
  if (needsManifest) artifacts.push({ location: { uri: 'AndroidManifest.xml' }, parentIndex: 0 });
  const manifestIndex = needsManifest ? 1 : -1;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'piscope',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules,
          },
        },
        artifacts,
        results: report.findings.map((f) => sarifResult(report, f, ruleIds.indexOf(f.ruleId), manifestIndex)),
        properties: { app: report.app, kind: report.input.kind },
      },
    ],
  };
}

export function sarifReporter(report: Report): string {
  return JSON.stringify(sarifLog(report), null, 2) + '\n';
}

function sarifRule(findings: Finding[]): Json {
  const f = findings[0]!;
  const clauses = [...new Set(findings.flatMap((x) => x.clauses))];
  const worst = findings.map((x) => x.severity).sort((a, b) => ['high', 'medium', 'low', 'info'].indexOf(a) - ['high', 'medium', 'low', 'info'].indexOf(b))[0]!;
  const rule: Json = {
    id: f.ruleId,
    name: pascal(f.ruleId),
    shortDescription: { text: `${f.title.zh} / ${f.title.en}` },
    fullDescription: { text: clauses.map((c) => `${c}: ${clauseTitle(c).zh} / ${clauseTitle(c).en}`).join('\n') },
    defaultConfiguration: { level: LEVEL[worst] },
    properties: { clauses, tags: ['privacy', ...clauses], 'security-severity': SECURITY_SEVERITY[worst] },
  };
  const help = (f as { helpUri?: unknown }).helpUri;
  if (typeof help === 'string') rule.helpUri = help;
  return rule;
}

function pascal(id: string): string {
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function sarifResult(report: Report, f: Finding, ruleIndex: number, manifestIndex: number): Json {
  const code = f.evidence.filter((e): e is Extract<Evidence, { kind: 'code' }> => e.kind === 'code');
  const manifest = f.evidence.filter((e): e is Extract<Evidence, { kind: 'manifest' }> => e.kind === 'manifest');
  const locations: Json[] = [];
  for (const m of manifest) {
    const region: Json = { snippet: { text: m.element } };
    if (typeof m.line === 'number' && m.line > 0) region.startLine = m.line;
    locations.push({ physicalLocation: { artifactLocation: { uri: 'AndroidManifest.xml', index: manifestIndex }, region } });
  }
  for (const c of code) {
    locations.push({
      physicalLocation: { artifactLocation: { uri: toUri(report.input.path), index: 0 } },
      logicalLocations: [{ fullyQualifiedName: c.caller, kind: 'function' }],
    });
  }
  if (locations.length === 0) locations.push({ physicalLocation: { artifactLocation: { uri: toUri(report.input.path), index: 0 } } });
  const result: Json = {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${f.message.zh}\n${f.message.en}` },
    locations,
    properties: {
      severity: f.severity,
      confidence: f.confidence,
      clauses: f.clauses,
      methods: f.methods,
      ...(f.dataTypes === undefined ? {} : { dataTypes: f.dataTypes }),
      ...(f.sdk === undefined ? {} : { sdk: f.sdk }),
      evidence: f.evidence,
    },
  };
  const flows = code.filter((c) => c.path !== undefined && c.path.length > 1);
  if (flows.length > 0) {
    result.codeFlows = flows.map((c) => ({
      threadFlows: [{ locations: c.path!.map((m) => ({ location: { logicalLocations: [{ fullyQualifiedName: m, kind: 'function' }] } })) }],
    }));
  }
  const related = f.evidence
    .filter((e): e is Extract<Evidence, { kind: 'policy' }> => e.kind === 'policy')
    .map((p, i) => ({
      id: i,
      message: { text: p.excerpt ?? `not found in the policy; searched: ${(p.searched ?? []).join('; ')}` },
      ...(p.source === undefined || p.source === null ? {} : { physicalLocation: { artifactLocation: { uri: toUri(p.source) } } }),
    }));
  if (related.length > 0) result.relatedLocations = related;
  if (f.suppressed !== undefined) {
    result.suppressions = [{ kind: 'external', status: 'accepted', justification: f.suppressed.justification, location: { physicalLocation: { artifactLocation: { uri: toUri(f.suppressed.file) } } } }];
  }
  return result;
}
