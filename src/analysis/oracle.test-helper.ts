// Test oracles for call sites: javap -c -p -s on jars (with bytecode offsets) and the DEX helper's parsed
// dexdump -d on dex files. Both give, per caller method (smali form), the invoke targets (smali keys).
// javap output is cached under .cache/oracle/javap/<sha256>.json.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE } from '../../test/helpers/paths.ts';
import { dexdump } from '../formats/dex/dexdump-oracle.test-helper.ts';

/** caller (smali `Lx;->m(..)V`) → callee keys (`Ly;->n(..)V`), with the bytecode offset when known. */
export type OracleCalls = Map<string, { callee: string; pc: number | null }[]>;

function toType(owner: string): string {
  if (owner.startsWith('"')) owner = owner.slice(1, -1);
  return owner.startsWith('[') ? owner : `L${owner};`;
}

/** `android/telephony/TelephonyManager.getDeviceId:()Ljava/lang/String;` → smali key; null for other forms. */
function javapTarget(rest: string, currentClass: string): string | null {
  const colon = rest.indexOf(':(');
  if (colon < 0) return null;
  const desc = rest.slice(colon + 1).trim();
  const head = rest.slice(0, colon);
  const dot = head.lastIndexOf('.');
  const owner = dot < 0 ? currentClass : toType(head.slice(0, dot));
  let name = dot < 0 ? head : head.slice(dot + 1);
  if (name.startsWith('"')) name = name.slice(1, -1);
  return `${owner}->${name}${desc}`;
}

export function javapCalls(jarBytes: Uint8Array): { classes: string[]; calls: OracleCalls } {
  const sha = createHash('sha256').update(jarBytes).digest('hex');
  const dir = join(CACHE, 'oracle', 'analysis-javap');
  const cached = join(dir, `${sha}.json`);
  if (existsSync(cached)) {
    const j = JSON.parse(readFileSync(cached, 'utf8')) as { classes: string[]; calls: [string, { callee: string; pc: number | null }[]][] };
    return { classes: j.classes, calls: new Map(j.calls) };
  }
  const tmp = mkdtempSync(join(tmpdir(), 'piscope-javap-'));
  try {
    const jar = join(tmp, 'in.jar');
    writeFileSync(jar, jarBytes);
    const names = execFileSync('unzip', ['-Z1', jar], { encoding: 'utf8', maxBuffer: 1 << 28 })
      .split('\n')
      .filter((n) => n.endsWith('.class') && !n.startsWith('META-INF/') && !n.endsWith('module-info.class'))
      .map((n) => n.slice(0, -6).replaceAll('/', '.'));
    const calls: OracleCalls = new Map();
    const classes: string[] = [];
    for (let i = 0; i < names.length; i += 1500) {
      let text: string;
      try {
        text = execFileSync('javap', ['-c', '-p', '-s', '-cp', jar, ...names.slice(i, i + 1500)], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
      } catch (e) {
        text = (e as { stdout?: string }).stdout ?? '';
      }
      parseJavap(text, calls, classes);
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(cached, JSON.stringify({ classes, calls: [...calls.entries()] }));
    return { classes, calls };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const CLASS_HEADER = /^(?:[a-z]+ )*(?:class|interface|enum|@interface|record) ([^\s<{]+)/u;

function parseJavap(text: string, calls: OracleCalls, classes: string[]): void {
  let cls = '';
  let simple = '';
  let header = '';
  let current: { callee: string; pc: number | null }[] | null = null;
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    if (line[0] !== ' ') {
      const m = CLASS_HEADER.exec(line);
      if (m !== null) {
        cls = `L${m[1]!.replaceAll('.', '/')};`;
        simple = m[1]!;
        classes.push(cls);
        current = null;
      }
      continue;
    }
    if (line.startsWith('  ') && !line.startsWith('   ')) {
      header = line.trim();
      current = null;
      continue;
    }
    if (line.startsWith('    descriptor: ')) {
      const desc = line.slice('    descriptor: '.length).trim();
      if (!desc.startsWith('(')) continue;
      let name: string;
      if (header.startsWith('static {}')) name = '<clinit>';
      else {
        const paren = header.indexOf('(');
        const before = header.slice(0, paren).trim().split(' ');
        name = before[before.length - 1]!;
        if (name === simple) name = '<init>';
      }
      current = [];
      calls.set(`${cls}->${name}${desc}`, current);
      continue;
    }
    if (current === null) continue;
    const m = /^\s+(\d+): invoke(virtual|special|static|interface)\s.*\/\/ (?:Method|InterfaceMethod) (.+)$/u.exec(line);
    if (m === null) continue;
    const target = javapTarget(m[3]!, cls);
    if (target !== null) current.push({ callee: target, pc: Number(m[1]) });
  }
}

/** The dexdump oracle for one dex file, in the same shape (no offsets). */
export function dexdumpCalls(dexBytes: Uint8Array, file: string): { classes: string[]; calls: OracleCalls } {
  const r = dexdump(dexBytes, file);
  const calls: OracleCalls = new Map();
  const classes = new Set<string>();
  for (const [key, m] of Object.entries(r.methods)) {
    // key: `Lowner;.name:(desc)ret`
    const semi = key.indexOf(';.');
    const owner = key.slice(0, semi + 1);
    const rest = key.slice(semi + 2);
    const colon = rest.indexOf(':');
    const caller = `${owner}->${rest.slice(0, colon)}${rest.slice(colon + 1)}`;
    classes.add(owner);
    const list = m.invokes
      .filter((i) => !i.startsWith('custom '))
      .map((i) => {
        const t = i.slice(i.indexOf(' ') + 1); // `Lowner;.name:desc`
        const s = t.indexOf(';.');
        const r2 = t.slice(s + 2);
        const c = r2.indexOf(':');
        return { callee: `${t.slice(0, s + 1)}->${r2.slice(0, c)}${r2.slice(c + 1)}`, pc: null };
      });
    calls.set(caller, list);
  }
  return { classes: [...classes], calls };
}
