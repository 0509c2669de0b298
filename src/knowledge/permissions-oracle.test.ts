// Permissions against the real platform manifest: Debian's framework-res.apk (API 29), read with aapt as
// the oracle. Every entry that cites it must carry its protection level and labels exactly.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permissionByName, permissions } from './index.ts';

const FRAMEWORK = '/usr/share/android-framework-res/framework-res.apk';
const BASE = ['normal', 'dangerous', 'signature', 'signatureOrSystem'];
const FLAGS: [number, string][] = [
  [0x10, 'privileged'], [0x20, 'development'], [0x40, 'appop'], [0x80, 'pre23'], [0x100, 'installer'], [0x200, 'verifier'],
  [0x400, 'preinstalled'], [0x800, 'setup'], [0x1000, 'instant'], [0x2000, 'runtime'], [0x4000, 'oem'], [0x8000, 'vendorPrivileged'],
  [0x10000, 'textClassifier'], [0x20000, 'wellbeing'], [0x40000, 'documenter'], [0x80000, 'configurator'],
  [0x100000, 'incidentReportApprover'], [0x200000, 'appPredictor'], [0x1000000, 'companion'], [0x2000000, 'retailDemo'],
];

/** `protectionLevel` integer → AOSP text form (`signature|privileged|appop`). */
function levelName(v: number): string {
  const parts = [BASE[v & 0xf] ?? `0x${(v & 0xf).toString(16)}`];
  for (const [bit, name] of FLAGS) if ((v & bit) !== 0) parts.push(name);
  return parts.join('|');
}

/** name → protection level, from `aapt dump xmltree` of the platform manifest. */
function frameworkLevels(): Map<string, string> {
  const tree = execFileSync('aapt', ['dump', 'xmltree', FRAMEWORK, 'AndroidManifest.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = new Map<string, string>();
  for (const block of tree.split(/\n {4}E: /u)) {
    if (!block.startsWith('permission ')) continue;
    const name = /android:name\([^)]*\)="([^"]+)"/u.exec(block)?.[1];
    const level = /android:protectionLevel\([^)]*\)=\(type 0x11\)0x([0-9a-f]+)/u.exec(block)?.[1];
    if (name !== undefined) out.set(name, levelName(level === undefined ? 0 : Number.parseInt(level, 16)));
  }
  return out;
}

describe('permissions against framework-res.apk (aapt)', () => {
  it('has the platform manifest to compare with', () => {
    expect(existsSync(FRAMEWORK), `${FRAMEWORK} missing: apt-get install android-framework-res`).toBe(true);
  });

  it('carries the real protection level for every entry that cites the manifest', () => {
    const levels = frameworkLevels();
    expect(levels.size).toBeGreaterThan(400);
    expect(levels.get('android.permission.READ_PHONE_STATE')).toBe('dangerous');
    const cited = permissions().filter((p) => p.sources.some((s) => s.startsWith('observed: /usr/share/android-framework-res/framework-res.apk')));
    expect(cited.length).toBeGreaterThan(50);
    for (const p of cited) expect(p.protectionLevel, p.name).toBe(levels.get(p.name));
  });

  it('holds every dangerous permission of the platform manifest', () => {
    const missing = [...frameworkLevels()].filter(([, level]) => level.startsWith('dangerous')).map(([name]) => name).filter((n) => permissionByName(n) === undefined);
    expect(missing).toEqual([]);
  });

  it('cites the manifest for every entry it holds, and nothing it does not hold', () => {
    const levels = frameworkLevels();
    for (const p of permissions()) {
      const cites = p.sources.some((s) => s.startsWith('observed: /usr/share/android-framework-res/'));
      expect(cites, p.name).toBe(levels.has(p.name));
    }
  });
});
