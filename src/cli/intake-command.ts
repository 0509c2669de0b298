// `piscope intake`: a thin shell over the platform's /sources API (add a source, run it, read and re-run its
// failures). All the work happens in the server (platform/intake/).
import { Option, type Command } from 'commander';
import type { CliIO } from './main.ts';

interface Common {
  server: string;
  token?: string;
}

async function call(io: CliIO, flags: Common, method: string, path: string, body?: unknown): Promise<{ ok: boolean; json: unknown }> {
  const token = flags.token ?? (io.env ?? process.env).PISCOPE_TOKEN;
  if (token === undefined || token === '') throw new Error('intake needs --token or PISCOPE_TOKEN');
  const r = await fetch(`${flags.server.replace(/\/$/, '')}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  const json: unknown = text === '' ? null : JSON.parse(text);
  if (!r.ok) {
    const p = json as { title?: string; detail?: string } | null;
    io.stderr(`piscope: ${r.status} ${p?.title ?? ''}: ${p?.detail ?? text}\n`);
  }
  return { ok: r.ok, json };
}

export function registerIntake(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const intake = program.command('intake').description('sources that feed a batch on a platform: a watched folder, URLs, an F-Droid repository');
  const common = (c: Command): Command => c.requiredOption('--server <url>', 'the platform, e.g. http://127.0.0.1:8300').option('--token <token>', 'API token (default: $PISCOPE_TOKEN)');
  const print = (ok: boolean, json: unknown): void => {
    if (ok) io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    setExit(ok ? 0 : 2);
  };

  common(intake.command('add').description('add a source feeding --batch').argument('<name>'))
    .requiredOption('--batch <name>', 'the batch it feeds (made when new)')
    .addOption(new Option('--fdroid <repo>', 'an F-Droid repository address').conflicts(['folder', 'url']))
    .option('--fingerprint <sha256>', "the F-Droid repository's signing certificate SHA-256")
    .addOption(new Option('--index <v>', 'F-Droid index to read').choices(['v1', 'v2']))
    .option('--folder <path>', 'a folder on the server to watch (administrators)')
    .option('--url <url...>', 'package URLs')
    .option('--per-second <n>', 'requests per second to the store', Number)
    .option('--concurrency <n>', 'requests at once to the store', Number)
    .action(async (name: string, f: Common & { batch: string; fdroid?: string; fingerprint?: string; index?: 'v1' | 'v2'; folder?: string; url?: string[]; perSecond?: number; concurrency?: number }) => {
      const limits = { ...(f.perSecond !== undefined ? { perSecond: f.perSecond } : {}), ...(f.concurrency !== undefined ? { concurrency: f.concurrency } : {}) };
      const config =
        f.fdroid !== undefined
          ? { kind: 'fdroid', repo: f.fdroid, fingerprint: f.fingerprint ?? '', ...(f.index !== undefined ? { index: f.index } : {}), limits }
          : f.folder !== undefined
            ? { kind: 'folder', path: f.folder, limits }
            : { kind: 'urls', urls: f.url ?? [], limits };
      const r = await call(io, f, 'POST', '/sources', { name, batch: f.batch, config });
      print(r.ok, r.json);
    });
  common(intake.command('run').description('run a source (with --wait, until it ends)').argument('<id>'))
    .option('--wait', 'wait for the run to end')
    .action(async (id: string, f: Common & { wait?: boolean }) => {
      const r = await call(io, f, 'POST', `/sources/${encodeURIComponent(id)}/run${f.wait === true ? '?wait=true' : ''}`);
      print(r.ok, r.json);
    });
  common(intake.command('failures').description("a source's failure log").argument('<id>'))
    .option('--open', 'only failures not yet resolved')
    .action(async (id: string, f: Common & { open?: boolean }) => {
      const r = await call(io, f, 'GET', `/sources/${encodeURIComponent(id)}/failures${f.open === true ? '?open=true' : ''}`);
      print(r.ok, r.json);
    });
  common(intake.command('retry').description('re-run one logged failure').argument('<id>').argument('<failureId>')).action(async (id: string, failureId: string, f: Common) => {
    const r = await call(io, f, 'POST', `/sources/${encodeURIComponent(id)}/failures/${encodeURIComponent(failureId)}/retry`);
    print(r.ok, r.json);
  });
}
