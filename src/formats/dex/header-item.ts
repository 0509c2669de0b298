// header_item (dex-format.html): the fixed 0x70-byte header (0x78 from version 041, which adds the container
// fields). Every (size, off) pair is checked against the file here, so later reads cannot be led outside it
// and absurd counts fail before anything is allocated.
import { ErrorCode } from '../../errors.ts';
import type { ByteReader } from '../../binary/byte-reader.ts';

export const HEADER_ITEM_SIZE = 0x70;
export const HEADER_ITEM_SIZE_V41 = 0x78;
export const ENDIAN_CONSTANT = 0x12345678;
export const NO_INDEX = 0xffffffff;

export const STRING_ID_ITEM_SIZE = 4;
export const TYPE_ID_ITEM_SIZE = 4;
export const PROTO_ID_ITEM_SIZE = 12;
export const FIELD_ID_ITEM_SIZE = 8;
export const METHOD_ID_ITEM_SIZE = 8;
export const CLASS_DEF_ITEM_SIZE = 32;
export const CALL_SITE_ID_ITEM_SIZE = 4;
export const METHOD_HANDLE_ITEM_SIZE = 8;

export interface HeaderItem {
  /** 35..41. */
  readonly version: number;
  /** Where this header starts in the container (0 except for later dex sections of a 041 container). */
  readonly headerOffset: number;
  readonly fileSize: number;
  readonly headerSize: number;
  readonly mapOff: number;
  readonly stringIdsSize: number;
  readonly stringIdsOff: number;
  readonly typeIdsSize: number;
  readonly typeIdsOff: number;
  readonly protoIdsSize: number;
  readonly protoIdsOff: number;
  readonly fieldIdsSize: number;
  readonly fieldIdsOff: number;
  readonly methodIdsSize: number;
  readonly methodIdsOff: number;
  readonly classDefsSize: number;
  readonly classDefsOff: number;
  readonly dataSize: number;
  readonly dataOff: number;
  /** 041 only: size of the whole container; 0 before. */
  readonly containerSize: number;
}

/** True when the bytes start with `dex\n0NN\0`. */
export function isDex(r: ByteReader, at = 0): boolean {
  if (at + 8 > r.length) return false;
  return r.u32(at) === 0x0a786564 && r.u8(at + 4) === 0x30 && r.u8(at + 7) === 0;
}

/** Reads and validates the header at `at` (0, or a later header of a 041 container). */
export function readHeaderItem(r: ByteReader, at: number): HeaderItem {
  if (at + HEADER_ITEM_SIZE > r.length) r.fail(`file of ${r.length - at} bytes is shorter than a header_item`, at, ErrorCode.DEX_BAD_HEADER);
  if (!isDex(r, at)) r.fail('bad magic (expected "dex\\n0NN\\0")', at, ErrorCode.DEX_BAD_MAGIC);
  const d1 = r.u8(at + 5) - 0x30;
  const d2 = r.u8(at + 6) - 0x30;
  const version = d1 * 10 + d2;
  if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9 || version < 35 || version > 41) {
    r.fail(`unsupported dex version ${String.fromCharCode(r.u8(at + 4), r.u8(at + 5), r.u8(at + 6))}`, at + 4, ErrorCode.DEX_BAD_MAGIC);
  }
  const endian = r.u32(at + 0x28);
  if (endian !== ENDIAN_CONSTANT) r.fail(`endian_tag 0x${endian.toString(16)} (only little-endian 0x12345678 is defined)`, at + 0x28, ErrorCode.DEX_BAD_HEADER);
  const headerSize = r.u32(at + 0x24);
  const minHeader = version >= 41 ? HEADER_ITEM_SIZE_V41 : HEADER_ITEM_SIZE;
  if (headerSize < minHeader || at + headerSize > r.length) r.fail(`header_size ${headerSize} invalid for version ${version}`, at + 0x24, ErrorCode.DEX_BAD_HEADER);
  const containerSize = version >= 41 ? r.u32(at + 0x70) : 0;
  const headerOffset = version >= 41 ? r.u32(at + 0x74) : 0;
  if (version >= 41 && headerOffset !== at) r.fail(`header_offset ${headerOffset} differs from the header's position ${at}`, at + 0x74, ErrorCode.DEX_BAD_HEADER);
  if (version >= 41 && containerSize > r.length) r.fail(`container_size ${containerSize} exceeds the file (${r.length})`, at + 0x70, ErrorCode.DEX_BAD_HEADER);
  const fileSize = r.u32(at + 0x20);
  if (fileSize < headerSize || at + fileSize > r.length) r.fail(`file_size ${fileSize} does not fit the ${r.length - at} bytes present`, at + 0x20, ErrorCode.DEX_BAD_HEADER);

  // In 041, id sections are relative to this header while data offsets are relative to the container.
  const sectionLimit = at + fileSize;
  const section = (name: string, sizeAt: number, itemSize: number): [number, number] => {
    const size = r.u32(at + sizeAt);
    const off = r.u32(at + sizeAt + 4);
    if (size === 0) return [0, 0];
    if (off < headerSize || at + off + size * itemSize > sectionLimit || off % 4 !== 0) {
      r.fail(`${name}: ${size} items of ${itemSize} bytes at 0x${off.toString(16)} do not fit the file (${fileSize} bytes)`, at + sizeAt, ErrorCode.DEX_BAD_HEADER);
    }
    return [size, off];
  };
  const [stringIdsSize, stringIdsOff] = section('string_ids', 0x38, STRING_ID_ITEM_SIZE);
  const [typeIdsSize, typeIdsOff] = section('type_ids', 0x40, TYPE_ID_ITEM_SIZE);
  const [protoIdsSize, protoIdsOff] = section('proto_ids', 0x48, PROTO_ID_ITEM_SIZE);
  const [fieldIdsSize, fieldIdsOff] = section('field_ids', 0x50, FIELD_ID_ITEM_SIZE);
  const [methodIdsSize, methodIdsOff] = section('method_ids', 0x58, METHOD_ID_ITEM_SIZE);
  const [classDefsSize, classDefsOff] = section('class_defs', 0x60, CLASS_DEF_ITEM_SIZE);
  if (typeIdsSize > 65536) r.fail(`type_ids_size ${typeIdsSize} above 65536`, at + 0x40, ErrorCode.DEX_BAD_HEADER);
  if (protoIdsSize > 65536) r.fail(`proto_ids_size ${protoIdsSize} above 65536`, at + 0x48, ErrorCode.DEX_BAD_HEADER);
  return {
    version,
    headerOffset: at,
    fileSize,
    headerSize,
    mapOff: r.u32(at + 0x34),
    stringIdsSize,
    stringIdsOff,
    typeIdsSize,
    typeIdsOff,
    protoIdsSize,
    protoIdsOff,
    fieldIdsSize,
    fieldIdsOff,
    methodIdsSize,
    methodIdsOff,
    classDefsSize,
    classDefsOff,
    dataSize: r.u32(at + 0x68),
    dataOff: r.u32(at + 0x6c),
    containerSize,
  };
}
