// The memory floor of any Node.js reader of an APK: a Node process (started as piscope is) that reads one
// entry's compressed bytes from the file and inflates them into one buffer of their size, as piscope's ZIP
// reader does with the largest dex, and does nothing else. bench/run.ts finds the entry and times this.
//   node bench/lib/inflate-floor.js APK DATA_OFFSET COMPRESSED_SIZE SIZE [METHOD]   (METHOD 0: stored, read as is)
import { closeSync, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const [path, ...nums] = process.argv.slice(2);
const [off, csize, size, method = 8] = nums.map(Number);
if (path === undefined || !(off >= 0 && csize >= 0 && size >= 0)) throw new Error('usage: node bench/lib/inflate-floor.js APK DATA_OFFSET COMPRESSED_SIZE SIZE');
const fd = openSync(path, 'r');
const data = new Uint8Array(csize);
readSync(fd, data, 0, csize, off);
closeSync(fd);
const out = method === 0 ? data : inflateRawSync(data, { maxOutputLength: size + 1, chunkSize: Math.max(64, size + 1) });
if (out.length !== size) throw new Error(`inflated ${out.length} bytes, expected ${size}`);
console.log(JSON.stringify({ bytes: out.length }));
