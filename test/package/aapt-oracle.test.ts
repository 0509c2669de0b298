// openPackage against an independent oracle: Debian's aapt, on every real APK of the corpus and our fixtures.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPackage } from '../../src/package/open-package.ts';
import { corpusFiles, corpusItems, fixtureApk } from '../helpers/paths.ts';

function aapt(args: string[]): string {
  return execFileSync('aapt', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
}

interface Badging {
  packageName: string | null;
  versionCode: number | null;
  versionName: string | null;
  minSdk: number;
  targetSdk: number;
  launchable: string | null;
  label: string | null;
  labelZh: string | null;
}

/** The fields aapt prints, with Android's defaults where aapt prints nothing (min 1, target = min). */
export function badging(apk: string): Badging {
  const out = aapt(['dump', 'badging', apk]);
  const one = (re: RegExp): string | null => re.exec(out)?.[1] ?? null;
  const min = Number(one(/^sdkVersion:'([^']*)'/m) ?? '1');
  const vc = one(/^package: .*versionCode='([^']*)'/m);
  return {
    packageName: one(/^package: name='([^']*)'/m),
    versionCode: vc === null || vc === '' ? null : Number(vc),
    versionName: one(/^package: .*versionName='([^']*)'/m) || null,
    minSdk: min,
    targetSdk: Number(one(/^targetSdkVersion:'([^']*)'/m) ?? String(min)),
    launchable: one(/^launchable-activity: name='([^']*)'/m),
    label: one(/^application: label='([^']*)'/m) || null,
    labelZh: one(/^application-label-zh-CN:'([^']*)'/m) ?? one(/^application-label-zh:'([^']*)'/m),
  };
}

export function aaptPermissions(apk: string): { name: string; maxSdk: number | null }[] {
  return [...aapt(['dump', 'permissions', apk]).matchAll(/^uses-permission(?:-sdk-23)?: name='([^']*)'(?: maxSdkVersion='(\d+)')?/gm)].map((m) => ({
    name: m[1]!,
    maxSdk: m[2] === undefined ? null : Number(m[2]),
  }));
}

const apks = [...corpusItems('apk').flatMap((c) => corpusFiles(c.id)), fixtureApk('hello'), fixtureApk('pkg-full'), fixtureApk('pkg-alias'), '/usr/share/android-framework-res/framework-res.apk'];

describe('openPackage agrees with aapt on every corpus APK and our fixtures', () => {
  it('covers the whole corpus', () => {
    expect(apks.length).toBeGreaterThanOrEqual(11);
  });
  it.each(apks)('%s', (apk) => {
    const pkg = openPackage(readFileSync(apk), { path: apk });
    const m = pkg.manifest!;
    const want = badging(apk);
    // Without resources.arsc aapt cannot print even a literal label (label=''), where Android shows it.
    if (pkg.readEntry('resources.arsc') === undefined) want.label = m.label;
    expect({
      packageName: m.packageName,
      versionCode: m.versionCode,
      versionName: m.versionName,
      minSdk: m.minSdk,
      targetSdk: m.targetSdk,
      launchable: m.launchableActivity,
      label: m.label,
      // aapt prints a zh label whenever the table has a zh locale, falling back to the default string;
      // Manifest.labelZh is only set for a real translation, so compare the fallback lookup here.
      labelZh: want.labelZh === null ? null : m.labelZh ?? pkg.resolveString(m.root.children.find((c) => c.tag === 'application')!.refs!['android:label']!, 'zh-rCN'),
    }).toEqual(want);
    expect(m.permissions.map((p) => ({ name: p.name, maxSdk: p.maxSdk }))).toEqual(aaptPermissions(apk));
    const defined = [...aapt(['dump', 'permissions', apk]).matchAll(/^permission: (\S+)$/gm)].map((x) => x[1]);
    expect(m.definedPermissions.map((p) => p.name)).toEqual(defined);
  });
});
