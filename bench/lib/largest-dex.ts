// Where an APK's largest top-level dex lies, for bench/lib/inflate-floor.js (the memory floor of a Node reader).
import { FileSource } from '../../src/binary/byte-source.ts';
import { readZip } from '../../src/formats/zip/index.ts';

/** [apk, data offset, compressed size, size, method] of the APK's largest top-level dex, for bench/lib/inflate-floor.js. */
export function largestDex(apk: string): [string, string, string, string, string] {
  const src = new FileSource(apk);
  try {
    const dex = readZip(src).entries.filter((e) => /^classes\d*\.dex$/.test(e.name)).sort((a, b) => b.size - a.size)[0];
    if (dex === undefined) throw new Error(`${apk} has no classes.dex`);
    return [apk, String(dex.dataOffset), String(dex.compressedSize), String(dex.size), String(dex.method)];
  } finally {
    src.close();
  }
}
