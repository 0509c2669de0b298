// Child entry of the benchmarks: one piscope run over one package, timed from outside by bench/run.ts.
//   node bench/piscope-read.ts read APK      openPackage + manifest + resources + every method decoded
//   node bench/piscope-read.ts analyze APK   openPackage + analyze()
// Prints one JSON line of counts, so the runner can check that everything was decoded.
import { FileSource } from '../src/binary/byte-source.ts';
import { decodeAll } from '../src/package/code-index.ts';
import { loadAnalyze, requireOpenPackage } from './lib/piscope-api.ts';

async function main(mode: string, path: string): Promise<Record<string, unknown>> {
  // As the CLI reads a package: from the file, piece by piece, never held whole.
  const pkg = await (await requireOpenPackage())(new FileSource(path), { path });
  if (mode === 'read') {
    const m = pkg.manifest;
    // The label goes through resources.arsc, so the resource table is read too.
    const label = m?.label ?? null;
    const totals = decodeAll(pkg.code);
    return {
      ...totals,
      dexFiles: pkg.code.containers.filter((c) => c.format === 'dex').length,
      duplicateClasses: pkg.code.duplicateClasses.length,
      permissions: m?.permissions.length ?? 0,
      components: m?.components.length ?? 0,
      label,
    };
  }
  if (mode === 'analyze') {
    const analyze = await loadAnalyze();
    if (analyze === undefined) throw new Error('src/analysis/analyze.ts (analyze) is not there yet');
    const facts = await analyze(pkg);
    return { ...facts.stats, apiCalls: facts.apiCalls.length, sdks: facts.sdks.length, dataTypes: facts.dataTypes.length };
  }
  throw new Error(`unknown mode ${mode}: read | analyze`);
}

const [mode, path] = process.argv.slice(2);
if (mode === undefined || path === undefined) {
  console.error('usage: node bench/piscope-read.ts read|analyze APK');
  process.exitCode = 2;
} else {
  console.log(JSON.stringify(await main(mode, path)));
}
