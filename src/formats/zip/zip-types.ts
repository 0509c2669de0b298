// The ZIP reader's public types (another part codes against exactly these).
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  dataOffset: number;
  centralOffset: number;
}

/** Same shape as `ZipOddity` in src/package/types.ts (formats/ may not import package/). */
export interface ZipOddity {
  readonly kind: string;
  readonly entry: string | null;
  readonly detail: string;
}

export interface ZipArchive {
  entries: readonly ZipEntry[];
  /** Grows as entries are read (CRC mismatches are only known after inflating). */
  oddities: readonly ZipOddity[];
  get(name: string): ZipEntry | undefined;
  /** Stored entries come back as views into the input (no copy); deflated ones are inflated, bounded. */
  read(entry: ZipEntry | string, maxBytes?: number): Uint8Array;
  /** The first bytes (up to n, at most 4 KiB) of an entry, to recognise it by content; empty if unreadable. */
  peek(entry: ZipEntry, n: number): Uint8Array;
  /** Offset of the central directory: the APK Signing Block, when present, ends right before it. */
  readonly centralDirectoryOffset: number;
}

export interface ZipOptions {
  /** Largest size one entry may inflate to (default 512 MiB). */
  maxEntrySize?: number;
  /** Largest total of all inflated bytes over the archive's life (default 4 GiB). */
  maxTotalSize?: number;
}

export const ZIP_METHOD_STORED = 0;
export const ZIP_METHOD_DEFLATED = 8;
