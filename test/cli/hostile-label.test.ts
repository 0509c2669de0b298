// End to end with an app whose label is markup and a bidi override: every format must show it as text.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertValidReport } from '../../src/report/testing/validate.ts';
import type { Report } from '../../src/report/types.ts';
import { ROOT } from '../helpers/paths.ts';
import { run } from './capture.ts';

const LABEL = '演示<script>alert(1)</script>\u202Egnp.exe';

/** Builds the hello fixture's code under a hostile label with apktool (unsigned: piscope does not need a signature). */
function buildHostileApk(): string {
  const work = mkdtempSync(join(tmpdir(), 'piscope-hostile-'));
  const src = join(work, 'src');
  cpSync(join(ROOT, 'fixtures', 'apps', 'hello', 'smali'), join(src, 'smali'), { recursive: true });
  const xmlLabel = LABEL.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  writeFileSync(
    join(src, 'AndroidManifest.xml'),
    `<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.hostile" android:versionCode="1" android:versionName="1.0">
    <uses-sdk android:minSdkVersion="21" android:targetSdkVersion="33"/>
    <uses-permission android:name="android.permission.READ_PHONE_STATE"/>
    <application android:label="${xmlLabel}" android:name="com.example.hello.App">
        <activity android:name="com.example.hello.Main" android:exported="true">
            <intent-filter><action android:name="android.intent.action.MAIN"/><category android:name="android.intent.category.LAUNCHER"/></intent-filter>
        </activity>
    </application>
</manifest>
`,
  );
  writeFileSync(join(src, 'apktool.yml'), ['version: 2.7.0', 'apkFileName: hostile.apk', 'isFrameworkApk: false', 'usesFramework:', '  ids:', '  - 1', 'sdkInfo:', "  minSdkVersion: '21'", "  targetSdkVersion: '33'", 'versionInfo:', "  versionCode: '1'", "  versionName: '1.0'", ''].join('\n'));
  const apk = join(work, 'hostile.apk');
  execFileSync('apktool', ['b', '-q', '-o', apk, src], { stdio: ['ignore', 'ignore', 'pipe'] });
  return apk;
}

describe('an app label that is hostile markup', () => {
  let apk = '';
  beforeAll(() => {
    apk = buildHostileApk();
  });

  it('is read as the label, kept verbatim in JSON', async () => {
    const r = await run(['scan', apk, '--format', 'json', '-q', '--fail-on', 'never']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    assertValidReport(report);
    expect(report.app.label).toBe(LABEL);
  });

  it('is escaped in HTML and in the 双清单', async () => {
    const html = (await run(['scan', apk, '--format', 'html', '-q', '--fail-on', 'never'])).stdout;
    expect(html).toContain('演示&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    const lists = (await run(['lists', apk, '-q'])).stdout;
    expect(lists).toContain('演示&lt;script&gt;');
    expect(lists).not.toContain('<script>');
  });

  it('cannot reorder the terminal text with a bidi override', async () => {
    const text = (await run(['scan', apk, '-q', '--fail-on', 'never'], { isTTY: true })).stdout;
    expect(text).not.toContain('\u202E');
    expect(text).toContain('演示<script>alert(1)</script>\\x202egnp.exe');
  });

  it('is printed as text in the PDF', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'piscope-pdf-')), 'r.pdf');
    const r = await run(['scan', apk, '--format', 'pdf', '--out', out, '-q', '--fail-on', 'never']);
    expect(r.code).toBe(0);
    expect(new TextDecoder().decode(readFileSync(out).subarray(0, 5))).toBe('%PDF-');
  });
});
