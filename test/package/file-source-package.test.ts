// A package opened from its file (read piece by piece, as the CLI and the batch workers do) is the same
// package as one opened from its bytes in memory: entries, oddities, manifest, signing, hash and every
// decoded count, on real APKs and on fixtures with ZIP oddities.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSource } from '../../src/binary/byte-source.ts';
import { PiscopeError } from '../../src/errors.ts';
import { readZip, type ZipArchive } from '../../src/formats/zip/index.ts';
import { makeZip } from '../formats-zip/make-zip.ts';
import { decodeAll } from '../../src/package/code-index.ts';
import { openPackage } from '../../src/package/open-package.ts';
import { corpusFile, corpusFiles, corpusItems, fixtureApk, uiautomatorServerApk } from '../helpers/paths.ts';

const apks = [uiautomatorServerApk(), corpusFile('android-apidemos'), corpusFile('stf-service'), fixtureApk('rule-packed')];
const tmp = mkdtempSync(join(tmpdir(), 'piscope-file-pkg-'));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** What reading gives, or the error it ends in: code, offset, message. */
function outcome(f: () => ZipArchive): unknown {
  try {
    const z = f();
    return { entries: z.entries, oddities: z.oddities, data: z.entries.map((e) => Buffer.from(z.read(e)).toString('hex')), after: z.oddities };
  } catch (e) {
    if (!(e instanceof PiscopeError)) throw e;
    return { code: e.code, offset: e.offset, message: e.message };
  }
}

function fromFile(bytes: Uint8Array, name: string): unknown {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  const file = new FileSource(path);
  try {
    return outcome(() => readZip(file));
  } finally {
    file.close();
  }
}

describe('a package read from its file equals the package read from memory', () => {
  for (const path of apks) {
    it(path.split('/').pop()!, () => {
      const bytes = new Uint8Array(readFileSync(path));
      const file = new FileSource(path);
      try {
        const zm = readZip(bytes);
        const zf = readZip(file);
        expect(zf.entries).toEqual(zm.entries);
        expect(zf.oddities).toEqual(zm.oddities);
        for (const e of zm.entries.filter((x) => x.size < 1 << 20).slice(0, 50)) expect(zf.read(e)).toEqual(zm.read(e));

        const pm = openPackage(bytes, { path });
        const pf = openPackage(file, { path });
        expect(pf.kind).toBe(pm.kind);
        expect(pf.size).toBe(bytes.length);
        expect(pf.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(pf.manifest).toEqual(pm.manifest);
        expect(pf.signing).toEqual(pm.signing);
        expect(pf.nativeLibs).toEqual(pm.nativeLibs);
        expect(decodeAll(pf.code)).toEqual(decodeAll(pm.code));
        expect(pf.code.containers).toEqual(pm.code.containers);
        expect(pf.zipOddities).toEqual(pm.zipOddities);
        expect(pf.diagnostics).toEqual(pm.diagnostics);
      } finally {
        file.close();
      }
    });
  }

  it('reads tampered archives to the same oddities, and fails on broken ones with the same error', () => {
    const shapes: Record<string, Uint8Array> = {
      fakeEncryption: makeZip([{ name: 'a', data: enc('plain'), flags: 1 }]),
      localDisagrees: makeZip([{ name: 'a', data: enc('data'.repeat(50)), localMethod: 0 }]),
      unknownMethod: makeZip([{ name: 'AndroidManifest.xml', data: enc('raw bytes'), method: 0x1234 }]),
      duplicates: makeZip([{ name: 'classes.dex', data: enc('first') }, { name: 'classes.dex', data: enc('second') }]),
      prependedAndCrc: makeZip([{ name: 'a', data: enc('abc'), centralCrc: 1 }], { prepend: enc('MZ-stub') }),
      hiddenTail: makeZip([{ name: 'a', data: enc('x'.repeat(100)) }], { beforeCentral: enc('hidden payload') }),
      zip64: makeZip([{ name: 'big', data: enc('y'.repeat(300)), zip64: true }], { zip64End: true, comment: 'c' }),
      overlapping: makeZip([{ name: 'a', data: enc('z'.repeat(100)) }, { name: 'b', data: enc(''), sameDataAs: 0 }, { name: 'c', data: enc(''), sameDataAs: 0 }]),
    };
    for (const [name, bytes] of Object.entries(shapes)) expect(fromFile(bytes, name), name).toEqual(outcome(() => readZip(bytes)));
    // Every prefix of a real APK (each is broken somewhere): the same typed error, at the same offset.
    const apk = new Uint8Array(readFileSync(corpusFile('appium-unlock')));
    for (let n = 0; n < apk.length; n += Math.max(1, Math.floor(apk.length / 97))) {
      const cut = apk.subarray(0, n);
      expect(fromFile(cut, 'prefix.apk'), `prefix ${n}`).toEqual(outcome(() => readZip(cut)));
    }
  });

  it('reads every SDK archive of the corpus the same way', () => {
    const paths = corpusItems().filter((c) => c.kind === 'jar' || c.kind === 'aar').flatMap((c) => corpusFiles(c.id)).filter((p) => /\.(jar|aar)$/.test(p));
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      const file = new FileSource(path);
      try {
        const pm = openPackage(new Uint8Array(readFileSync(path)), { path });
        const pf = openPackage(file, { path });
        expect(pf.kind, path).toBe(pm.kind);
        expect(decodeAll(pf.code), path).toEqual(decodeAll(pm.code));
        expect(pf.diagnostics, path).toEqual(pm.diagnostics);
      } finally {
        file.close();
      }
    }
  });
});
