// Counts from Debian's dexdump, the independent oracle for what a full read of a dex must find: classes
// defined, methods with code, invoke instructions (all kinds, incl. /range, polymorphic, custom).
// awk does the counting because `dexdump -d` prints ~10× the dex size in text.
import { spawnSync } from 'node:child_process';

export interface DexCounts {
  classes: number;
  methodsWithCode: number;
  invokes: number;
}

const AWK = String.raw`/^  Class descriptor/ { k++; if (names) print "C " $4 }
/^      code          -/ { c++ }
/\|[0-9a-f]+: invoke-/ { i++ }
END { print "T " k+0, c+0, i+0 }`;

/** Counts of one dex file; with `withNames`, also the class descriptors it defines. */
export function dexdumpCounts(dexPath: string, withNames = false): DexCounts & { names: string[] } {
  const r = spawnSync('sh', ['-c', `dexdump -d "$1" | awk -v names=${withNames ? 1 : 0} '${AWK}'`, 'sh', dexPath], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`dexdump on ${dexPath} failed: ${r.stderr}`);
  const names: string[] = [];
  let total: DexCounts | undefined;
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('C ')) names.push(line.slice(2).replaceAll("'", ''));
    else if (line.startsWith('T ')) {
      const [k, c, i] = line.slice(2).split(' ').map(Number);
      total = { classes: k ?? 0, methodsWithCode: c ?? 0, invokes: i ?? 0 };
    }
  }
  if (total === undefined) throw new Error(`dexdump on ${dexPath}: no totals`);
  return { ...total, names };
}

export function addCounts(a: DexCounts, b: DexCounts, times = 1): DexCounts {
  return {
    classes: a.classes + b.classes * times,
    methodsWithCode: a.methodsWithCode + b.methodsWithCode * times,
    invokes: a.invokes + b.invokes * times,
  };
}

export const ZERO_COUNTS: DexCounts = { classes: 0, methodsWithCode: 0, invokes: 0 };
