// The direct sensitive-API call sites that analyze() reports, against what dexdump -d and javap -c show, on
// every real APK, dex and SDK jar/aar of the corpus: recall ≥ 99% and nothing the oracle lacks.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFiles, corpusItems } from '../../test/helpers/paths.ts';
import { readZip } from '../formats/zip/index.ts';
import { apiMatcher, sensitiveApis } from '../knowledge/index.ts';
import { openPackage } from '../package/open-package.ts';
import { analyze } from './analyze.ts';
import { dexdumpCalls, javapCalls, type OracleCalls } from './oracle.test-helper.ts';

const directIds = new Set(sensitiveApis().filter((a) => a.direct === true && a.kind === 'method' && a.dataType !== null).map((a) => a.id));

function isDirectTarget(key: string): boolean {
  return apiMatcher().byMethodKey(key).some((a) => directIds.has(a.id));
}

/** Oracle call sites of direct APIs, first class definition wins (as the code index does). */
function oracleSites(containers: { classes: string[]; calls: OracleCalls }[]): Map<string, number> {
  const seen = new Set<string>();
  const out = new Map<string, number>();
  for (const c of containers) {
    const fresh = new Set(c.classes.filter((k) => !seen.has(k)));
    for (const k of fresh) seen.add(k);
    for (const [caller, list] of c.calls) {
      if (!fresh.has(caller.slice(0, caller.indexOf('->')))) continue;
      for (const { callee } of list) {
        if (!isDirectTarget(callee)) continue;
        const key = `${caller} ${callee}`;
        out.set(key, (out.get(key) ?? 0) + 1);
      }
    }
  }
  return out;
}

function oursSites(facts: ReturnType<typeof analyze>): Map<string, number> {
  const sites = new Set<string>();
  const out = new Map<string, number>();
  // Reading is measured on every call found, also those judged not to collect (probes, object getters).
  for (const c of [...facts.apiCalls, ...(facts.nonCollecting ?? [])]) {
    if (c.via !== 'direct' || c.apiId === undefined || !directIds.has(c.apiId)) continue;
    const site = `${c.caller}@${c.pc} ${c.callee}`;
    if (sites.has(site)) continue; // one site may carry several data types
    sites.add(site);
    const key = `${c.caller} ${c.callee}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function compare(oracle: Map<string, number>, ours: Map<string, number>): { oracle: number; found: number; extra: string[]; missing: string[] } {
  let total = 0;
  let found = 0;
  const extra: string[] = [];
  const missing: string[] = [];
  for (const [k, n] of oracle) {
    total += n;
    found += Math.min(n, ours.get(k) ?? 0);
    if ((ours.get(k) ?? 0) < n) missing.push(k);
  }
  for (const [k, n] of ours) if (n > (oracle.get(k) ?? 0)) extra.push(k);
  return { oracle: total, found, extra, missing };
}

const items = [...corpusItems('apk'), ...corpusItems('dex'), ...corpusItems('jar'), ...corpusItems('aar')];

describe('direct sensitive call sites agree with dexdump / javap', () => {
  for (const item of items) {
    for (const file of corpusFiles(item.id)) {
      it(`${item.id}: ${file.slice(file.lastIndexOf('/') + 1)}`, { timeout: 600_000 }, () => {
        const bytes = new Uint8Array(readFileSync(file));
        const pkg = openPackage(bytes, { path: file });
        const facts = analyze(pkg);
        const containers = pkg.code.containers.map((c) => {
          // Nested containers are `outer!inner` paths: open each level in turn.
          let data: Uint8Array = bytes;
          if (item.kind !== 'dex' && c.path !== file.slice(file.lastIndexOf('/') + 1)) {
            for (const part of c.path.split('!')) data = readZip(data).read(part);
          }
          if (c.format !== 'dex') return javapCalls(data);
          const tmp = join(mkdtempSync(join(tmpdir(), 'piscope-dex-')), 'classes.dex');
          writeFileSync(tmp, data);
          try {
            return dexdumpCalls(data, tmp);
          } finally {
            rmSync(dirname(tmp), { recursive: true, force: true });
          }
        });
        const r = compare(oracleSites(containers), oursSites(facts));
        console.info(`${item.id} ${file.slice(file.lastIndexOf('/') + 1)}: oracle ${r.oracle} sites, found ${r.found}, extra ${r.extra.length}`);
        if (process.env['PISCOPE_ORACLE_DEBUG'] !== undefined) console.info(r.missing.slice(0, 20).join('\n'));
        expect(r.extra).toEqual([]);
        if (r.oracle > 0) expect(r.found / r.oracle).toBeGreaterThanOrEqual(0.99);
      });
    }
  }
});
