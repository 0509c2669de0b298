// The Windows WeChat client stores mini-program packages encrypted ("V1MMWX"): PBKDF2-HMAC-SHA1(appid, "saltiest",
// 1000 rounds, 32 bytes) is an AES-256-CBC key (iv "the iv: 16 bytes") for the first 1024 bytes after the magic,
// which hold the first 1023 bytes of the plain package (one byte of PKCS#7 padding); the rest is XORed with one
// byte, the appid's second-to-last character (0x66 for a shorter appid). Checked byte-exact against the
// corpus's decrypted files (wxapkg.test.ts).
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { ErrorCode, PiscopeError } from '../../errors.ts';

const MAGIC = 'V1MMWX';
const HEAD = 1024;
const SALT = 'saltiest';
const IV = 'the iv: 16 bytes';

export function isEncryptedWxapkg(b: Uint8Array): boolean {
  if (b.length < MAGIC.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (b[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

/** The appid a PC client's folder names (`…/Applet/wx0123456789abcdef/12/__APP__.wxapkg`), or a file named after it. */
export function appidFromPath(path: string): string | null {
  const parts = path.split(/[\\/]/);
  for (let i = parts.length - 2; i >= 0; i--) {
    const m = /^wx[0-9a-f]{16}$/i.exec(parts[i]!);
    if (m !== null) return m[0];
  }
  // The file itself named after the app (`wx0123456789abcdef-pc.wxapkg`): a guess that decryption then checks.
  const m = /^(wx[0-9a-f]{16})(?![0-9a-z])/i.exec(parts.at(-1) ?? '');
  return m === null ? null : m[1]!;
}

/**
 * The plain package inside a V1MMWX file. A wrong appid gives a head that is not a wxapkg header and not
 * padded as AES-CBC pads: that is said plainly, never passed on as a mangled package.
 */
export function decryptWxapkg(b: Uint8Array, appid: string | null | undefined): Uint8Array {
  const structure = 'wxapkg.v1mmwx';
  if (appid === null || appid === undefined || appid === '') {
    throw new PiscopeError(ErrorCode.WXAPKG_DECRYPT_FAILED, 'PC-encrypted package (V1MMWX): the appid is needed to decrypt it; give --appid wx… (it is the folder name under the client\'s Applet/ folder)', { structure, offset: 0 });
  }
  if (b.length < MAGIC.length + HEAD) {
    throw new PiscopeError(ErrorCode.WXAPKG_MALFORMED, `encrypted head truncated: ${b.length - MAGIC.length} of ${HEAD} bytes`, { structure, offset: b.length });
  }
  const key = pbkdf2Sync(appid, SALT, 1000, 32, 'sha1');
  const d = createDecipheriv('aes-256-cbc', key, Buffer.from(IV, 'latin1'));
  d.setAutoPadding(false);
  const head = Buffer.concat([d.update(b.subarray(MAGIC.length, MAGIC.length + HEAD)), d.final()]);
  if (head[0] !== 0xbe || head[13] !== 0xed || head[HEAD - 1] !== 0x01) {
    throw new PiscopeError(ErrorCode.WXAPKG_DECRYPT_FAILED, `appid ${appid} does not decrypt this package (the decrypted head is not a wxapkg header): wrong appid`, { structure, offset: MAGIC.length });
  }
  const tailStart = MAGIC.length + HEAD;
  const out = new Uint8Array(HEAD - 1 + (b.length - tailStart));
  out.set(head.subarray(0, HEAD - 1), 0);
  const k = appid.length >= 2 ? appid.charCodeAt(appid.length - 2) & 0xff : 0x66;
  for (let i = tailStart, o = HEAD - 1; i < b.length; i++, o++) out[o] = b[i]! ^ k;
  return out;
}
