// Checks a report's call-site entries against dexdump (APKs) and javap (AARs): each `apiCalls` entry found
// directly or through the hierarchy must be an invoke that the caller really makes, to the API it names.
//   node scripts/apicalls-vs-dexdump.ts <report.json> <package>
// A direct entry matches when the caller invokes the API's class and method. A hierarchy entry matches when
// the caller invokes that method on a package class whose own class chain does not declare it, and the chain
// leaves the package at the API's class (independent of piscope's reader: dexdump's class table decides).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Entry { api: string; caller: string; via?: string }
interface ClassInfo { superName: string | null; methods: Set<string> }

/** Classes (super class, declared `name:desc`) and per-method invoke targets (`Lx;.m:(..)V`). */
interface Facts { classes: Map<string, ClassInfo>; invokes: Map<string, string[]> }

/** The dex files of an APK (classes*.dex), or inside a jar of an AAR (an ad SDK's plug-in). */
export function dexdumpFacts(zip: string, facts: Facts = { classes: new Map(), invokes: new Map() }): Facts {
  const tmp = mkdtempSync(join(tmpdir(), 'piscope-dd-'));
  const { classes, invokes } = facts;
  try {
    const dexes = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n').filter((n) => /^classes\d*\.dex$/u.test(n));
    for (const d of dexes) {
      writeFileSync(join(tmp, d), execFileSync('unzip', ['-p', zip, d], { maxBuffer: 1 << 30 }));
      const text = execFileSync('sh', ['-c', `dexdump -d "$1" 2>/dev/null | LC_ALL=C grep -a -E "Class descriptor|Superclass|^    #[0-9]+ +: \\(in|^      (name|type) |: invoke-"`, 'sh', join(tmp, d)], { encoding: 'utf8', maxBuffer: 1 << 30 });
      let cls = '';
      let name = '';
      let first = true; // dexdump lists a class once per dex; the first definition wins, as on a device
      let cur: string[] | null = null;
      for (const line of text.split('\n')) {
        let m: RegExpExecArray | null;
        if ((m = /^ {2}Class descriptor {2}: '(.*)'$/u.exec(line)) !== null) {
          cls = m[1]!;
          first = !classes.has(cls);
          if (first) classes.set(cls, { superName: null, methods: new Set() });
          cur = null;
        } else if ((m = /^ {2}Superclass {8}: '(.*)'$/u.exec(line)) !== null) {
          if (first) classes.get(cls)!.superName = m[1]!;
        } else if (/^ {4}#\d+ +: \(in /u.test(line)) cur = null;
        else if ((m = /^ {6}name {10}: '(.*)'$/u.exec(line)) !== null) name = m[1]!;
        else if ((m = /^ {6}type {10}: '(\(.*)'$/u.exec(line)) !== null) {
          if (!first) continue;
          classes.get(cls)!.methods.add(`${name}:${m[1]!}`);
          cur = [];
          invokes.set(`${cls}->${name}${m[1]!}`, cur);
        } else if (cur !== null && (m = /: invoke-[a-z-]+(?:\/range)? \{[^}]*\}, (L[^;]+;\.[^:]+:\([^ ]*)/u.exec(line)) !== null) cur.push(m[1]!);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return facts;
}

/** Every jar of an AAR: javap -c -p over its classes, dexdump over the dex a plug-in jar holds. */
function aarFacts(aar: string): Facts {
  const facts: Facts = { classes: new Map(), invokes: new Map() };
  const tmp = mkdtempSync(join(tmpdir(), 'piscope-aar-'));
  try {
    const jars = execFileSync('unzip', ['-Z1', aar], { encoding: 'utf8' }).split('\n').filter((n) => n.endsWith('.jar'));
    for (const [i, j] of jars.entries()) {
      const jar = join(tmp, `${i}.jar`);
      writeFileSync(jar, execFileSync('unzip', ['-p', aar, j], { maxBuffer: 1 << 30 }));
      javapFacts(jar, facts.invokes);
      dexdumpFacts(jar, facts);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return facts;
}

/** javap -c -p over a jar's classes: invoke targets per method (`Lx;.m:(..)V`). */
function javapFacts(jar: string, invokes: Map<string, string[]>): void {
  {
    const names = execFileSync('unzip', ['-Z1', jar], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').filter((n) => n.endsWith('.class')).map((n) => n.slice(0, -6).replaceAll('/', '.'));
    for (let i = 0; i < names.length; i += 1500) {
      let text: string;
      try {
        text = execFileSync('javap', ['-c', '-p', '-s', '-cp', jar, ...names.slice(i, i + 1500)], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
      } catch (e) {
        text = (e as { stdout?: string }).stdout ?? '';
      }
      let cls = '';
      let simple = '';
      let header = '';
      let cur: string[] | null = null;
      for (const line of text.split('\n')) {
        let m: RegExpExecArray | null;
        if ((m = /^(?:[a-z]+ )*(?:class|interface|enum) ([^\s<{]+)/u.exec(line)) !== null) {
          simple = m[1]!;
          cls = `L${simple.replaceAll('.', '/')};`;
          cur = null;
        } else if (line.startsWith('  ') && !line.startsWith('   ')) header = line.trim();
        else if ((m = /^ {4}descriptor: (\(.*)$/u.exec(line)) !== null) {
          const paren = header.indexOf('(');
          const before = header.slice(0, paren).trim().split(' ');
          let n = header.startsWith('static {}') ? '<clinit>' : before[before.length - 1]!;
          if (n === simple) n = '<init>';
          cur = [];
          invokes.set(`${cls}->${n}${m[1]!}`, cur);
        } else if (cur !== null && (m = /invoke\w+\s.*\/\/ (?:Method|InterfaceMethod) ([^.\s]+)\.("?[^:"\s]+"?):(\(\S*)$/u.exec(line)) !== null) {
          cur.push(`L${m[1]!};.${m[2]!.replaceAll('"', '')}:${m[3]!}`);
        }
      }
    }
  }
}

const dotted = (type: string): string => type.slice(1, -1).replaceAll('/', '.').replaceAll('$', '.');

/** Whether one entry is an invoke the caller makes, to the API it names. */
export function matches(e: Entry, facts: Facts): boolean {
  const targets = facts.invokes.get(e.caller) ?? [];
  const dot = e.api.lastIndexOf('.');
  const apiOwner = e.api.slice(0, dot);
  const apiName = e.api.slice(dot + 1);
  for (const t of targets) {
    const semi = t.indexOf(';.');
    const owner = t.slice(0, semi + 1);
    const rest = t.slice(semi + 2);
    const name = rest.slice(0, rest.indexOf(':'));
    if (name !== apiName) continue;
    if (e.via !== 'hierarchy') {
      if (dotted(owner) === apiOwner) return true;
      continue;
    }
    // Up the package class chain: no package class may declare it; the chain must leave at the API's class.
    let c: string | null = owner;
    for (let guard = 0; c !== null && guard < 64; guard++) {
      const info = facts.classes.get(c);
      if (info === undefined) {
        if (dotted(c) === apiOwner) return true;
        break;
      }
      if (info.methods.has(rest)) break;
      c = info.superName;
    }
  }
  return false;
}

function main(): void {
  const [reportPath, pkgPath] = process.argv.slice(2);
  if (reportPath === undefined || pkgPath === undefined) {
    console.error('usage: node scripts/apicalls-vs-dexdump.ts <report.json> <apk|aar>');
    process.exit(2);
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { apiCalls: Entry[] };
  const facts = pkgPath.endsWith('.aar') ? aarFacts(pkgPath) : dexdumpFacts(pkgPath);
  const sites = report.apiCalls.filter((c) => c.via === 'direct' || c.via === 'hierarchy');
  const bad = sites.filter((c) => !matches(c, facts));
  console.log(JSON.stringify({ entries: sites.length, match: sites.length - bad.length, hierarchy: sites.filter((c) => c.via === 'hierarchy').length, mismatched: bad.slice(0, 5).map((c) => `${c.api} <- ${c.caller}`) }));
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) main();
