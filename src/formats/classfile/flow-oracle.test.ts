// The on-demand control flow of class files (decodeClassMethodFlow) vs JDK javap -c on a real SDK jar: every
// instruction's pc, every if/goto target and every exception-table entry must agree exactly.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFiles } from '../../../test/helpers/paths.ts';
import { readZip } from '../zip/index.ts';
import { decodeClassMethodFlow } from './bytecode.ts';
import { parseClassFile } from './class-file.ts';

interface OracleMethod {
  pcs: number[];
  jumps: string[];
  tries: string[];
  /** Pcs of tableswitch / lookupswitch (javap prints their targets on lines of their own). */
  switches: number[];
}

const CMP: Record<string, string> = { eq: 'eq', ne: 'ne', lt: 'lt', ge: 'ge', gt: 'gt', le: 'le', null: 'eq', nonnull: 'ne' };

/** javap's methods with code, per class in the given order. */
function oracle(jar: string, names: readonly string[]): Map<string, OracleMethod[]> {
  const out = new Map<string, OracleMethod[]>();
  const text = execFileSync('javap', ['-c', '-p', '-cp', jar, ...names], { maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  let k = -1;
  let cur: OracleMethod | null = null;
  let inTable = false;
  for (const line of text.split('\n')) {
    let m: RegExpExecArray | null;
    if (/^\S.*\{$/.test(line) && !line.startsWith('Compiled from')) {
      k++;
      out.set(names[k]!, []);
      cur = null;
    } else if (line === '    Code:') {
      cur = { pcs: [], jumps: [], tries: [], switches: [] };
      out.get(names[k]!)!.push(cur);
      inTable = false;
    } else if (cur !== null && line === '    Exception table:') inTable = true;
    else if (cur !== null && inTable && (m = /^ +(\d+) +(\d+) +(\d+) +\S+/.exec(line)) !== null) cur.tries.push(`${m[1]!}-${m[2]!}>${m[3]!}`);
    else if (cur !== null && !inTable && (m = /^ +(\d+): ([a-z]\w*)(.*)$/.exec(line)) !== null) {
      const pc = Number(m[1]);
      const op = m[2]!;
      cur.pcs.push(pc);
      const t = /^\s+(\d+)\s*$/.exec(m[3]!);
      const c = /^if_?(?:icmp|acmp)?(eq|ne|lt|ge|gt|le|null|nonnull)$/.exec(op);
      if (c !== null && t !== null) cur.jumps.push(`${pc}:${CMP[c[1]!]!}:${t[1]!}`);
      else if ((op === 'goto' || op === 'goto_w') && t !== null) cur.jumps.push(`${pc}:goto:${t[1]!}`);
      else if (op === 'tableswitch' || op === 'lookupswitch') cur.switches.push(pc);
    }
  }
  return out;
}

describe('class-file control flow agrees with javap -c', () => {
  it('umeng-analytics: pcs, if/goto targets and exception tables of every method', () => {
    const jar = corpusFiles('umeng-analytics').find((f) => f.endsWith('.jar'))!;
    const zip = readZip(readFileSync(jar));
    const entries = zip.entries.filter((e) => e.name.endsWith('.class')).slice(0, 150);
    const names = entries.map((e) => e.name.slice(0, -'.class'.length));
    const expected = oracle(jar, names);
    let methods = 0;
    let jumps = 0;
    let tries = 0;
    entries.forEach((e, k) => {
      const cf = parseClassFile(zip.read(e));
      const want = expected.get(names[k]!)!;
      const withCode = cf.methods.filter((m) => m.code !== null);
      expect(withCode.length, names[k]).toBe(want.length);
      withCode.forEach((m, i) => {
        const flow = decodeClassMethodFlow(cf, m)!.flow;
        const w = want[i]!;
        const got = {
          pcs: [...flow.pcs],
          jumps: flow.jumps.filter((j) => j.kind === 'if' || (j.kind === 'goto' && !w.switches.includes(j.pc))).map((j) => `${j.pc}:${j.kind === 'goto' ? 'goto' : j.cmp!}:${j.targets[0]!}`),
          tries: flow.tries.flatMap((t) => t.handlers.map((h) => `${t.start}-${t.end}>${h}`)),
          switches: flow.jumps.filter((j) => j.kind === 'goto' && w.switches.includes(j.pc)).map((j) => j.pc),
        };
        expect(got, `${names[k]!}.${m.name}${m.descriptor}`).toEqual(w);
        methods++;
        jumps += got.jumps.length;
        tries += got.tries.length;
      });
    });
    expect(methods).toBeGreaterThan(300);
    expect(jumps).toBeGreaterThan(300);
    expect(tries).toBeGreaterThan(30);
  });
});
