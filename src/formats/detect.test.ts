import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PiscopeError, describeError } from '../errors.ts';
import { corpusFiles, corpusItems, fixtureApk } from '../../test/helpers/paths.ts';
import { makeZip } from '../../test/formats-zip/make-zip.ts';
import { detectKind } from './detect.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('detectKind', () => {
  it.each(corpusItems().filter((c) => c.kind !== 'so').flatMap((c) => corpusFiles(c.id).map((f) => [c.kind, f] as const)))('%s: %s', (kind, f) => {
    // Renamed to say nothing: the bytes alone decide.
    expect(detectKind(readFileSync(f), 'input.bin').kind).toBe(kind);
  });

  it('recognises our fixture APK, a class file, a wxapkg header and a resource-only APK', () => {
    expect(detectKind(readFileSync(fixtureApk('pkg-full')), 'a').kind).toBe('apk');
    expect(detectKind(Uint8Array.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52, 0, 0]), 'a').kind).toBe('class');
    const wx = new Uint8Array(32);
    wx[0] = 0xbe;
    wx[13] = 0xed;
    expect(detectKind(wx, 'a').kind).toBe('wxapkg');
    expect(detectKind(makeZip([{ name: 'AndroidManifest.xml', data: Uint8Array.from([3, 0, 8, 0, 8, 0, 0, 0]) }]), 'a').kind).toBe('apk');
    expect(detectKind(makeZip([{ name: 'AndroidManifest.xml', data: enc('<manifest/>') }, { name: 'classes.jar', data: enc('PK') }]), 'a').kind).toBe('aar');
    expect(detectKind(makeZip([{ name: 'META-INF/MANIFEST.MF', data: enc('Manifest-Version: 1.0') }]), 'a').kind).toBe('jar');
    expect(detectKind(makeZip([{ name: 'classes.dex', data: enc('dex\n035\0') }]), 'a').kind).toBe('jar');
  });

  it('refuses anything else with UNKNOWN_FORMAT naming the file', () => {
    for (const b of [enc(''), enc('hello'), makeZip([{ name: 'a.txt', data: enc('x') }])]) {
      let err: unknown;
      try {
        detectKind(b, 'mystery.apk');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PiscopeError);
      expect((err as PiscopeError).code).toBe('UNKNOWN_FORMAT');
      expect((err as PiscopeError).file).toBe('mystery.apk');
      expect(describeError(err, 'mystery.apk')).toMatch(/^mystery\.apk: input: (not an APK|a ZIP archive)[^:]* at 0x0 \[UNKNOWN_FORMAT\]$/);
    }
  });
});
