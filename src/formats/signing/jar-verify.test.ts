// JAR signature verification against real signed F-Droid index jars (fdroidserver's tests/signindex) and their
// refusals: unsigned, another key pinned, and an entry changed after signing.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyJarEntry } from './jar-verify.ts';

const SIGNINDEX = resolve(import.meta.dirname, '../../../../shared/corpus/fdroid/signindex');
const read = (f: string): Uint8Array => new Uint8Array(readFileSync(join(SIGNINDEX, f)));
// Guardian Project's repository fingerprint, as F-Droid clients pin it.
const GUARDIAN = 'b7c2eefd8dac7806af67dfcd92eb18126bc08312a7f2d6f3862e46013c7a6135';

describe('verifyJarEntry', () => {
  it('verifies real signed index jars against the pinned fingerprint', () => {
    const v1 = verifyJarEntry(read('guardianproject-v1.jar'), 'index-v1.json', GUARDIAN, 'guardianproject-v1.jar');
    expect(v1.certificateSha256).toBe(GUARDIAN);
    expect(v1.subject).toContain('O=Guardian Project');
    expect((JSON.parse(Buffer.from(v1.bytes).toString('utf8')) as { repo: { name: unknown } }).repo.name).toBeTypeOf('string');
    expect(verifyJarEntry(read('guardianproject.jar'), 'index.xml', GUARDIAN).bytes.length).toBe(48743);
    expect(verifyJarEntry(read('testy.jar'), 'index.xml', null).certificateSha256).toBe('818e469465f96b704e27be2fee4c63ab9f83ddf30e7a34c7371a4728d83b0bc1');
  });

  it('refuses an unsigned jar, another key and a missing entry', () => {
    expect(() => verifyJarEntry(read('unsigned.jar'), 'index.xml', null, 'unsigned.jar')).toThrow(/unsigned\.jar: it is not signed/);
    expect(() => verifyJarEntry(read('testy.jar'), 'index.xml', GUARDIAN, 'testy.jar')).toThrow(/signed by certificate 818e4694[0-9a-f]+, not the repository's b7c2eefd/);
    expect(() => verifyJarEntry(read('guardianproject.jar'), 'index-v1.json', GUARDIAN, 'g.jar')).toThrow(/it has no index-v1\.json/);
    expect(() => verifyJarEntry(new Uint8Array(Buffer.from('not a zip at all')), 'index-v1.json', GUARDIAN, 'x.jar')).toThrow(/not a readable ZIP/);
  });

  it('refuses an entry changed after signing, and a signature block that does not verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'piscope-jar-'));
    try {
      copyFileSync(join(SIGNINDEX, 'guardianproject-v1.jar'), join(dir, 'a.jar'));
      const index = JSON.parse(Buffer.from(verifyJarEntry(read('guardianproject-v1.jar'), 'index-v1.json', GUARDIAN).bytes).toString('utf8')) as { repo: { name: string } };
      index.repo.name = 'Evil Twin';
      writeFileSync(join(dir, 'index-v1.json'), JSON.stringify(index));
      execFileSync('zip', ['-q', 'a.jar', 'index-v1.json'], { cwd: dir });
      expect(() => verifyJarEntry(new Uint8Array(readFileSync(join(dir, 'a.jar'))), 'index-v1.json', GUARDIAN, 'a.jar')).toThrow(/does not match its sha1 digest in the manifest: it was changed after signing/);
      // Another signer's block in place of this one's: the signature over the .SF fails.
      copyFileSync(join(SIGNINDEX, 'guardianproject-v1.jar'), join(dir, 'b.jar'));
      execFileSync('unzip', ['-q', '-o', join(SIGNINDEX, 'guardianproject.jar'), 'META-INF/1.SF', '-d', dir]);
      execFileSync('zip', ['-q', 'b.jar', 'META-INF/1.SF'], { cwd: dir });
      expect(() => verifyJarEntry(new Uint8Array(readFileSync(join(dir, 'b.jar'))), 'index-v1.json', GUARDIAN, 'b.jar')).toThrow(/the signature over META-INF\/1\.SF does not verify/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
