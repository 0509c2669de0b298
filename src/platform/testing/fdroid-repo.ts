// A real F-Droid repository for tests and the bench: ../shared/corpus/fdroid/repo copied to a temp folder, its
// index-v1.json and entry.json signed into index-v1.jar and entry.jar with jarsigner (a key made by keytool),
// and served by node:http on 127.0.0.1. The corpus has no signed jars of its own; these are made as
// `fdroid update` would.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CORPUS_REPO = resolve(import.meta.dirname, '../../../../shared/corpus/fdroid/repo');

export interface TestRepo {
  dir: string;
  base: string;
  fingerprint: string;
  /** Requests served, by path. */
  hits: Map<string, number>;
  /** Paths answered 503 this many more times (transient failures). */
  flaky: Map<string, number>;
  /** Signs `file` (in dir, or in `cwd`) into `jar` there with the repository key. */
  sign(file: string, jar: string, cwd?: string): void;
  close(): Promise<void>;
}

export async function startTestRepo(): Promise<TestRepo> {
  const root = mkdtempSync(join(tmpdir(), 'piscope-fdroid-'));
  const dir = join(root, 'repo');
  mkdirSync(dir);
  for (const f of readdirSync(CORPUS_REPO)) copyFileSync(join(CORPUS_REPO, f), join(dir, f));
  const ks = join(root, 'keystore.p12');
  const pass = ['-storepass', 'piscope-test', '-keypass', 'piscope-test'];
  execFileSync('keytool', ['-genkeypair', '-keystore', ks, '-storetype', 'PKCS12', ...pass, '-alias', 'repo', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '3650', '-dname', 'CN=piscope test repo, O=piscope'], { stdio: 'pipe' });
  const der = execFileSync('keytool', ['-exportcert', '-keystore', ks, '-storepass', 'piscope-test', '-alias', 'repo'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const fingerprint = createHash('sha256').update(der).digest('hex');
  const sign = (file: string, jar: string, cwd = dir): void => {
    rmSync(join(cwd, jar), { force: true });
    execFileSync('jar', ['cf', jar, file], { cwd, stdio: 'pipe' });
    execFileSync('jarsigner', ['-keystore', ks, ...pass, '-digestalg', 'SHA-256', '-sigalg', 'SHA256withRSA', jar, 'repo'], { cwd, stdio: 'pipe' });
  };
  sign('index-v1.json', 'index-v1.jar');
  sign('entry.json', 'entry.jar');
  const hits = new Map<string, number>();
  const flaky = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const f = flaky.get(path) ?? 0;
    if (f > 0) {
      flaky.set(path, f - 1);
      res.writeHead(503).end('busy');
      return;
    }
    const file = join(dir, path.replace(/^\/+/, ''));
    if (!file.startsWith(dir + '/') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    dir,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fingerprint,
    hits,
    flaky,
    sign,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
