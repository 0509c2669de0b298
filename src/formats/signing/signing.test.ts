import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PiscopeError } from '../../errors.ts';
import { corpusFiles, corpusItems, fixtureApk } from '../../../test/helpers/paths.ts';
import { readZip } from '../zip/index.ts';
import { pkcs7Certificates, signingBlockSchemes } from './signing.ts';

const BLOCK_FILE = /^META-INF\/[^/]+\.(RSA|DSA|EC)$/i;

describe('signing agrees with apksigner', () => {
  const apks = [...corpusItems('apk').flatMap((c) => corpusFiles(c.id)), fixtureApk('pkg-full')];
  it.each(apks)('%s', (apk) => {
    const bytes = readFileSync(apk);
    const zip = readZip(bytes);
    const out = execFileSync('apksigner', ['verify', '--print-certs', '-v', apk], { encoding: 'utf8' });
    const schemes = signingBlockSchemes(bytes, zip.centralDirectoryOffset);
    expect(schemes?.v2 ?? false).toBe(/\(APK Signature Scheme v2\): true/.test(out));
    expect(schemes?.v3 ?? false).toBe(/\(APK Signature Scheme v3\): true/.test(out));
    const v1 = zip.entries.filter((e) => BLOCK_FILE.test(e.name)).flatMap((e) => pkcs7Certificates(zip.read(e), e.name));
    const signer = /Signer #1 certificate SHA-256 digest: ([0-9a-f]+)/.exec(out)![1];
    const dn = /Signer #1 certificate DN: (.*)/.exec(out)![1]!;
    if (schemes !== null && (schemes.v2 || schemes.v3)) expect(schemes.certificates.map((c) => c.sha256)).toEqual([signer]);
    if (/\(JAR signing\): true/.test(out)) {
      expect(v1.map((c) => c.sha256)).toContain(signer);
      // The two print RDNs in opposite orders and escape commas differently (`\,` against quotes).
      const parts = (s: string): string[] => s.replaceAll('\\,', ',').replaceAll('"', '').split(/, (?=[A-Z]+=)/).sort();
      expect(parts(v1[0]!.subject)).toEqual(parts(dn));
    }
  });
});

describe('signing on hostile input', () => {
  it('refuses a non-PKCS#7 blob and every truncation of a real one with SIG_MALFORMED', () => {
    const zip = readZip(readFileSync(fixtureApk('pkg-full')));
    const rsa = Uint8Array.from(zip.read('META-INF/FIXTURES.RSA'));
    expect(pkcs7Certificates(rsa, 'x.RSA')).toHaveLength(1);
    for (let n = 0; n < rsa.length; n += 3) {
      let err: unknown;
      try {
        pkcs7Certificates(rsa.subarray(0, n), 'x.RSA');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PiscopeError);
      expect((err as PiscopeError).code).toBe('SIG_MALFORMED');
    }
  });

  it('reads no signing block where there is none, and refuses a lying block size', () => {
    const bytes = Uint8Array.from(readFileSync(fixtureApk('pkg-full')));
    const zip = readZip(bytes);
    expect(signingBlockSchemes(bytes, 30)).toBeNull();
    const footer = zip.centralDirectoryOffset - 24;
    const dv = new DataView(bytes.buffer);
    if (signingBlockSchemes(bytes, zip.centralDirectoryOffset) !== null) {
      dv.setUint32(footer, 0x7fffffff, true);
      expect(() => signingBlockSchemes(bytes, zip.centralDirectoryOffset)).toThrow(PiscopeError);
    }
  });
});
