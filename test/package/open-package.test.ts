import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PiscopeError } from '../../src/errors.ts';
import { openPackage } from '../../src/package/open-package.ts';
import { corpusFile, fixtureApk } from '../helpers/paths.ts';
import { constants, deflateRawSync } from 'node:zlib';
import { deflatedZeros, makeZip } from '../formats-zip/make-zip.ts';

const full = fixtureApk('pkg-full');
const open = (f: string) => openPackage(readFileSync(f), { path: f });

function errorOf(f: () => unknown): PiscopeError {
  try {
    f();
  } catch (e) {
    if (e instanceof PiscopeError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('openPackage on the pkg-full fixture', () => {
  const pkg = open(full);
  const m = pkg.manifest!;

  it('reads labels in the default and the zh-rCN locale, and strings by name', () => {
    expect(m.label).toBe('Pkg Full');
    expect(m.labelZh).toBe('完整包');
    expect(m.versionName).toBe('7.0-fixture');
    expect(pkg.resolveString('@string/greeting', 'zh-rCN')).toBe('你好');
    expect(pkg.resolveString('@string/greeting', 'zh')).toBe('你好');
    expect(pkg.resolveString('@string/greeting')).toBe('Hello');
    expect(pkg.resolveString('@string/version_name', 'zh-rCN')).toBe('7.0-fixture');
    expect(pkg.resolveString('@string/missing')).toBeNull();
  });

  it('builds components with resolved names, defaults and intent filters', () => {
    expect(m.applicationClass).toBe('com.example.pkgfull.App');
    const byName = new Map(m.components.map((c) => [c.name, c]));
    expect([...byName.keys()]).toEqual([
      'com.example.pkgfull.Splash', 'com.example.pkgfull.Main', 'com.example.pkgfull.Alias', 'com.example.pkgfull.Sync',
      'com.example.pkgfull.Boot', 'com.example.pkgfull.Files',
    ]);
    expect(byName.get('com.example.pkgfull.Splash')!.exported).toBe(true); // intent filter, no explicit value
    expect(byName.get('com.example.pkgfull.Splash')!.intentFilters[0]!.dataSchemes).toEqual(['pkgfull']);
    expect(byName.get('com.example.pkgfull.Sync')).toMatchObject({ type: 'service', exported: false, permission: 'com.example.pkgfull.PRIVATE' });
    expect(byName.get('com.example.pkgfull.Boot')).toMatchObject({ type: 'receiver', exported: true, enabled: false });
    expect(byName.get('com.example.pkgfull.Files')!.authorities).toEqual(['com.example.pkgfull.files', 'com.example.pkgfull.more']);
    expect(m.launchableActivity).toBe('com.example.pkgfull.Main');
    expect(m.permissions.map((p) => [p.name, p.maxSdk])).toEqual([
      ['android.permission.READ_PHONE_STATE', null], ['android.permission.WRITE_EXTERNAL_STORAGE', 28], ['android.permission.ACCESS_FINE_LOCATION', null],
    ]);
    expect(m.permissions[0]!.line).toBe(4);
    expect(m.definedPermissions).toEqual([{ name: 'com.example.pkgfull.PRIVATE', protectionLevel: 'signature' }]);
    expect(m.usesFeatures).toEqual(['android.hardware.camera']);
    expect(m.metaData).toEqual([{ name: 'UMENG_APPKEY', value: 'fixture-key' }]);
    expect(m.queries).toEqual(['com.tencent.mm']);
  });

  it('finds nested code by its bytes, under any name', () => {
    expect(pkg.code.containers.map((c) => [c.path, c.origin])).toEqual([
      ['classes.dex', 'primary'], ['assets/logo.png', 'nested'], ['assets/plugin.dex', 'nested'], ['assets/sdk.jar', 'nested'],
    ]);
    expect(pkg.code.getClass('Lcom/example/plugin/Plugin;')?.container).toBe('assets/logo.png');
    expect(pkg.code.getClass('Lcom/example/nested/Helper;')?.container).toBe('assets/sdk.jar!com/example/nested/Helper.class');
    expect(pkg.code.getClass('Lcom/example/pkgfull/Main;')?.container).toBe('classes.dex');
  });

  it('lists native libraries, entries and signing', () => {
    expect(pkg.nativeLibs).toEqual([
      { path: 'lib/armeabi-v7a/libfixture.so', abi: 'armeabi-v7a', name: 'libfixture.so', size: 16 },
      { path: 'lib/arm64-v8a/libfixture.so', abi: 'arm64-v8a', name: 'libfixture.so', size: 16 },
    ]);
    expect(pkg.entries.map((e) => e.name)).toContain('assets/sdk.jar');
    expect([...pkg.readEntry('assets/plugin.dex')!.subarray(0, 4)]).toEqual([...new TextEncoder().encode('dex\n')]);
    expect(pkg.readEntry('nope')).toBeUndefined();
    const certs = execFileSync('apksigner', ['verify', '--print-certs', '-v', full], { encoding: 'utf8' });
    const sha = /certificate SHA-256 digest: ([0-9a-f]+)/.exec(certs)![1];
    expect(pkg.signing!.v1[0]!.certificates[0]!.sha256).toBe(sha);
    expect(pkg.signing!.v1[0]!.signatureFile).toBe('META-INF/FIXTURES.SF');
    expect(pkg.signing!.v2).toBe(/v2 scheme \(APK Signature Scheme v2\): true/.test(certs));
    expect(pkg.signing!.v3).toBe(/v3 scheme \(APK Signature Scheme v3\): true/.test(certs));
    expect(pkg.kind).toBe('apk');
    expect(pkg.sha256).toBe(execFileSync('sha256sum', [full], { encoding: 'utf8' }).slice(0, 64));
    expect(pkg.zipOddities).toEqual([]);
  });
});

describe('openPackage on SDK packages and bare code', () => {
  it('opens an AAR: text manifest, classes.jar and libs/*.jar', () => {
    const pkg = open(corpusFile('aliyun-third-push'));
    expect(pkg.kind).toBe('aar');
    expect(pkg.manifest!.packageName).toBe('com.alibaba.sdk.thirdpush.impl');
    expect(pkg.manifest!.permissions.length).toBeGreaterThan(0);
    const paths = pkg.code.containers.map((c) => c.path);
    expect(paths[0]).toBe('classes.jar');
    expect(paths).toContain('libs/mipush-3.6.18.jar');
    expect(pkg.code.containers.find((c) => c.path === 'libs/mipush-3.6.18.jar')!.origin).toBe('secondary');
  });

  it('opens a JAR with every class under its own name', () => {
    const f = corpusFile('jpush');
    const pkg = open(f);
    expect(pkg.kind).toBe('jar');
    const listed = execFileSync('unzip', ['-Z1', f], { encoding: 'utf8' }).split('\n').filter((n) => n.endsWith('.class'));
    expect(pkg.code.containers).toHaveLength(1);
    expect(pkg.code.containers[0]!.classCount + pkg.code.duplicateClasses.length).toBe(listed.length);
  });

  it('opens a bare DEX', () => {
    const pkg = open(corpusFile('appium-android-bootstrap'));
    expect(pkg.kind).toBe('dex');
    expect(pkg.manifest).toBeNull();
    expect(pkg.code.classCount).toBeGreaterThan(0);
  });
});

describe('openPackage on hostile input', () => {
  it('reads a plain-text manifest in an APK, with a warning', () => {
    const text = '<manifest xmlns:x="http://schemas.android.com/apk/res/android" package="t.x"><uses-permission x:name="android.permission.CAMERA"/></manifest>';
    const pkg = openPackage(makeZip([{ name: 'AndroidManifest.xml', data: new TextEncoder().encode(text) }, { name: 'classes.dex', data: openPackage(readFileSync(full), { path: full }).readEntry('classes.dex')! }]), { path: 't.apk' });
    expect(pkg.kind).toBe('apk');
    expect(pkg.manifest!.permissions.map((p) => p.name)).toEqual(['android.permission.CAMERA']);
    expect(pkg.diagnostics.map((d) => d.code)).toContain('AXML_MALFORMED');
  });

  it('names unknown formats', () => {
    const e = errorOf(() => openPackage(new TextEncoder().encode('just some text, not a package'), { path: 'x.apk' }));
    expect(e.code).toBe('UNKNOWN_FORMAT');
    expect(e.file).toBe('x.apk');
    expect(errorOf(() => openPackage(makeZip([{ name: 'readme.txt', data: new Uint8Array(3) }]), { path: 'y.zip' })).code).toBe('UNKNOWN_FORMAT');
  });

  it('cancels through the AbortSignal', () => {
    const ac = new AbortController();
    ac.abort();
    expect(errorOf(() => openPackage(readFileSync(full), { path: full, signal: ac.signal })).code).toBe('CANCELLED');
  });

  it('turns a broken nested dex and a nested bomb into diagnostics', () => {
    const base = readFileSync(full);
    const dexBytes = new TextEncoder().encode('dex\n035\0' + 'garbage'.repeat(20));
    // A "dex" that claims 1000 bytes but inflates to 64 MiB, inside a nested zip.
    const head = deflateRawSync(dexBytes.subarray(0, 8), { finishFlush: constants.Z_SYNC_FLUSH });
    const raw = Buffer.concat([head, deflatedZeros(64 << 20)]);
    const bomb = makeZip([{ name: 'payload.dex', data: new Uint8Array(0), raw, centralSize: 1000 }]);
    const entries = [
      { name: 'AndroidManifest.xml', data: openPackage(base, { path: full }).readEntry('AndroidManifest.xml')! },
      { name: 'classes.dex', data: openPackage(base, { path: full }).readEntry('classes.dex')! },
      { name: 'assets/broken.dex', data: dexBytes },
      { name: 'assets/bomb.zip', data: bomb, method: 0 },
    ];
    const pkg = openPackage(makeZip(entries), { path: 'hostile.apk' });
    expect(pkg.manifest!.packageName).toBe('com.example.pkgfull');
    expect(pkg.code.getClass('Lcom/example/pkgfull/Main;')).toBeDefined();
    const files = pkg.diagnostics.map((d) => [d.file, d.code]);
    expect(files).toContainEqual(['assets/broken.dex', expect.stringMatching(/^DEX_/)]);
    expect(files).toContainEqual(['assets/bomb.zip!payload.dex', 'ZIP_BOMB']);
  });

  it('reads an APK the way Android does through fake encryption, a shadow manifest and local-header lies', () => {
    const base = openPackage(readFileSync(full), { path: full });
    const entries = base.entries.map((e) => ({ name: e.name, data: base.readEntry(e.name)!, flags: 1, localMethod: e.method === 8 ? 0 : 8 }));
    // A second AndroidManifest.xml after the real one: Android refuses the archive, we keep the first and say so.
    entries.push({ name: 'AndroidManifest.xml', data: new TextEncoder().encode('<manifest package="evil"/>'), flags: 0, localMethod: 8 });
    const pkg = openPackage(makeZip(entries), { path: 'tampered.apk' });
    expect(pkg.manifest!.packageName).toBe('com.example.pkgfull');
    expect(pkg.manifest!.labelZh).toBe('完整包');
    expect(pkg.code.getClass('Lcom/example/plugin/Plugin;')).toBeDefined();
    const kinds = new Set(pkg.zipOddities.map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['duplicate-name', 'fake-encryption-flag', 'local-header-mismatch']);
    expect(pkg.zipOddities.find((o) => o.kind === 'duplicate-name')!.entry).toBe('AndroidManifest.xml');
  });

  it('ends random byte flips in an APK in a typed error or a package, code included', () => {
    const bytes = readFileSync(full);
    let seed = 11;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let i = 0; i < 300; i++) {
      const b = Uint8Array.from(bytes);
      for (let k = 0, n = 1 + rnd(8); k < n; k++) b[rnd(b.length)] = rnd(256);
      try {
        const pkg = openPackage(b, { path: 'flipped.apk' });
        for (const c of pkg.code.classes()) for (const m of c.methods()) m.code();
      } catch (e) {
        expect(e).toBeInstanceOf(PiscopeError);
      }
    }
  });

  it('ends every 7th prefix of an APK in a typed error or a package', () => {
    const bytes = readFileSync(full);
    for (let n = 0; n < bytes.length; n += 7) {
      try {
        openPackage(bytes.subarray(0, n), { path: 'prefix.apk' });
      } catch (e) {
        expect(e).toBeInstanceOf(PiscopeError);
      }
    }
  });
});
