// The platform at national scale: 2.5 M versions, 25 M findings, 31 provinces + the national organisation,
// in PostgreSQL, and the latency of every list route through HTTP against `piscope serve --workers 0`.
//   node bench/platform-scale.ts --generate [--db URL] [--scale 1] [--seed 12]
//   node bench/platform-scale.ts --measure  [--db URL] [--samples 20]
//   node bench/platform-scale.ts --explain  [--db URL]      (EXPLAIN ANALYZE of each list query, as the API builds it)
// Default database: postgres://postgres@127.0.0.1:5432/piscope_scale. --measure writes bench/PLATFORM-SCALE.md.
import { FULL_SCALE, generate } from './lib/platform-scale-data.ts';
import { explainAll, measure } from './lib/platform-scale-measure.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const db = opt('--db', 'postgres://postgres@127.0.0.1:5432/piscope_scale');

if (args.includes('--generate')) {
  const scale = Number(opt('--scale', '1'));
  const t = Date.now();
  const counts = await generate(db, {
    versions: Math.round(FULL_SCALE.versions * scale),
    findings: Math.round(FULL_SCALE.findings * scale),
    seed: Number(opt('--seed', '12')),
    log: (l) => process.stdout.write(`  ${l}\n`),
  });
  process.stdout.write(`generated in ${((Date.now() - t) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}\n`);
} else if (args.includes('--measure')) {
  await measure(db, { samples: Number(opt('--samples', '20')), out: new URL('./PLATFORM-SCALE.md', import.meta.url).pathname });
} else if (args.includes('--explain')) {
  await explainAll(db, args.includes('--route') ? opt('--route', '') : undefined);
} else {
  process.stderr.write('usage: node bench/platform-scale.ts --generate | --measure | --explain [--db postgres://…]\n');
  process.exitCode = 2;
}
