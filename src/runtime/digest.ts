// Digests of a personal value read on the device, so that a trace can prove the value left the phone without
// holding it: the network matcher hashes candidate strings of a request and compares (docs/trace-format.md).
// The digests of a short identifier are not anonymous (an IMEI's space can be searched), so a trace with them
// is kept like the capture itself.
import { createHash } from 'node:crypto';
export { worthMatching } from './worth.ts';

export interface ValueDigest {
  /** Hex digests of the value's UTF-8 bytes, lower case. */
  readonly sha256: string;
  readonly md5: string;
  readonly sha1: string;
  /** The value's length in characters (candidates of other lengths are never hashed). */
  readonly length: number;
}

export function digestOf(value: string): ValueDigest {
  const v = value.trim();
  const h = (alg: string): string => createHash(alg).update(v, 'utf8').digest('hex');
  return { sha256: h('sha256'), md5: h('md5'), sha1: h('sha1'), length: v.length };
}
