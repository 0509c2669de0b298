// A WeChat mini-program package (.wxapkg): 0xBE, u32 (unused), u32 index length, u32 data length, 0xED (all
// big-endian), then the index (u32 count; per file u32 name length, name, u32 offset, u32 size; offsets from the
// start of the file) and the data. Every number is attacker-chosen: each read is bounded, an entry must lie in
// the file, and a name that could escape a folder (.., absolute, NUL, backslash) is refused and noted.
import { ByteReader, decodeUtf8 } from '../../binary/byte-reader.ts';
import { ErrorCode, PiscopeError } from '../../errors.ts';
import { decryptWxapkg, isEncryptedWxapkg } from './decrypt.ts';

export interface WxapkgEntry {
  /** The name as a safe relative path (`pages/index.js`); the package writes it with a leading `/`. */
  readonly name: string;
  readonly offset: number;
  readonly size: number;
}

export interface Wxapkg {
  readonly entries: readonly WxapkgEntry[];
  get(name: string): WxapkgEntry | undefined;
  read(entry: WxapkgEntry | string): Uint8Array;
  /** Things that did not stop the read: refused names, duplicates, a data length that disagrees. */
  readonly notes: readonly string[];
  /** True when the input was the PC client's V1MMWX form, decrypted with `appid`. */
  readonly encrypted: boolean;
  /** The plain package bytes (decrypted when it was encrypted). */
  readonly bytes: Uint8Array;
}

export interface WxapkgOptions {
  /** For V1MMWX packages. */
  appid?: string | null;
}

const HEADER = 14;
const MAX_INPUT = 512 << 20;

export function isPlainWxapkg(b: Uint8Array): boolean {
  return b.length >= HEADER && b[0] === 0xbe && b[13] === 0xed;
}

/** Throws WXAPKG_MALFORMED naming the header byte that is wrong (a truncated or mangled header). */
export function checkWxapkgHeader(b: Uint8Array): void {
  const fail = (msg: string, off: number): never => {
    throw new PiscopeError(ErrorCode.WXAPKG_MALFORMED, msg, { structure: 'wxapkg.header', offset: off });
  };
  if (b.length >= 1 && b[0] !== 0xbe) fail(`first byte is 0x${b[0]!.toString(16).padStart(2, '0')}, not 0xbe`, 0);
  if (b.length < HEADER) fail(`header truncated: ${b.length} of ${HEADER} bytes`, b.length);
  if (b[13] !== 0xed) fail(`header end byte is 0x${b[13]!.toString(16).padStart(2, '0')}, not 0xed`, 13);
}

/** Segment by segment: refuses what could leave the package's folder once written out or joined to a path. */
function safeName(raw: string): string | null {
  if (raw.includes('\0') || raw.includes('\\')) return null;
  const parts: string[] = [];
  for (const p of raw.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..' || /^[A-Za-z]:$/.test(p)) return null;
    parts.push(p);
  }
  return parts.length === 0 ? null : parts.join('/');
}

export function readWxapkg(input: Uint8Array, opts: WxapkgOptions = {}): Wxapkg {
  if (input.length > MAX_INPUT) throw new PiscopeError(ErrorCode.INPUT_TOO_LARGE, `${input.length} bytes, above ${MAX_INPUT}`, { structure: 'wxapkg' });
  const encrypted = isEncryptedWxapkg(input);
  const bytes = encrypted ? decryptWxapkg(input, opts.appid) : input;
  checkWxapkgHeader(bytes);
  const r = new ByteReader(bytes, 'wxapkg.index', ErrorCode.WXAPKG_MALFORMED);
  const indexLen = r.u32be(5);
  const dataLen = r.u32be(9);
  const notes: string[] = [];
  if (indexLen < 4 || HEADER + indexLen > bytes.length) r.fail(`index length ${indexLen} does not fit the ${bytes.length}-byte file`, 5);
  const indexEnd = HEADER + indexLen;
  if (indexEnd + dataLen !== bytes.length) notes.push(`header says ${dataLen} bytes of data, the file holds ${bytes.length - indexEnd}`);
  const count = r.u32be(HEADER);
  // Each record is at least 12 bytes: a count the index cannot hold is a lie, refused before any loop.
  if (count > (indexLen - 4) / 12) r.fail(`file count ${count} cannot fit an index of ${indexLen} bytes`, HEADER);
  const entries: WxapkgEntry[] = [];
  const byName = new Map<string, WxapkgEntry>();
  let p = HEADER + 4;
  for (let i = 0; i < count; i++) {
    const at = p;
    if (p + 4 > indexEnd) r.fail(`record ${i} of ${count} runs past the index end 0x${indexEnd.toString(16)}`, p);
    const nameLen = r.u32be(p);
    if (nameLen > indexEnd - p - 4 - 8) r.fail(`record ${i}: name length ${nameLen} runs past the index`, p);
    const raw = decodeUtf8(r.slice(p + 4, nameLen));
    p += 4 + nameLen;
    const offset = r.u32be(p);
    const size = r.u32be(p + 4);
    p += 8;
    if (offset < indexEnd || offset + size > bytes.length) {
      r.fail(`record ${i} (${JSON.stringify(raw.slice(0, 200))}): data [${offset}, ${offset + size}) outside the data area [${indexEnd}, ${bytes.length})`, at);
    }
    const name = safeName(raw);
    if (name === null) {
      notes.push(`refused entry name ${JSON.stringify(raw.slice(0, 200))} (empty, NUL, backslash or climbs out of its folder)`);
      continue;
    }
    if (byName.has(name)) {
      notes.push(`duplicate entry ${name}: the first is used`);
      continue;
    }
    const e = { name, offset, size };
    entries.push(e);
    byName.set(name, e);
  }
  return {
    entries,
    notes,
    encrypted,
    bytes,
    get: (name) => byName.get(name.replace(/^\/+/, '')),
    read(entry) {
      const e = typeof entry === 'string' ? byName.get(entry.replace(/^\/+/, '')) : entry;
      if (e === undefined) throw new PiscopeError(ErrorCode.WXAPKG_MALFORMED, `no entry ${typeof entry === 'string' ? entry : entry.name}`, { structure: 'wxapkg.index' });
      return bytes.subarray(e.offset, e.offset + e.size);
    },
  };
}
