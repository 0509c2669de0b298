// A scan process, forked by scan-runner.ts with a heap cap. It scans one package at a time from a folder
// holding only a link named as the package was uploaded, so the report names the package exactly as
// `piscope scan <name> --format json` run beside the file would; it replies with that JSON text.
import { jsonReporter } from '../../report/json-reporter.ts';
import { scan } from '../../engine/scan.ts';
import { isPiscopeError } from '../../errors.ts';
import type { BatchScanOptions } from '../../engine/scan-many.ts';
import { FileSource } from '../../binary/byte-source.ts';
import { readZip } from '../../formats/zip/index.ts';
import { readSigning } from '../../package/signing-info.ts';

export interface ChildJob {
  id: number;
  dir: string;
  name: string;
  options: BatchScanOptions;
  /** Recorded runs to read with the package (an imported camille or AppScan log), by name and bytes. */
  traces?: { name: string; bytes: Uint8Array }[];
}
export type ChildReply = { id: number; ok: true; json: string; signer: string | null } | { id: number; ok: false; code: string; message: string };

const home = process.cwd();

/** The SHA-256 of the first signer certificate (v2+ block first, else v1), or null. Only the ZIP's index is read. */
function signerOf(path: string): string | null {
  const src = new FileSource(path);
  try {
    const signing = readSigning(src, readZip(src), true);
    return signing?.blockCertificates?.[0]?.sha256 ?? signing?.v1[0]?.certificates[0]?.sha256 ?? null;
  } catch {
    return null;
  } finally {
    src.close();
  }
}
// The parent died (kill -9 included): nothing is left to answer to.
process.on('disconnect', () => process.exit(0));
process.on('message', (job: ChildJob) => {
  void (async () => {
    let reply: ChildReply;
    try {
      process.chdir(job.dir);
      const report = await scan({ path: job.name }, job.traces === undefined ? job.options : { ...job.options, traces: job.traces.map((t) => ({ path: t.name, open: () => [t.bytes] })) });
      reply = { id: job.id, ok: true, json: jsonReporter(report), signer: report.input.kind === 'apk' ? signerOf(job.name) : null };
    } catch (e) {
      const code = isPiscopeError(e) ? e.code : 'INTERNAL';
      reply = { id: job.id, ok: false, code, message: e instanceof Error ? e.message : String(e) };
    } finally {
      process.chdir(home);
    }
    process.send?.(reply);
  })();
});
