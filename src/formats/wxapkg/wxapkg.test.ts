import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PiscopeError } from '../../errors.ts';
import { ROOT } from '../../../test/helpers/paths.ts';
import { detectKind } from '../detect.ts';
import { appidFromPath, checkWxapkgHeader, decryptWxapkg, isBaseLibrary, readWxapkg } from './index.ts';
import { encryptWxapkg, makeWxapkg } from './make-wxapkg.test-helper.ts';

// Third-party packages (../shared/corpus/wxapkg/SOURCES.md): read in place, never copied here.
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'wxapkg');
const HAVE = existsSync(CORPUS);
if (!HAVE) console.warn(`wxapkg corpus tests skipped: ${CORPUS} is absent`);
const c = (p: string): string => join(CORPUS, p);
const SECDEV = 'secdevlpr26__decrypt-unpack-wxapkg';
const PARTY = 'WankkoRee__PartyHistoryofLearning/applet/18';
const PARTY_APPID = 'wx6e24c691f9a50e44';

function outcome(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof PiscopeError) return e.code;
    throw e;
  }
  return 'ok';
}

// Seeded, so a failure names a mutation that can be replayed.
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const filler = 'x'.repeat(1500);
const own = makeWxapkg({ '/app-config.json': '{"pages":["pages/index"]}', '/app-service.js': 'wx.getLocation({})', '/pad.txt': filler });

describe('readWxapkg on our own packages', () => {
  it('lists the files with safe names and reads each one', () => {
    const p = readWxapkg(own);
    expect(p.entries.map((e) => e.name)).toEqual(['app-config.json', 'app-service.js', 'pad.txt']);
    expect(new TextDecoder().decode(p.read('/app-service.js'))).toBe('wx.getLocation({})');
    expect(p.notes).toEqual([]);
    expect(isBaseLibrary(p)).toBe(false);
  });

  it('refuses names that would escape a folder and notes them, keeping the rest', () => {
    const p = readWxapkg(makeWxapkg({ '/../evil.js': 'a', '/a/../../b.js': 'b', 'c\0.js': 'c', '\\windows\\x.js': 'd', '/C:/x.js': 'e', '/ok/./x.js': 'f', '/ok/x.js': 'g' }));
    expect(p.entries.map((e) => e.name)).toEqual(['ok/x.js']);
    expect(p.notes).toHaveLength(6);
    expect(p.notes.at(-1)).toMatch(/duplicate entry ok\/x.js/);
  });

  it('names the header byte that is wrong', () => {
    const bad = own.slice();
    bad[13] = 0x7d;
    expect(() => checkWxapkgHeader(bad)).toThrow(/wxapkg.header: header end byte is 0x7d, not 0xed at 0xd/);
    expect(() => readWxapkg(own.subarray(0, 10))).toThrow(/header truncated: 10 of 14 bytes/);
  });

  it('refuses a file count the index cannot hold, and data outside the file', () => {
    const many = own.slice();
    new DataView(many.buffer).setUint32(14, 0xffffffff);
    expect(() => readWxapkg(many)).toThrow(/file count 4294967295 cannot fit/);
    const far = own.slice();
    const dv = new DataView(far.buffer);
    dv.setUint32(18 + 4 + '/app-config.json'.length + 4, 0x7fffffff); // size of the first file
    expect(outcome(() => readWxapkg(far))).toBe('WXAPKG_MALFORMED');
  });

  it('every prefix of a package is read or refused with a PiscopeError, never a crash', () => {
    for (const src of [own, encryptWxapkg(own, 'wx0123456789abcdef')]) {
      const seen = new Set<string>();
      for (let n = 0; n < src.length; n++) seen.add(outcome(() => readWxapkg(src.subarray(0, n), { appid: 'wx0123456789abcdef' })));
      expect([...seen].every((o) => o === 'WXAPKG_MALFORMED' || o === 'WXAPKG_DECRYPT_FAILED')).toBe(true);
    }
  });

  it('random byte flips never crash the reader', () => {
    const rnd = prng(17);
    for (let i = 0; i < 3000; i++) {
      const m = own.slice();
      for (let k = 1 + Math.floor(rnd() * 4); k > 0; k--) m[Math.floor(rnd() * 80)] = Math.floor(rnd() * 256);
      const o = outcome(() => readWxapkg(m));
      expect(['ok', 'WXAPKG_MALFORMED', 'UNKNOWN_FORMAT']).toContain(o);
    }
  });

  it('decrypts the V1MMWX form it was given, and says so plainly for a wrong or missing appid', () => {
    const appid = 'wx0123456789abcdef';
    const e = encryptWxapkg(own, appid);
    expect(Buffer.from(decryptWxapkg(e, appid)).equals(Buffer.from(own))).toBe(true);
    expect(readWxapkg(e, { appid }).encrypted).toBe(true);
    expect(() => readWxapkg(e, { appid: 'wx0123456789abcdee' })).toThrow(/appid wx0123456789abcdee does not decrypt this package.*wrong appid/);
    expect(() => readWxapkg(e)).toThrow(/the appid is needed/);
    // A short appid XORs with 0x66.
    const short = encryptWxapkg(own, 'w');
    expect(short[1100]).toBe(own[1100 - 7]! ^ 0x66);
    expect(Buffer.from(decryptWxapkg(short, 'w')).equals(Buffer.from(own))).toBe(true);
  });

  it('detection knows both forms, and names the bad header byte of a file that says it is a wxapkg', () => {
    expect(detectKind(encryptWxapkg(own, 'wx0123456789abcdef'), 'a.bin').kind).toBe('wxapkg');
    const mangled = own.slice(0, 40);
    mangled[0] = 0x3f;
    expect(outcome(() => detectKind(mangled, 'x.wxapkg'))).toBe('WXAPKG_MALFORMED');
    expect(outcome(() => detectKind(mangled, 'x.bin'))).toBe('UNKNOWN_FORMAT');
  });

  it('takes the appid from the PC client folder or the file name, and nothing else', () => {
    expect(appidFromPath('C:\\Users\\a\\Documents\\WeChat Files\\Applet\\wx6e24c691f9a50e44\\18\\__APP__.wxapkg')).toBe('wx6e24c691f9a50e44');
    expect(appidFromPath('/x/Applet/wx6e24c691f9a50e44/18/_pkg_.wxapkg')).toBe('wx6e24c691f9a50e44');
    expect(appidFromPath('/d/wx000b96cc505e1149-pc.wxapkg')).toBe('wx000b96cc505e1149');
    expect(appidFromPath('/d/wx000b96cc505e1149abc.wxapkg')).toBeNull();
    expect(appidFromPath('/d/__APP__.wxapkg')).toBeNull();
  });
});

describe.skipIf(!HAVE)('readWxapkg on the real corpus (../shared/corpus/wxapkg)', () => {
  const secdev = HAVE ? readdirSync(c(`${SECDEV}/dataset`)).filter((f) => /^wx[0-9a-f]{16}-pc\.wxapkg$/.test(f)) : [];
  it.each(secdev)('decrypts %s byte-exact to the author\'s output, the appid from the file name', (f) => {
    const path = c(`${SECDEV}/dataset/${f}`);
    const appid = appidFromPath(path);
    const plain = decryptWxapkg(readFileSync(path), appid);
    const gold = readFileSync(c(`${SECDEV}/decrypted_files/${f.replace('-pc', '-out')}`));
    expect(Buffer.from(plain).equals(gold)).toBe(true);
    expect(readWxapkg(gold).entries.length).toBeGreaterThan(0);
  });

  it.each(['__APP__', '_packageA_'])('decrypts 一起学党史 %s byte-exact with its appid', (n) => {
    const plain = decryptWxapkg(readFileSync(c(`${PARTY}/${n}.wxapkg`)), PARTY_APPID);
    expect(Buffer.from(plain).equals(readFileSync(c(`${PARTY}/${n}.dec.wxapkg`)))).toBe(true);
  });

  it('says which appid fails on the subpackages whose appid is unknown', () => {
    const subs = readdirSync(c(`${SECDEV}/dataset`)).filter((f) => f.startsWith('_'));
    expect(subs).toHaveLength(5);
    for (const f of subs) {
      const b = readFileSync(c(`${SECDEV}/dataset/${f}`));
      expect(() => readWxapkg(b, { appid: PARTY_APPID })).toThrow(/does not decrypt this package/);
      expect(outcome(() => readWxapkg(b))).toBe('WXAPKG_DECRYPT_FAILED');
    }
  });

  it('refuses the 36-byte mangled header, naming the structure and offset', () => {
    const b = readFileSync(c('jamielhf__wxappUnpacker/test1.wxapkg'));
    expect(b.length).toBe(36);
    expect(() => readWxapkg(b)).toThrow(PiscopeError);
    expect(() => readWxapkg(b)).toThrow(/^wxapkg.header: first byte is 0x3f, not 0xbe at 0x0$/);
  });

  it('recognises the base library and no app as it', () => {
    expect(isBaseLibrary(readWxapkg(readFileSync(c('ZaratustraN__wxapp-parser/test.wxapkg'))))).toBe(true);
    for (const f of ['TracyZhangLei__TracyDemo/test.wxapkg', 'bdingtech__zhixing_20230922/__APP__.wxapkg', `${PARTY}/__APP__.dec.wxapkg`]) {
      expect(isBaseLibrary(readWxapkg(readFileSync(c(f))))).toBe(false);
    }
  });

  it('every prefix and random flips of a real package give a PiscopeError or a package, never a crash', () => {
    const real = readFileSync(c(`${SECDEV}/decrypted_files/wx0a38143339d51696-out.wxapkg`));
    const index = 14 + new DataView(real.buffer, real.byteOffset).getUint32(5);
    // Past the index every prefix fails the same bounds check; the index part is where the parsing is.
    for (let n = 0; n <= index + 64; n++) expect(['ok', 'WXAPKG_MALFORMED']).toContain(outcome(() => readWxapkg(real.subarray(0, n))));
    for (let n = index + 64; n < real.length; n += 997) expect(outcome(() => readWxapkg(real.subarray(0, n)))).toBe('WXAPKG_MALFORMED');
    const rnd = prng(42);
    for (let i = 0; i < 2000; i++) {
      const m = Buffer.from(real.subarray(0, index + 4096));
      for (let k = 1 + Math.floor(rnd() * 4); k > 0; k--) m[Math.floor(rnd() * index)] = Math.floor(rnd() * 256);
      expect(['ok', 'WXAPKG_MALFORMED']).toContain(outcome(() => readWxapkg(m)));
    }
  });
});
