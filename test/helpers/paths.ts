// Where tests find real inputs. The corpus and fixtures are made by scripts/test-prepare.ts (run by `npm test`);
// a test that needs one that is missing fails loudly rather than passing silently.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CORPUS, type CorpusItem } from './corpus-list.ts';
import { buildFixture } from '../../scripts/build-fixtures.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CACHE = join(ROOT, '.cache');
export const CORPUS_DIR = join(CACHE, 'corpus');

/** All files of one corpus item; throws when the corpus was not fetched. */
export function corpusFiles(id: string): string[] {
  const dir = join(CORPUS_DIR, id);
  if (!existsSync(dir)) throw new Error(`corpus item ${id} missing: run 'npm run corpus' (scripts/fetch-corpus.ts)`);
  return readdirSync(dir).sort().map((f) => join(dir, f));
}

export function corpusFile(id: string): string {
  const files = corpusFiles(id);
  if (files.length !== 1) throw new Error(`corpus item ${id} has ${files.length} files; use corpusFiles`);
  return files[0]!;
}

export function corpusItems(kind?: CorpusItem['kind']): readonly CorpusItem[] {
  return kind === undefined ? CORPUS : CORPUS.filter((c) => c.kind === kind);
}

/** The largest real APK: appium-uiautomator2-server (16 dex). */
export function uiautomatorServerApk(): string {
  const f = corpusFiles('appium-uiautomator2-server').find((p) => p.endsWith('-v10.6.6.apk'));
  if (f === undefined) throw new Error('appium-uiautomator2-server apk missing');
  return f;
}

/** Path of a fixture app built from fixtures/apps/<name> (built on demand, cached). */
export function fixtureApk(name: string): string {
  return buildFixture(name);
}
