// Test oracle: JDK javap -c -p -s, parsed into per-method invoke targets, cached under
// .cache/oracle/javap/<sha256>.json. Classes are given to javap in batches and read back in the same order.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE } from '../../../test/helpers/paths.ts';

export interface JavapMethod {
  readonly descriptor: string;
  /** `virtual|special|static|interface Lowner;.name:desc`, or `dynamic name:desc`. */
  readonly invokes: string[];
  readonly strings: number;
  /** `getstatic|getfield|putstatic|putfield Lowner;.name:type`. */
  readonly fields: string[];
  /** ldc of a Class, as descriptors. */
  readonly classes: string[];
}

/** Per class (internal name), its methods with code in class-file order. */
export type JavapResult = Record<string, JavapMethod[]>;

function toDescriptor(internal: string): string {
  return internal.startsWith('[') ? internal : `L${internal};`;
}

export function javap(jarBytes: Uint8Array, jarFile: string, classNames: readonly string[]): JavapResult {
  const sha = createHash('sha256').update(jarBytes).digest('hex');
  const dir = join(CACHE, 'oracle', 'javap');
  const cached = join(dir, `${sha}-v2.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as JavapResult;
  const out: JavapResult = {};
  for (let b = 0; b < classNames.length; b += 300) {
    const batch = classNames.slice(b, b + 300);
    const text = execFileSync('javap', ['-c', '-p', '-s', '-cp', jarFile, ...batch], { maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    let k = -1;
    let cls = '';
    let descriptor = '';
    let cur: JavapMethod | null = null;
    for (const line of text.split('\n')) {
      if (/^\S.*\{$/.test(line) && !line.startsWith('Compiled from')) {
        k++;
        cls = batch[k]!;
        out[cls] = [];
        cur = null;
        continue;
      }
      let m: RegExpExecArray | null;
      if ((m = /^ {4}descriptor: (.*)$/.exec(line)) !== null) {
        descriptor = m[1]!;
        cur = null;
      } else if (line === '    Code:') {
        cur = { descriptor, invokes: [], strings: 0, fields: [], classes: [] };
        out[cls]!.push(cur);
      } else if (cur !== null && (m = /^ +\d+: invoke(virtual|special|static|interface|dynamic) +#\d+(?:, +\d+)? +\/\/ (InterfaceMethod|Method|InvokeDynamic) (.*)$/.exec(line)) !== null) {
        const kind = m[1]!;
        const ref = m[3]!;
        if (kind === 'dynamic') {
          cur.invokes.push(`dynamic ${ref.replace(/^#\d+:/, '')}`);
          continue;
        }
        const colon = ref.indexOf(':', ref.startsWith('"') ? ref.indexOf('"', 1) : 0);
        const left = ref.slice(0, colon);
        const desc = ref.slice(colon + 1);
        const dot = left.lastIndexOf('.');
        const owner = dot < 0 ? toDescriptor(cls) : toDescriptor(left.slice(0, dot).replaceAll('"', ''));
        const name = (dot < 0 ? left : left.slice(dot + 1)).replaceAll('"', '');
        cur.invokes.push(`${kind} ${owner}.${name}:${desc}`);
      } else if (cur !== null && (m = /^ +\d+: (getstatic|getfield|putstatic|putfield) +#\d+ +\/\/ Field (.*)$/.exec(line)) !== null) {
        const ref = m[2]!;
        const colon = ref.indexOf(':');
        const left = ref.slice(0, colon);
        const dot = left.lastIndexOf('.');
        const owner = dot < 0 ? toDescriptor(cls) : toDescriptor(left.slice(0, dot));
        cur.fields.push(`${m[1]!} ${owner}.${left.slice(dot + 1)}:${ref.slice(colon + 1)}`);
      } else if (cur !== null && (m = /^ +\d+: ldc(?:_w)? +#\d+ +\/\/ class (.*)$/.exec(line)) !== null) {
        cur.classes.push(toDescriptor(m[1]!.replaceAll('"', '')));
      } else if (cur !== null && / \/\/ String( |$)/.test(line) && /^ +\d+: ldc(_w)? /.test(line)) {
        (cur as { strings: number }).strings++;
      }
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(cached, JSON.stringify(out));
  return out;
}
