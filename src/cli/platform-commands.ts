// `piscope serve`, `piscope worker` and `piscope submit` (spec/platform-api.md "Commands"). The platform is
// imported lazily so `piscope --help` and `piscope scan` stay fast.
import { openAsBlob, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { ErrorCode, PiscopeError } from '../errors.ts';
import type { Finding, Report } from '../report/types.ts';
import { severityRank } from '../report/order.ts';
import type { CliIO } from './main.ts';
import { FAIL_ON, type FailOn } from './scan-command.ts';

const int = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number`);
  return n;
};

/** A start-up failure (port in use, database unreachable) as a usage error: the cause is outside piscope. */
function cannotStart(e: unknown): PiscopeError {
  return new PiscopeError(ErrorCode.USAGE, `cannot start: ${e instanceof Error ? e.message : String(e)}`);
}

/** Resolves on SIGINT or SIGTERM: a server runs until asked to stop. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerPlatform(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('run the platform: the API and, unless --workers 0, scan workers (embedded SQLite in --data unless --db postgres://…)')
    .option('--data <dir>', 'data folder: the SQLite database and the stored packages', './piscope-data')
    .option('--port <n>', 'port (0: any free port)', int('--port'), 8300)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--workers <n>', 'scan workers in this process (default: one per core; 0: API only)', int('--workers'))
    .option('--db <url>', 'postgres://… to keep everything, the job queue included, in PostgreSQL')
    .addHelpText('after', '\nPISCOPE_BOOTSTRAP_TOKEN: on a database with no user yet, creates the national organisation and an\nadministrator whose API token is this value.')
    .action(async (flags: { data: string; port: number; host: string; workers?: number; db?: string }) => {
      const { startServer } = await import('../platform/platform.ts');
      const env = io.env ?? process.env;
      const running = await startServer({
        data: flags.data,
        port: flags.port,
        host: flags.host,
        ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
        ...(flags.db !== undefined ? { db: flags.db } : {}),
        ...(env.PISCOPE_BOOTSTRAP_TOKEN !== undefined ? { bootstrapToken: env.PISCOPE_BOOTSTRAP_TOKEN } : {}),
        worker: { log: (l) => io.stderr(`piscope: ${l}\n`) },
      }).catch((e: unknown) => {
        throw cannotStart(e);
      });
      io.stdout(`piscope serving on ${running.url}\n`);
      io.stderr(`piscope: ${flags.db === undefined ? `data in ${flags.data}` : 'data in PostgreSQL'}; ${running.worker?.concurrency ?? 0} scan worker(s); API ${running.url}/api/v1 (OpenAPI at /api/v1/openapi.json)\n`);
      const { CONSOLE_DIST, CONSOLE_MISSING, consoleBuilt } = await import('../platform/api/console.ts');
      io.stderr(consoleBuilt(CONSOLE_DIST) ? `piscope: web console at ${running.url}/\n` : `piscope: ${CONSOLE_MISSING}\n`);
      await untilSignal();
      await running.close();
      setExit(0);
    });

  program
    .command('worker')
    .description('run scan workers that take jobs from the queue in PostgreSQL (any number of hosts)')
    .requiredOption('--db <url>', 'postgres://… of the platform')
    .option('--data <dir>', 'data folder shared with the server (the stored packages)', './piscope-data')
    .option('--concurrency <n>', 'scans at once (default: one per core)', int('--concurrency'))
    .action(async (flags: { db: string; data: string; concurrency?: number }) => {
      if (!/^postgres(ql)?:\/\//.test(flags.db)) throw new PiscopeError(ErrorCode.USAGE, '--db must be a postgres:// URL (the embedded queue runs inside piscope serve)');
      const { startWorker } = await import('../platform/platform.ts');
      const running = await startWorker({ db: flags.db, data: flags.data, ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}), worker: { log: (l) => io.stderr(`piscope: ${l}\n`) } }).catch((e: unknown) => {
        throw cannotStart(e);
      });
      io.stderr(`piscope: worker with ${running.worker?.concurrency ?? 0} slot(s) on ${new URL(flags.db).host}\n`);
      await untilSignal();
      await running.close();
      setExit(0);
    });

  program
    .command('submit')
    .description('upload packages (files, or folders searched recursively) to a platform and, with --wait, wait for their scans')
    .argument('<file...>', 'packages or folders')
    .requiredOption('--server <url>', 'the platform, e.g. http://127.0.0.1:8300')
    .option('--token <token>', 'API token (default: $PISCOPE_TOKEN)')
    .option('--batch <name>', 'add the packages to this batch (made when new); batch scans queue behind a person\'s')
    .option('--wait', 'wait for the scans to finish')
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this').choices(FAIL_ON).default('high'))
    .addHelpText('after', '\n--format json prints one object per line per package: {"file","sha256","scanId","status","findings"}.\nExit codes: 0 nothing at or above --fail-on, 1 such findings, 2 usage error or nothing could be submitted.')
    .action(async (inputs: string[], flags: SubmitFlags) => {
      setExit(await runSubmit(inputs, flags, io));
    });
}

interface SubmitFlags {
  server: string;
  token?: string;
  batch?: string;
  wait?: boolean;
  format: 'text' | 'json';
  failOn: FailOn;
}

const PACKAGE_EXTENSIONS = new Set(['.apk', '.jar', '.aar', '.wxapkg', '.dex']);

/** Files as given; folders searched recursively for packages (by extension), in name order. */
export function collectPackages(inputs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && PACKAGE_EXTENSIONS.has(extname(e.name).toLowerCase())) out.push(p);
    }
  };
  for (const i of inputs) {
    if (statSync(i).isDirectory()) walk(i);
    else out.push(i);
  }
  return out;
}

interface Line {
  file: string;
  sha256: string | null;
  scanId: number | null;
  status: string;
  findings: Finding[];
  error?: string;
}

async function runSubmit(inputs: string[], flags: SubmitFlags, io: CliIO): Promise<number> {
  const token = flags.token ?? (io.env ?? process.env).PISCOPE_TOKEN;
  if (token === undefined || token === '') {
    io.stderr('piscope: submit needs --token or PISCOPE_TOKEN\n');
    return 2;
  }
  let files: string[];
  try {
    files = collectPackages(inputs);
  } catch (e) {
    io.stderr(`piscope: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (files.length === 0) {
    io.stderr(`piscope: no package (.apk .jar .aar .wxapkg .dex) in ${inputs.join(', ')}\n`);
    return 2;
  }
  const base = flags.server.replace(/\/$/, '');
  const auth = { authorization: `Bearer ${token}` };
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => fetch(base + path, { ...init, headers: { ...auth, ...(init.headers as Record<string, string> | undefined) } });
  const problem = async (r: Response): Promise<string> => {
    const text = await r.text();
    try {
      const p = JSON.parse(text) as { title?: string; detail?: string };
      return `${r.status} ${p.title ?? ''}: ${p.detail ?? text}`;
    } catch {
      return `${r.status} ${text.slice(0, 200)}`;
    }
  };
  // `serve &` then `submit` at once: give a server that is still starting a few seconds.
  for (let i = 0; ; i++) {
    try {
      await fetch(`${base}/healthz`);
      break;
    } catch (e) {
      if (i >= 40) {
        io.stderr(`piscope: cannot reach ${base}: ${e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e)}\n`);
        return 2;
      }
      await new Promise((res) => setTimeout(res, 250));
    }
  }
  const lines: Line[] = [];
  const query = flags.batch === undefined ? '' : `?batch=${encodeURIComponent(flags.batch)}`;
  for (const file of files) {
    try {
      const form = new FormData();
      form.append('file', await openAsBlob(file), basename(file));
      const r = await call(`/api/v1/packages${query}`, { method: 'POST', body: form });
      if (!r.ok) {
        lines.push({ file, sha256: null, scanId: null, status: 'error', findings: [], error: await problem(r) });
        continue;
      }
      const body = (await r.json()) as { package: { sha256: string }; scan: { id: number; status: string } };
      lines.push({ file, sha256: body.package.sha256, scanId: body.scan.id, status: body.scan.status, findings: [] });
    } catch (e) {
      lines.push({ file, sha256: null, scanId: null, status: 'error', findings: [], error: e instanceof Error ? (e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message) : String(e) });
    }
  }
  const terminal = (s: string): boolean => ['done', 'failed', 'cancelled', 'error'].includes(s);
  if (flags.wait === true) {
    for (;;) {
      const pending = lines.filter((l) => !terminal(l.status));
      if (pending.length === 0) break;
      await new Promise((res) => setTimeout(res, 500));
      for (const l of pending) {
        const r = await call(`/api/v1/scans/${l.scanId}`);
        if (!r.ok) {
          l.status = 'error';
          l.error = await problem(r);
          continue;
        }
        const s = (await r.json()) as { status: string; error: string | null };
        l.status = s.status;
        if (s.error !== null) l.error = s.error;
      }
    }
  }
  let code = 0;
  for (const l of lines) {
    if (l.status === 'done' && l.scanId !== null) {
      const r = await call(`/api/v1/scans/${l.scanId}/report`);
      if (r.ok) {
        const report = (await r.json()) as Report;
        l.findings = report.findings;
        const failOn = flags.failOn;
        if (failOn !== 'never' && report.findings.some((f) => f.suppressed === undefined && severityRank(f.severity) <= severityRank(failOn))) code = 1;
      }
    }
    if (flags.format === 'json') {
      io.stdout(JSON.stringify({ file: l.file, sha256: l.sha256, scanId: l.scanId, status: l.status, findings: l.findings, ...(l.error !== undefined ? { error: l.error } : {}) }) + '\n');
    } else {
      const high = l.findings.filter((f) => f.severity === 'high').length;
      const what = l.status === 'done' ? `${l.findings.length} finding(s), ${high} high` : (l.error ?? '');
      io.stdout(`${l.file}\t${l.status}\t${what}${l.scanId === null ? '' : `\tscan ${l.scanId}`}\n`);
    }
    if (l.status === 'error') io.stderr(`piscope: ${l.file}: ${l.error ?? 'failed'}\n`);
  }
  return lines.every((l) => l.status === 'error') ? 2 : code;
}
