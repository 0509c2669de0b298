// Proof that a change of the engine's internals leaves its results alone: scans every corpus package with the
// engine found under ROOT and writes one JSON report per package (stats.durationMs set to 0, the only field
// that may differ between runs) plus a SHA-256 list. Run it with the engine before and after the change and
// compare the lists (or diff the folders): byte-identical reports, or the change altered results.
//   node bench/report-identity.ts OUT_DIR [ENGINE_ROOT] [EXTRA_PACKAGE…]
// ENGINE_ROOT defaults to this checkout; an exported older tree (git archive <commit> src | tar -x -C DIR)
// gives the "before". Packages: .cache/corpus (npm corpus) and ../shared/corpus/real-apps/files when present.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const [outDir, engineRoot = ROOT, ...extra] = process.argv.slice(2);
if (outDir === undefined) throw new Error('usage: node bench/report-identity.ts OUT_DIR [ENGINE_ROOT] [EXTRA_PACKAGE…]');
const { scan } = (await import(pathToFileURL(join(resolve(engineRoot), 'src', 'engine', 'scan.ts')).href)) as typeof import('../src/engine/scan.ts');

function packages(): string[] {
  const out: string[] = [];
  const corpus = join(ROOT, '.cache', 'corpus');
  if (existsSync(corpus)) {
    for (const d of readdirSync(corpus).sort()) {
      for (const f of readdirSync(join(corpus, d)).sort()) if (/\.(apk|aar|jar)$/.test(f)) out.push(join(corpus, d, f));
    }
  } else console.log(`${corpus} missing: run 'npm run corpus'`);
  const real = join(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files');
  if (existsSync(real)) for (const f of readdirSync(real).sort()) out.push(join(real, f));
  else console.log(`${real} missing: the real-apps corpus is skipped`);
  return [...out, ...extra.map((p) => resolve(p))].filter((p) => statSync(p).isFile());
}

mkdirSync(outDir, { recursive: true });
const lines: string[] = [];
for (const p of packages()) {
  let text: string;
  try {
    const report = await scan({ path: p });
    report.stats.durationMs = 0;
    text = JSON.stringify(report, null, 2) + '\n';
  } catch (e) {
    text = `error: ${e instanceof Error ? e.message : String(e)}\n`;
  }
  const name = `${basename(p)}.json`;
  writeFileSync(join(outDir, name), text);
  lines.push(`${createHash('sha256').update(text).digest('hex')}  ${name}`);
}
writeFileSync(join(outDir, 'SHA256SUMS'), lines.join('\n') + '\n');
console.log(`${lines.length} reports in ${outDir}`);
