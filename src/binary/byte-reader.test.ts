import { describe, expect, it } from 'vitest';
import { PiscopeError } from '../errors.ts';
import { ByteReader } from './byte-reader.ts';

describe('ByteReader', () => {
  it('reads little- and big-endian values', () => {
    const r = new ByteReader(new Uint8Array([1, 2, 3, 4, 0xff, 0xff, 0xff, 0x7f]), 't');
    expect(r.u16(0)).toBe(0x0201);
    expect(r.u32(0)).toBe(0x04030201);
    expect(r.u16be(0)).toBe(0x0102);
    expect(r.i32(4)).toBe(0x7fffffff);
  });
  it('throws a typed error naming the structure and offset', () => {
    const r = new ByteReader(new Uint8Array(4), 'dex.header');
    expect(() => r.u32(2)).toThrow(PiscopeError);
    expect(() => r.u32(2)).toThrow(/dex.header: read of 4 bytes outside \[0, 4\) at 0x2/);
    expect(() => r.slice(-1, 2)).toThrow(PiscopeError);
  });
  it('decodes LEB128 as the DEX spec examples give', () => {
    const r = new ByteReader(new Uint8Array([0x00, 0x01, 0x7f, 0x80, 0x7f]), 't');
    expect(r.uleb128(0)).toEqual([0, 1]);
    expect(r.uleb128(2)).toEqual([127, 3]);
    expect(r.uleb128(3)).toEqual([16256, 5]);
    expect(r.sleb128(2)).toEqual([-1, 3]);
    expect(r.sleb128(3)).toEqual([-128, 5]);
  });
  it('rejects over-long LEB128', () => {
    const r = new ByteReader(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80]), 't');
    expect(() => r.uleb128(0)).toThrow(/uleb128 longer than 5 bytes/);
  });
});
