// A minimal DER walker: just enough ASN.1 to pull the certificates out of a PKCS#7 SignedData blob.
import { ByteReader } from '../../binary/byte-reader.ts';
import { ErrorCode } from '../../errors.ts';

export interface Tlv {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly at: number;
  /** Offset of the contents and their length. */
  readonly body: number;
  readonly length: number;
  /** Offset just past this element. */
  readonly end: number;
}

export function derReader(bytes: Uint8Array, structure: string): ByteReader {
  return new ByteReader(bytes, structure, ErrorCode.SIG_MALFORMED);
}

/** The element at `at`, which must end by `limit`. Only definite lengths (DER) up to 4 length bytes. */
export function readTlv(r: ByteReader, at: number, limit: number): Tlv {
  const tag = r.u8(at);
  if ((tag & 0x1f) === 0x1f) r.fail('multi-byte ASN.1 tags are not used by PKCS#7', at);
  let len = r.u8(at + 1);
  let body = at + 2;
  if (len === 0x80) r.fail('indefinite length (BER) is not DER', at + 1);
  if (len > 0x80) {
    const n = len & 0x7f;
    if (n > 4) r.fail(`length of ${n} bytes`, at + 1);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + r.u8(at + 2 + i);
    body += n;
  }
  if (body + len > limit) r.fail(`element of ${len} bytes runs past its parent`, at);
  return { tag, at, body, length: len, end: body + len };
}

/** The children of a constructed element. */
export function children(r: ByteReader, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = parent.body;
  while (p < parent.end) {
    const t = readTlv(r, p, parent.end);
    out.push(t);
    p = t.end;
  }
  return out;
}
