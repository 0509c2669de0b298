// Downloads the held-out SDK versions of test/helpers/heldout-list.ts from the npm registry, by exact
// version, into .cache/heldout/<id>/ (as scripts/fetch-corpus.ts does for the corpus). Never committed.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { HELD_OUT } from '../test/helpers/heldout-list.ts';
import { glob, unpack } from './fetch-corpus.ts';

const cache = join(resolve(import.meta.dirname, '..'), '.cache');
export const heldOutDir = join(cache, 'heldout');
// Its own tarball folders: .cache/npm may be shared with another checkout.
const dirs = { tarballs: join(cache, 'heldout-npm', 'tgz'), unpacked: join(cache, 'heldout-npm', 'unpacked') };

export function fetchHeldOut(log = (s: string) => process.stderr.write(s + '\n')): void {
  for (const item of HELD_OUT) {
    const target = join(heldOutDir, item.id);
    if (existsSync(target) && readdirSync(target).length > 0) continue;
    log(`held-out: ${item.npm}@${item.version} ${item.path}`);
    const files = glob(unpack(item.npm, item.version, dirs), item.path);
    if (files.length === 0) throw new Error(`held-out: ${item.npm}@${item.version} has no ${item.path}`);
    mkdirSync(target, { recursive: true });
    for (const f of files) copyFileSync(f, join(target, basename(f)));
  }
  log(`held-out: ${HELD_OUT.length} items in ${heldOutDir}`);
}

if (import.meta.main) fetchHeldOut();
