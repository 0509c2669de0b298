// Runs a TypeScript entry the way bin/piscope.js runs piscope: Node's compile cache on, then the import.
// (A .ts main module is stripped on every run; modules imported from a .js entry come from the cache.)
//   node bench/lib/launch.js bench/piscope-read.ts read APK
import { enableCompileCache } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

enableCompileCache();
const [entry] = process.argv.splice(2, 1);
if (entry === undefined) throw new Error('usage: node bench/lib/launch.js ENTRY.ts [args…]');
process.argv[1] = resolve(entry);
await import(pathToFileURL(process.argv[1]).href);
