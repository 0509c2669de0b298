// The on-demand control flow (decodeCodeItemFlow) vs AOSP dexdump -d on a real dex: every instruction's pc,
// every if/goto target, every try range and handler address must agree exactly.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test/helpers/paths.ts';
import { readClassData } from './class-data.ts';
import { decodeCodeItemFlow } from './code-item.ts';
import { openDex } from './dex-file.ts';

interface OracleMethod {
  pcs: number[];
  jumps: string[];
  tries: string[];
}

function oracle(file: string): Map<string, OracleMethod[]> {
  const text = execFileSync('dexdump', ['-d', file], { maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const out = new Map<string, OracleMethod[]>();
  let cur: OracleMethod | null = null;
  let inCatches = false;
  let range = '';
  for (const line of text.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^[0-9a-f]+: +\|\[[0-9a-f]+\] (.*)$/.exec(line)) !== null) {
      cur = { pcs: [], jumps: [], tries: [] };
      const list = out.get(m[1]!) ?? [];
      list.push(cur);
      out.set(m[1]!, list);
      inCatches = false;
    } else if (cur !== null && (m = /^[0-9a-f]+: [0-9a-f .]+\|([0-9a-f]{4}): (\S+)(.*)$/s.exec(line)) !== null) {
      const pc = parseInt(m[1]!, 16);
      cur.pcs.push(pc);
      const op = m[2]!;
      const t = / ([0-9a-f]{4,8}) \/\/ [+-]/.exec(m[3]!);
      if ((op.startsWith('if-') || op.startsWith('goto')) && t !== null) cur.jumps.push(`${pc}:${op.startsWith('if-') ? op.replace(/^if-/, '').replace(/z$/, '') : 'goto'}:${parseInt(t[1]!, 16)}`);
    } else if (/^ {6}catches {7}: /.test(line)) {
      inCatches = !line.includes('(none)');
    } else if (cur !== null && inCatches && (m = /^ {8}0x([0-9a-f]{4}) - 0x([0-9a-f]{4})$/.exec(line)) !== null) {
      range = `${parseInt(m[1]!, 16)}-${parseInt(m[2]!, 16)}`;
    } else if (cur !== null && inCatches && (m = /^ {10}.* -> 0x([0-9a-f]{4})$/.exec(line)) !== null) {
      cur.tries.push(`${range}>${parseInt(m[1]!, 16)}`);
    } else if (/^ {6}positions/.test(line)) inCatches = false;
  }
  return out;
}

describe('control flow agrees with dexdump -d', () => {
  it('appium-android-bootstrap: pcs, if/goto targets and try handlers of every method', () => {
    const file = corpusFile('appium-android-bootstrap');
    const expected = oracle(file);
    const [dex] = openDex(readFileSync(file), file);
    let methods = 0;
    let jumps = 0;
    let tries = 0;
    const seen = new Map<string, number>();
    for (let i = 0; i < dex!.classDefsSize; i++) {
      const data = readClassData(dex!, dex!.classDef(i));
      for (const m of [...data.directMethods, ...data.virtualMethods]) {
        if (m.codeOff === 0) continue;
        const ref = dex!.method(m.methodIdx);
        const key = `${ref.owner.slice(1, -1).replaceAll('/', '.')}.${ref.name}:${ref.descriptor}`;
        const k = seen.get(key) ?? 0;
        seen.set(key, k + 1);
        const want = expected.get(key)?.[k];
        expect(want, key).toBeDefined();
        const flow = decodeCodeItemFlow(dex!, m.codeOff).flow;
        const got = {
          pcs: [...flow.pcs],
          jumps: flow.jumps.filter((j) => j.kind === 'if' || j.kind === 'goto').map((j) => `${j.pc}:${j.kind === 'goto' ? 'goto' : j.cmp!}:${j.targets[0]!}`),
          tries: flow.tries.flatMap((t) => t.handlers.map((h) => `${t.start}-${t.end}>${h}`)),
        };
        expect(got, key).toEqual(want);
        methods++;
        jumps += got.jumps.length;
        tries += got.tries.length;
      }
    }
    expect(methods).toBeGreaterThan(300);
    expect(jumps).toBeGreaterThan(300);
    expect(tries).toBeGreaterThan(30);
  });
});
