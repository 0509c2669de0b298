// The sensitive-API catalogue against real code, with independent tools as oracles: javap on the corpus SDK
// JARs and AARs and dexdump on corpus APKs list every framework member they reference. Our signatures must be the
// ones real code calls (exact descriptors), and when we list a method name we must list every overload
// that real code calls.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CACHE, corpusFiles } from '../../test/helpers/paths.ts';
import { apiMatcher, sensitiveApis } from './index.ts';

const run = promisify(execFile);
const BIG = { maxBuffer: 1 << 30, encoding: 'utf8' } as const;

const JARS = ['jpush', 'jcore', 'janalytics', 'getui-gtsdk', 'getui-gtc', 'wechat-opensdk', 'qq-connect', 'tencent-mta', 'weibo', 'umeng-analytics', 'amap-location', 'baidu-lbs', 'xiaomi-push'];
const AARS = ['alipay', 'aliyun-third-push'];
const APKS = ['stf-service', 'android-apidemos', 'appium-settings'];

/** Framework member references as smali keys: `Lcls;->name(desc)ret` or `Lcls;->NAME:type`. */
const refs = new Set<string>();

async function javapRefs(jar: string): Promise<string[]> {
  const list = await run('unzip', ['-Z1', jar], BIG);
  const classes = list.stdout.split('\n').filter((l) => l.endsWith('.class')).map((l) => l.slice(0, -6).replaceAll('/', '.'));
  const out = await run('javap', ['-J-XX:TieredStopAtLevel=1', '-c', '-p', '-cp', jar, ...classes], BIG);
  const found: string[] = [];
  for (const m of out.stdout.matchAll(/\/\/ (Method|InterfaceMethod|Field) ((?:android|java|dalvik)\/[^.\s]+)\.("?[^:"\s]+"?):(\S+)/gu)) {
    const owner = `L${m[2]!};`;
    const name = m[3]!.replaceAll('"', '');
    found.push(m[1] === 'Field' ? `${owner}->${name}:${m[4]!}` : `${owner}->${name}${m[4]!}`);
  }
  return found;
}

/** javap over every JAR inside an AAR (classes.jar and libs/*.jar). */
async function aarRefs(aar: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'piscope-oracle-'));
  try {
    await run('unzip', ['-q', '-o', aar, '*.jar', '-d', dir]);
    const jars = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jar')).map((f) => join(dir, f));
    const found: string[] = [];
    for (const jar of jars) found.push(...(await javapRefs(jar)));
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function dexdumpRefs(apk: string): Promise<string[]> {
  const out = await run('dexdump', ['-d', apk], BIG);
  const found: string[] = [];
  for (const m of out.stdout.matchAll(/(invoke-[a-z/-]+|[si]get[a-z-]*) [^\n]*?, (L(?:android|java|dalvik)\/[^;\s]+;)\.([\w$<>]+):(\S+)/gu)) {
    found.push(m[1]!.startsWith('invoke') ? `${m[2]!}->${m[3]!}${m[4]!}` : `${m[2]!}->${m[3]!}:${m[4]!}`);
  }
  return found;
}

/** The oracle's answer for one input, cached under .cache/ by name, size and mtime: the inputs never change. */
async function cached(file: string, oracle: (f: string) => Promise<string[]>): Promise<void> {
  const dir = join(CACHE, 'knowledge-oracle');
  mkdirSync(dir, { recursive: true });
  const st = statSync(file);
  const key = join(dir, `${basename(file)}-${st.size}-${Math.floor(st.mtimeMs)}.txt`);
  const lines = existsSync(key) ? readFileSync(key, 'utf8').split('\n') : await oracle(file);
  if (!existsSync(key)) writeFileSync(key, [...new Set(lines)].sort().join('\n'));
  for (const l of lines) if (l !== '') refs.add(l);
}

// Overloads deliberately left out, with the reason.
const NOT_SENSITIVE = new Map([
  ['Landroid/content/Intent;->setClassName(Landroid/content/Context;Ljava/lang/String;)Landroid/content/Intent;', "names a class of the caller's own package: never a chain start"],
]);

describe('sensitive APIs against real code (javap, dexdump)', () => {
  beforeAll(async () => {
    const jars = JARS.flatMap((id) => corpusFiles(id).filter((f) => f.endsWith('.jar')));
    const aars = AARS.flatMap((id) => corpusFiles(id).filter((f) => f.endsWith('.aar')));
    const apks = APKS.flatMap((id) => corpusFiles(id).filter((f) => f.endsWith('.apk')));
    // Two at a time: the machine is shared.
    const jobs = [...jars.map((f) => () => cached(f, javapRefs)), ...aars.map((f) => () => cached(f, aarRefs)), ...apks.map((f) => () => cached(f, dexdumpRefs))];
    const worker = async (): Promise<void> => {
      for (let job = jobs.shift(); job !== undefined; job = jobs.shift()) await job();
    };
    await Promise.all([worker(), worker()]);
  });

  it('collects references from the oracles', () => {
    expect(refs.size).toBeGreaterThan(3000);
    expect(refs).toContain('Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;');
  });

  it('lists every overload that real code calls, for each method name it catalogues', () => {
    const m = apiMatcher();
    const missed: string[] = [];
    for (const key of refs) {
      if (key.includes(':') || NOT_SENSITIVE.has(key)) continue;
      const arrow = key.indexOf('->');
      const name = key.slice(arrow + 2, key.indexOf('('));
      if (m.byOwnerAndName(key.slice(0, arrow), name).length > 0 && m.byMethodKey(key).length === 0) missed.push(key);
    }
    expect(missed).toEqual([]);
  });

  it('uses the field types that real code reads', () => {
    const m = apiMatcher();
    for (const key of refs) {
      if (!key.includes(':')) continue;
      if (m.byField(key.slice(0, key.indexOf(':'))).length > 0) expect(m.byField(key), key).not.toEqual([]);
    }
  });

  it('matches real call sites exactly for a good share of the direct entries', () => {
    const direct = sensitiveApis().filter((a) => a.direct === true && (a.kind === 'method' || a.kind === 'field'));
    const seen = direct.filter((a) => refs.has(a.signature!));
    // 2026-11: 66 of 181 direct signatures occur verbatim in the SDK JARs alone.
    expect(seen.length).toBeGreaterThanOrEqual(60);
    for (const id of ['telephony-telephonymanager-getdeviceid', 'telephony-telephonymanager-getsubscriberid', 'net-wifi-wifiinfo-getmacaddress', 'content-pm-packagemanager-getinstalledpackages', 'provider-settings-secure-getstring']) {
      expect(seen.map((a) => a.id), id).toContain(id);
    }
  });
});
