// The dexdump/javap oracle for "does a reported call site exist?": for each apiCalls entry found `direct`
// or through the `hierarchy`, the caller method's invoke instructions (as dexdump -d or javap -c print them)
// must contain a target that resolves to the API's method: the API's own class, or a class of the package
// that inherits the method without overriding it (an override inside the package is the package's method,
// not the framework's). Results are cached under .cache/oracle/real-apps/<sha256>.json.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OracleClass { super: string | null; ifaces: string[]; methods: string[] }
export interface Oracle {
  /** smali type `Lx/Y;` → its superclass, interfaces and declared methods (`name(desc)ret`). */
  classes: Map<string, OracleClass>;
  /** caller `Lx/Y;->m(desc)ret` → invoke targets `Lowner;->name(desc)ret`. */
  calls: Map<string, string[]>;
}

export function emptyOracle(): Oracle {
  return { classes: new Map(), calls: new Map() };
}

const FILTER = String.raw`^  Class descriptor|^  Superclass|^  Interfaces|^    #[0-9]+ +: 'L|^  (Direct|Virtual) methods|^    #[0-9]+ +: \(in |^      (name|type) |: invoke-`;

/** Parses `dexdump -d` text (already filtered by FILTER) into `into`. */
export function parseDexdump(text: string, into: Oracle): void {
  let cls: OracleClass | null = null;
  let clsName = '';
  let section: 'ifaces' | 'methods' | null = null;
  let name = '';
  let cur: string[] | null = null;
  for (const line of text.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^ {2}Class descriptor {2}: '(.*)'$/u.exec(line)) !== null) {
      clsName = m[1]!;
      cls = { super: null, ifaces: [], methods: [] };
      into.classes.set(clsName, cls);
      section = null;
      cur = null;
    } else if (cls === null) continue;
    else if ((m = /^ {2}Superclass {8}: '(.*)'$/u.exec(line)) !== null) cls.super = m[1]!;
    else if (line.startsWith('  Interfaces')) section = 'ifaces';
    else if (/^ {2}(Direct|Virtual) methods/u.test(line)) section = 'methods';
    else if (section === 'ifaces' && (m = /^ {4}#\d+ +: '(.*)'$/u.exec(line)) !== null) cls.ifaces.push(m[1]!);
    else if (/^ {4}#\d+ +: \(in /u.test(line)) cur = null;
    else if ((m = /^ {6}name {10}: '(.*)'$/u.exec(line)) !== null) name = m[1]!;
    else if ((m = /^ {6}type {10}: '(.*)'$/u.exec(line)) !== null) {
      cls.methods.push(`${name}${m[1]!}`);
      cur = [];
      into.calls.set(`${clsName}->${name}${m[1]!}`, cur);
    } else if (cur !== null && (m = /\|[0-9a-f]{4}: invoke-([a-z-]+?)(?:\/range)? \{[^}]*\}, (L[^;]*;)\.([^:]+):(\S+)/u.exec(line)) !== null) {
      if (m[1] !== 'custom' && m[1] !== 'polymorphic') cur.push(`${m[2]!}->${m[3]!}${m[4]!}`);
    }
  }
}

const toType = (dotted: string): string => `L${dotted.replaceAll('.', '/')};`;

/** Parses `javap -c -p -s` text into `into`. */
export function parseJavap(text: string, into: Oracle): void {
  let clsName = '';
  let simple = '';
  let cls: OracleClass | null = null;
  let header = '';
  let cur: string[] | null = null;
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    if (line[0] !== ' ') {
      const m = /^(?:[a-z]+ )*(class|interface|enum|@interface) ([^\s<{]+)(?:<.*?>)?(?: extends ([^{]+?))?(?: implements ([^{]+?))? ?\{?$/u.exec(line);
      if (m !== null) {
        simple = m[2]!;
        clsName = toType(simple);
        const ext = (m[3] ?? '').split(',').map((s) => s.trim().replace(/<.*$/u, '')).filter((s) => s.length > 0);
        const impl = (m[4] ?? '').split(',').map((s) => s.trim().replace(/<.*$/u, '')).filter((s) => s.length > 0);
        // An interface "extends" its super-interfaces.
        const isIface = m[1] === 'interface' || m[1] === '@interface';
        cls = { super: isIface ? 'Ljava/lang/Object;' : toType(ext[0] ?? 'java.lang.Object'), ifaces: (isIface ? ext : impl).map(toType), methods: [] };
        into.classes.set(clsName, cls);
        cur = null;
      }
      continue;
    }
    if (cls === null) continue;
    if (line.startsWith('  ') && !line.startsWith('   ')) { header = line.trim(); cur = null; continue; }
    if (line.startsWith('    descriptor: ')) {
      const desc = line.slice('    descriptor: '.length).trim();
      if (!desc.startsWith('(')) continue;
      let name: string;
      if (header.startsWith('static {}')) name = '<clinit>';
      else {
        const before = header.slice(0, header.indexOf('(')).trim().split(' ');
        name = before[before.length - 1]!;
        if (name === simple) name = '<init>';
      }
      cls.methods.push(`${name}${desc}`);
      cur = [];
      into.calls.set(`${clsName}->${name}${desc}`, cur);
      continue;
    }
    if (cur === null) continue;
    const m = /^\s+\d+: invoke(?:virtual|special|static|interface)\s.*\/\/ (?:Method|InterfaceMethod) (.+)$/u.exec(line);
    if (m === null) continue;
    const rest = m[1]!;
    const colon = rest.indexOf(':(');
    if (colon < 0) continue;
    const head = rest.slice(0, colon);
    const dot = head.lastIndexOf('.');
    let owner = dot < 0 ? clsName : head.slice(0, dot);
    if (dot >= 0) owner = owner.startsWith('"') ? owner.slice(1, -1) : owner;
    if (dot >= 0) owner = owner.startsWith('[') ? owner : `L${owner};`;
    let name = dot < 0 ? head : head.slice(dot + 1);
    if (name.startsWith('"')) name = name.slice(1, -1);
    cur.push(`${owner}->${name}${rest.slice(colon + 1).trim()}`);
  }
}

// Framework classes that inherit a sensitive method from another framework class (no android.jar here).
const FRAMEWORK_SUPER: Record<string, string> = {
  'Landroid/app/Activity;': 'Landroid/view/ContextThemeWrapper;',
  'Landroid/view/ContextThemeWrapper;': 'Landroid/content/ContextWrapper;',
  'Landroid/app/Application;': 'Landroid/content/ContextWrapper;',
  'Landroid/app/Service;': 'Landroid/content/ContextWrapper;',
  'Landroid/content/ContextWrapper;': 'Landroid/content/Context;',
  'Ljava/net/Inet4Address;': 'Ljava/net/InetAddress;',
  'Ljava/net/Inet6Address;': 'Ljava/net/InetAddress;',
  'Landroid/telephony/gsm/GsmCellLocation;': 'Landroid/telephony/CellLocation;',
  'Landroid/telephony/cdma/CdmaCellLocation;': 'Landroid/telephony/CellLocation;',
  'Landroid/net/wifi/WifiManager;': 'Ljava/lang/Object;',
};

/** `android.provider.Settings.Secure.getString` → { cls: 'android.provider.Settings.Secure', method: 'getString' }. */
function splitApi(api: string): { cls: string; method: string } {
  const dot = api.lastIndexOf('.');
  return { cls: api.slice(0, dot), method: api.slice(dot + 1) };
}

const dotted = (t: string): string => t.slice(1, -1).replaceAll('/', '.').replaceAll('$', '.');

/** Does invoking `target` (`Lowner;->name(desc)ret`) reach `api`'s method? */
export function targetReaches(o: Oracle, target: string, api: string): boolean {
  const { cls: apiCls, method } = splitApi(api);
  const arrow = target.indexOf('->');
  const owner = target.slice(0, arrow);
  const sig = target.slice(arrow + 2);
  if (sig.slice(0, sig.indexOf('(')) !== method) return false;
  const seen = new Set<string>();
  const walk = (t: string): boolean => {
    if (seen.has(t)) return false;
    seen.add(t);
    if (dotted(t) === apiCls) return true;
    const c = o.classes.get(t);
    if (c === undefined) {
      const up = FRAMEWORK_SUPER[t];
      return up !== undefined && walk(up);
    }
    // A method the package declares (on the invoked class or on the way up) is the package's, not the API.
    if (c.methods.includes(sig)) return false;
    return (c.super !== null && walk(c.super)) || c.ifaces.some((i) => walk(i));
  };
  return walk(owner);
}

export interface InvokeCheck { checked: number; matched: number; mismatches: string[] }

export function checkCalls(o: Oracle, calls: { api: string; caller: string; via?: string }[]): InvokeCheck {
  const r: InvokeCheck = { checked: 0, matched: 0, mismatches: [] };
  for (const c of calls) {
    if (c.via !== 'direct' && c.via !== 'hierarchy') continue;
    r.checked++;
    const targets = o.calls.get(c.caller);
    if (targets?.some((t) => targetReaches(o, t, c.api)) === true) r.matched++;
    else r.mismatches.push(`${c.via}: ${c.caller} → ${c.api}${targets === undefined ? ' (caller not in dexdump/javap)' : ''}`);
  }
  return r;
}

/** Extracts `container` (`classes.dex`, `a.jar!classes.dex`, `libs/x.jar!a/B.class`) and dumps its code. */
export function oracleFor(file: string, containers: string[], cacheDir: string): Oracle {
  const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
  const blobs = [...new Set(containers.map((c) => c.split('!').filter((s, i, a) => !(i === a.length - 1 && s.endsWith('.class'))).join('!')))].sort();
  const key = createHash('sha256').update(`${sha}\n${blobs.join('\n')}`).digest('hex').slice(0, 24);
  const cached = join(cacheDir, `${key}.json`);
  if (existsSync(cached)) {
    const j = JSON.parse(readFileSync(cached, 'utf8')) as { classes: [string, OracleClass][]; calls: [string, string[]][] };
    return { classes: new Map(j.classes), calls: new Map(j.calls) };
  }
  const o = emptyOracle();
  const tmp = mkdtempSync(join(tmpdir(), 'piscope-real-'));
  try {
    for (const blob of blobs) {
      let cur = file;
      blob.split('!').forEach((seg, i) => {
        const out = join(tmp, `${i}-${seg.replaceAll('/', '_')}`);
        writeFileSync(out, execFileSync('unzip', ['-p', cur, seg], { maxBuffer: 1 << 30 }));
        cur = out;
      });
      if (blob.endsWith('.dex')) {
        const text = execFileSync('sh', ['-c', `dexdump -d "$1" 2>/dev/null | LC_ALL=C grep -a -E "$2"`, 'sh', cur, FILTER], { maxBuffer: 1 << 30, encoding: 'utf8' });
        parseDexdump(text, o);
      } else {
        const names = execFileSync('unzip', ['-Z1', cur], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n')
          .filter((n) => n.endsWith('.class') && !n.startsWith('META-INF/')).map((n) => n.slice(0, -6).replaceAll('/', '.'));
        for (let i = 0; i < names.length; i += 1000) {
          let text: string;
          try {
            text = execFileSync('javap', ['-c', '-p', '-s', '-cp', cur, ...names.slice(i, i + 1000)], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
          } catch (e) {
            text = (e as { stdout?: string }).stdout ?? '';
          }
          parseJavap(text, o);
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, JSON.stringify({ classes: [...o.classes], calls: [...o.calls] }));
  return o;
}
