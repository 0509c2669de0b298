// camille and AppScan logs. Neither carries a verdict: each line is a hooked call (time, what, arguments,
// stack), and the consent split camille offers is made by its Python side, not written into the messages
// (../shared/corpus/traces: script.js alertSend, docs/use.md 是否同意隐私政策; AppScan helper/default.js,
// doc/api.md). So the findings of an import are piscope's runtime rules run over the log, through the engine
// (scan() with the package and the log as a trace, src/runtime/import reads it), keeping only the findings
// that rest on the log (trace evidence). They are attributed to the tool that recorded the evidence, under
// our rule ids, and claim what the runtime rules claim from a log without consent markers (at most possible).
// The scan runs in a child process with the workers' heap cap and time limit (worker/scan-runner.ts), not in
// the API's.
import type { BatchScanOptions } from '../../engine/scan-many.ts';
import type { Report } from '../../report/types.ts';
import { detectImport } from '../../runtime/import/index.ts';
import { ScanSlot } from '../worker/scan-runner.ts';
import { SCAN_LIMITS } from '../worker/scan-worker.ts';
import { ImportRefused, type ParsedImport } from './parse.ts';

const TOOL = { camille: 'camille', appscan: 'AppScan' } as const;

export async function parseRuntimeLog(
  format: 'camille' | 'appscan',
  bytes: Uint8Array,
  fileName: string,
  pkg: { path: string; name: string; workDir: () => string },
  options: BatchScanOptions,
): Promise<ParsedImport> {
  const tool = TOOL[format];
  const head = Buffer.from(bytes.subarray(0, 1 << 14)).toString('utf8');
  const importer = detectImport(head);
  if (importer?.id !== format) {
    throw new ImportRefused('LOG_FORMAT', `not a ${tool} log: its first line is ${importer === null ? 'no hooked-call message of camille or AppScan' : `a ${importer.id} log`} (${tool} writes one JSON message a line with time, action, messages, arg and stacks)`);
  }
  const slot = new ScanSlot(SCAN_LIMITS);
  let result;
  try {
    result = await slot.run(pkg.path, pkg.name, pkg.workDir(), options, undefined, [{ name: fileName, bytes }]);
  } finally {
    slot.close();
  }
  if (!result.ok) throw new ImportRefused('SCAN_FAILED', `the package could not be scanned with the log: ${result.message} [${result.code}]`);
  const report = JSON.parse(result.json) as Report & { runtime?: { apiEvents?: number } };
  const problems = (report.diagnostics ?? []).filter((d) => d.code.startsWith('TRACE_')).map((d) => d.message);
  if ((report.runtime?.apiEvents ?? 0) === 0) throw new ImportRefused('LOG_EMPTY', `no hooked call could be read from the ${tool} log${problems.length > 0 ? `: ${problems.slice(0, 3).join('; ')}` : ''}`);
  const findings = report.findings.filter((f) => f.evidence.some((e) => e.kind === 'trace')).map((f) => ({ finding: f, sourceRuleId: f.ruleId, mapped: true }));
  return { engine: tool, engineVersion: null, sha256: report.input.sha256, findings, problems };
}
