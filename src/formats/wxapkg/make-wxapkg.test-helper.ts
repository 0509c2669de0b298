// Builds .wxapkg files for tests: our own content, so tests run without the third-party corpus.
import { createCipheriv, pbkdf2Sync } from 'node:crypto';

export function makeWxapkg(files: Record<string, string | Uint8Array>): Uint8Array {
  const enc = new TextEncoder();
  const list = Object.entries(files).map(([n, d]) => ({ name: enc.encode(n), data: typeof d === 'string' ? enc.encode(d) : d }));
  const indexLen = 4 + list.reduce((s, f) => s + 12 + f.name.length, 0);
  const dataLen = list.reduce((s, f) => s + f.data.length, 0);
  const out = new Uint8Array(14 + indexLen + dataLen);
  const v = new DataView(out.buffer);
  out[0] = 0xbe;
  v.setUint32(5, indexLen);
  v.setUint32(9, dataLen);
  out[13] = 0xed;
  v.setUint32(14, list.length);
  let p = 18;
  let off = 14 + indexLen;
  for (const f of list) {
    v.setUint32(p, f.name.length);
    out.set(f.name, p + 4);
    p += 4 + f.name.length;
    v.setUint32(p, off);
    v.setUint32(p + 4, f.data.length);
    p += 8;
    out.set(f.data, off);
    off += f.data.length;
  }
  return out;
}

/** The PC client's V1MMWX form of a plain package (the inverse of decryptWxapkg). */
export function encryptWxapkg(plain: Uint8Array, appid: string): Uint8Array {
  const key = pbkdf2Sync(appid, 'saltiest', 1000, 32, 'sha1');
  const c = createCipheriv('aes-256-cbc', key, Buffer.from('the iv: 16 bytes', 'latin1'));
  const head = Buffer.concat([c.update(plain.subarray(0, 1023)), c.final()]);
  const k = appid.length >= 2 ? appid.charCodeAt(appid.length - 2) : 0x66;
  const tail = Buffer.from(plain.subarray(1023)).map((x) => x ^ k);
  return new Uint8Array(Buffer.concat([Buffer.from('V1MMWX', 'latin1'), head, tail]));
}
