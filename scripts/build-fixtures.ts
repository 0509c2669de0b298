// Builds our own fixture apps (fixtures/apps/<name>/: AndroidManifest.xml, smali/, optional res/ and
// assets/) into signed APKs with Debian's apktool, zipalign and apksigner: .cache/fixtures/<name>.apk.
// A fixture is rebuilt only when one of its source files is newer than its APK.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const sources = join(root, 'fixtures', 'apps');
const out = join(root, '.cache', 'fixtures');

function newestMtime(dir: string): number {
  let t = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

function keystore(): string {
  const ks = join(out, 'fixtures.jks');
  if (!existsSync(ks)) {
    mkdirSync(out, { recursive: true });
    const tmp = `${ks}.${process.pid}.tmp`;
    execFileSync('keytool', ['-genkeypair', '-keystore', tmp, '-storepass', 'piscope', '-keypass', 'piscope', '-alias', 'fixtures',
      '-keyalg', 'RSA', '-keysize', '2048', '-validity', '10000', '-dname', 'CN=piscope fixtures, O=piscope, C=CN'], { stdio: 'ignore' });
    if (!existsSync(ks)) renameSync(tmp, ks);
    else rmSync(tmp, { force: true });
  }
  return ks;
}

function apktoolYml(name: string, manifest: string): string {
  const attr = (a: string): string | undefined => new RegExp(`${a}="([^"]*)"`).exec(manifest)?.[1];
  return [
    'version: 2.7.0',
    `apkFileName: ${name}.apk`,
    'isFrameworkApk: false',
    'usesFramework:',
    '  ids:',
    '  - 1',
    'sdkInfo:',
    `  minSdkVersion: '${attr('android:minSdkVersion') ?? '21'}'`,
    `  targetSdkVersion: '${attr('android:targetSdkVersion') ?? '33'}'`,
    'versionInfo:',
    `  versionCode: '${attr('android:versionCode') ?? '1'}'`,
    `  versionName: '${attr('android:versionName') ?? '1.0'}'`,
    'doNotCompress:',
    '- resources.arsc',
    '',
  ].join('\n');
}

/** Builds one fixture if stale; returns the APK path. */
export function buildFixture(name: string): string {
  const src = join(sources, name);
  if (!existsSync(join(src, 'AndroidManifest.xml'))) throw new Error(`fixture ${name}: no ${src}/AndroidManifest.xml`);
  const apk = join(out, `${name}.apk`);
  if (existsSync(apk) && statSync(apk).mtimeMs >= newestMtime(src)) return apk;
  // A per-process work folder and an atomic rename: test workers may build the same fixture at once.
  const work = join(out, 'work', `${name}-${process.pid}-${Date.now()}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(src, work, { recursive: true });
  if (!existsSync(join(work, 'apktool.yml'))) {
    writeFileSync(join(work, 'apktool.yml'), apktoolYml(name, readFileSync(join(src, 'AndroidManifest.xml'), 'utf8')));
  }
  const unsigned = `${work}-unsigned.apk`;
  const aligned = `${work}-aligned.apk`;
  const signed = `${work}-signed.apk`;
  execFileSync('apktool', ['b', '-q', '-o', unsigned, work], { stdio: ['ignore', 'ignore', 'pipe'] });
  execFileSync('zipalign', ['-f', '4', unsigned, aligned]);
  execFileSync('apksigner', ['sign', '--ks', keystore(), '--ks-pass', 'pass:piscope', '--out', signed, aligned]);
  renameSync(signed, apk);
  for (const f of [unsigned, aligned, `${signed}.idsig`]) rmSync(f, { force: true });
  rmSync(work, { recursive: true, force: true });
  return apk;
}

export function fixtureNames(): string[] {
  return readdirSync(sources).filter((n) => existsSync(join(sources, n, 'AndroidManifest.xml'))).sort();
}

export function buildAllFixtures(log = (s: string) => process.stderr.write(s + '\n')): void {
  const names = fixtureNames();
  for (const n of names) buildFixture(n);
  log(`fixtures: ${names.length} apps in ${out}`);
}

if (import.meta.main) buildAllFixtures();
