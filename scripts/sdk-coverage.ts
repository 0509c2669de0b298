// SDK coverage on the real-app corpus (../shared/corpus/real-apps): for every vendor prefix that the fact
// sheets (MANIFEST.json, from dexdump) list, how many of its classes piscope gives to which SDK.
//   node scripts/sdk-coverage.ts [file-substring]
// The corpus is read-only input that a clone may lack: the script says so and exits 2.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { apiMatcher, sdkMatcher, sensitiveApis } from '../src/knowledge/index.ts';
import { openPackage } from '../src/package/open-package.ts';
import { typeToJava } from '../src/package/code-model.ts';
import { ApiCatalogue } from '../src/analysis/catalogue.ts';
import { identifyByFingerprint } from '../src/analysis/fingerprint-match.ts';
import { Program } from '../src/analysis/program.ts';
import { scan } from '../src/analysis/scan.ts';
import { identifyByPrefix } from '../src/analysis/sdk-detect.ts';

export const realAppsDir = resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'real-apps');

export interface RealApp {
  file: string;
  package: string | null;
  sdk_vendors: { vendor: string; prefixes: Record<string, number>; products: string[] }[];
  unattributed_packages_top: Record<string, number>;
}

export function realApps(): RealApp[] | null {
  const f = join(realAppsDir, 'MANIFEST.json');
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as RealApp[]) : null;
}

export interface PrefixCoverage {
  prefix: string;
  vendor: string;
  classes: number;
  /** SDK id → classes of this prefix it owns. */
  owners: Record<string, number>;
  unowned: number;
}

/** Per listed prefix (longest wins, as the fact sheet counts), which SDKs own its classes. */
export function coverage(app: RealApp): { sdks: { id: string; matchedBy: string }[]; prefixes: PrefixCoverage[] } {
  const path = join(realAppsDir, app.file);
  const pkg = openPackage(new Uint8Array(readFileSync(path)), { path });
  const program = new Program(pkg.code);
  const g = scan(program, new ApiCatalogue(apiMatcher(), sensitiveApis()), { ownPackage: pkg.manifest?.packageName ?? null });
  const ids = identifyByPrefix(program, sdkMatcher());
  identifyByFingerprint(program, g, ids);
  const listed = new Map<string, string>();
  for (const v of app.sdk_vendors) for (const p of Object.keys(v.prefixes)) listed.set(p, v.vendor);
  for (const p of Object.keys(app.unattributed_packages_top)) if (p.includes('.')) listed.set(p, '(unattributed)');
  const rows = new Map<string, PrefixCoverage>();
  for (let c = 0; c < program.classCount; c++) {
    if (!program.isApp(c)) continue;
    const dotted = typeToJava(program.typeNames[c]!);
    let best = '';
    for (const p of listed.keys()) if (dotted.startsWith(`${p}.`) && p.length > best.length) best = p;
    if (best === '') continue;
    let r = rows.get(best);
    if (r === undefined) {
      r = { prefix: best, vendor: listed.get(best)!, classes: 0, owners: {}, unowned: 0 };
      rows.set(best, r);
    }
    r.classes++;
    const h = ids.ownerOf[c]!;
    if (h < 0) r.unowned++;
    else r.owners[ids.hits[h]!.id] = (r.owners[ids.hits[h]!.id] ?? 0) + 1;
  }
  return { sdks: ids.hits.map((h) => ({ id: h.id, matchedBy: h.matchedBy })), prefixes: [...rows.values()] };
}

if (import.meta.main) {
  const apps = realApps();
  if (apps === null) {
    process.stderr.write(`sdk-coverage: ${realAppsDir} is absent; nothing measured\n`);
    process.exit(2);
  }
  const only = process.argv[2];
  for (const app of apps) {
    if (only !== undefined && !app.file.includes(only)) continue;
    const cov = coverage(app);
    process.stdout.write(`== ${app.file}: ${cov.sdks.map((s) => `${s.id}(${s.matchedBy})`).join(' ')}\n`);
    for (const r of cov.prefixes) {
      const owners = Object.entries(r.owners).map(([k, v]) => `${k}:${v}`).join(' ');
      process.stdout.write(`   ${r.unowned === 0 ? 'ok  ' : r.unowned === r.classes ? 'MISS' : 'part'} ${r.prefix} [${r.vendor}] ${r.classes - r.unowned}/${r.classes} ${owners}\n`);
    }
  }
}
