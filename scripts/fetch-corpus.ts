// Downloads the real packages of test/helpers/corpus-list.ts from the npm registry, by exact version, into
// .cache/corpus/<id>/. Idempotent: a file already present is kept. Third-party binaries are never committed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CORPUS } from '../test/helpers/corpus-list.ts';

const root = resolve(import.meta.dirname, '..');
const cache = join(root, '.cache');
const tarballs = join(cache, 'npm');
const unpacked = join(cache, 'npm-unpacked');
const out = join(cache, 'corpus');

export function glob(dir: string, pattern: string): string[] {
  // Only the segments may contain '*'; enough for the corpus list.
  const parts = pattern.split('/');
  let bases = [dir];
  for (const part of parts) {
    const re = new RegExp('^' + part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
    const next: string[] = [];
    for (const b of bases) {
      if (!existsSync(b) || !statSync(b).isDirectory()) continue;
      for (const name of readdirSync(b)) if (re.test(name)) next.push(join(b, name));
    }
    bases = next;
  }
  return bases.sort();
}

export function unpack(npm: string, version: string, dirs = { tarballs, unpacked }): string {
  const { tarballs: tgzDir, unpacked: outDir } = dirs;
  const key = `${npm.replace('/', '+')}@${version}`;
  const dir = join(outDir, key);
  if (existsSync(join(dir, 'package'))) return join(dir, 'package');
  mkdirSync(tgzDir, { recursive: true });
  const name = execFileSync('npm', ['pack', `${npm}@${version}`, '--silent', '--pack-destination', tgzDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim().split('\n').pop()!;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['xzf', join(tgzDir, name), '-C', dir]);
  return join(dir, 'package');
}

export function fetchCorpus(log = (s: string) => process.stderr.write(s + '\n')): void {
  for (const item of CORPUS) {
    const target = join(out, item.id);
    if (existsSync(target) && readdirSync(target).length > 0) continue;
    log(`corpus: ${item.npm}@${item.version} ${item.path}`);
    const pkg = unpack(item.npm, item.version);
    const files = glob(pkg, item.path);
    if (files.length === 0) throw new Error(`corpus: ${item.npm}@${item.version} has no ${item.path}`);
    mkdirSync(target, { recursive: true });
    for (const f of files) {
      // Keep the ABI folder in the name for native libraries (several ABIs share one file name).
      const name = item.kind === 'so' ? `${basename(dirname(f))}-${basename(f)}` : basename(f);
      copyFileSync(f, join(target, name));
    }
  }
  log(`corpus: ${CORPUS.length} items in ${out}`);
}

if (import.meta.main) fetchCorpus();
