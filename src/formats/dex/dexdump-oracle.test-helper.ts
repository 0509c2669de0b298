// Test oracle: AOSP dexdump -d, parsed into per-method invoke targets and string/type indexes, cached under
// .cache/oracle/dexdump/<sha256>.json because the text output runs to hundreds of MB.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE } from '../../../test/helpers/paths.ts';

export interface DexdumpMethod {
  /** `kind target` per invoke: `virtual Ljava/lang/Object;.toString:()Ljava/lang/String;`; custom as `custom call_site@N`. */
  readonly invokes: string[];
  readonly strings: number[];
  readonly types: number[];
  /** `sget|iget|sput|iput Lowner;.name:type` per field instruction. */
  readonly fields: string[];
}

export interface DexdumpResult {
  readonly classes: number;
  /** Methods with code, keyed `Lowner;.name:descriptor`. */
  readonly methods: Record<string, DexdumpMethod>;
  /** Every method-with-code occurrence, including repeated keys. */
  readonly methodsWithCode: number;
}

const FILTER = String.raw`Class descriptor|^    #[0-9]+ +: \(in|^      (name|type|registers) |: invoke-|: const-string|: const-class|: [si](get|put)`;

export function dexdump(bytes: Uint8Array, file: string): DexdumpResult {
  const sha = createHash('sha256').update(bytes).digest('hex');
  const dir = join(CACHE, 'oracle', 'dexdump');
  const cached = join(dir, `${sha}-v2.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as DexdumpResult;
  const text = execFileSync('sh', ['-c', `dexdump -d "$1" 2>/dev/null | LC_ALL=C grep -a -E '${FILTER}'`, 'sh', file], { maxBuffer: 1 << 30, encoding: 'utf8' });
  const methods: Record<string, DexdumpMethod> = {};
  let classes = 0;
  let methodsWithCode = 0;
  let cls = '';
  let name = '';
  let type = '';
  let cur: DexdumpMethod | null = null;
  for (const line of text.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^ {2}Class descriptor {2}: '(.*)'$/.exec(line)) !== null) {
      classes++;
      cls = m[1]!;
      cur = null;
    } else if (/^ {4}#\d+ +: \(in /.test(line)) {
      cur = null;
    } else if ((m = /^ {6}name {10}: '(.*)'$/.exec(line)) !== null) name = m[1]!;
    else if ((m = /^ {6}type {10}: '(.*)'$/.exec(line)) !== null) type = m[1]!;
    else if (line.startsWith('      registers     :')) {
      cur = { invokes: [], strings: [], types: [], fields: [] };
      methods[`${cls}.${name}:${type}`] = cur;
      methodsWithCode++;
    } else if (cur !== null && (m = /\|[0-9a-f]{4}: invoke-([a-z-]+?)(\/range)? \{[^}]*\}, (.*)$/.exec(line)) !== null) {
      const kind = m[1]!;
      let rest = m[3]!;
      if (kind === 'custom') {
        cur.invokes.push(`custom ${/call_site@([0-9a-f]+)/.exec(rest)?.[1] ?? '?'}`);
        continue;
      }
      rest = rest.slice(0, rest.lastIndexOf(' // method@'));
      if (kind === 'polymorphic') rest = rest.slice(0, rest.lastIndexOf(', ('));
      cur.invokes.push(`${kind} ${rest}`);
    } else if (cur !== null && /\|[0-9a-f]{4}: const-string(?:\/jumbo)? v\d+, /.test(line)) {
      // A string with a newline continues on lines the filter drops: its index is then unknown (-1).
      const idx = / \/\/ string@([0-9a-f]+)$/.exec(line)?.[1];
      cur.strings.push(idx === undefined ? -1 : parseInt(idx, 16));
    } else if (cur !== null && (m = /\|[0-9a-f]{4}: ([si])(get|put)(?:-[a-z]+)? (?:v\d+, )+(\S+) \/\/ field@/.exec(line)) !== null) {
      cur.fields.push(`${m[1]!}${m[2]!} ${m[3]!}`);
    } else if (cur !== null && (m = /: const-class v\d+, .* \/\/ type@([0-9a-f]+)$/.exec(line)) !== null) {
      cur.types.push(parseInt(m[1]!, 16));
    }
  }
  const result: DexdumpResult = { classes, methods, methodsWithCode };
  mkdirSync(dir, { recursive: true });
  writeFileSync(cached, JSON.stringify(result));
  return result;
}
