// The measuring tools themselves: the fuzzer's ZIP splitter/writer (checked with Info-ZIP's unzip), its
// seeded mutators, the dexdump counter the benchmarks compare piscope with, and the memory-floor child.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entryBytes, readZip, withContent, writeZip } from '../bench/lib/mini-zip.ts';
import { makeRng, mutateContent, mutateOuter } from '../bench/lib/fuzz-mutators.ts';
import { dexdumpCounts } from '../bench/lib/dexdump-counts.ts';
import { largestDex } from '../bench/lib/largest-dex.ts';
import { corpusFile } from './helpers/paths.ts';

const tmp = mkdtempSync(join(tmpdir(), 'piscope-bench-tools-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('mini-zip', () => {
  it('rewrites a real APK with one entry changed so that unzip accepts it', () => {
    const apk = new Uint8Array(readFileSync(corpusFile('appium-unlock')));
    const entries = readZip(apk);
    const i = entries.findIndex((e) => e.name === 'classes.dex');
    expect(i).toBeGreaterThanOrEqual(0);
    const dex = entryBytes(entries[i]!);
    const changed = dex.slice();
    changed[0x70] = changed[0x70]! ^ 0xff;
    const copy = entries.slice();
    copy[i] = withContent(entries[i]!, changed);
    const out = join(tmp, 'rewritten.apk');
    writeFileSync(out, writeZip(copy));
    execFileSync('unzip', ['-tq', out]);
    const names = execFileSync('unzip', ['-Z1', out], { encoding: 'utf8' }).trim().split('\n');
    expect(names).toEqual(entries.map((e) => e.name));
    expect(new Uint8Array(execFileSync('unzip', ['-p', out, 'classes.dex'], { maxBuffer: 1 << 26 }))).toEqual(changed);
  });
});

describe('fuzz mutators', () => {
  const dex = new Uint8Array(readFileSync(corpusFile('appium-android-bootstrap')));

  it('are reproducible from the seed and never change their input', () => {
    const before = dex.slice();
    const a = mutateContent('classes.dex', dex, makeRng(42));
    const b = mutateContent('classes.dex', dex, makeRng(42));
    expect(a.desc).toBe(b.desc);
    expect(a.bytes).toEqual(b.bytes);
    expect(dex).toEqual(before);
  });

  it('change the bytes in most cases', () => {
    let changed = 0;
    for (let s = 0; s < 200; s++) {
      const m = mutateContent('classes.dex', dex, makeRng(s));
      if (m.bytes.length !== dex.length || m.bytes.some((x, i) => x !== dex[i])) changed++;
    }
    // An extreme value can equal the original; a mutator that does nothing would show up here.
    expect(changed).toBeGreaterThan(180);
  });

  it('find the ZIP structures of a real APK', () => {
    const apk = new Uint8Array(readFileSync(corpusFile('appium-unlock')));
    const kinds = new Set<string>();
    for (let s = 0; s < 300; s++) kinds.add(mutateOuter(apk, makeRng(s)).desc.split(/[@×(]/)[0]!);
    expect([...kinds]).toEqual(expect.arrayContaining(['zip.eocd', 'zip.central', 'zip.local', 'zip.swap-offsets', 'bitflip', 'truncate']));
  });
});

describe('dexdump counts', () => {
  it('count every class that the dex header declares', () => {
    const path = corpusFile('appium-android-bootstrap');
    const header = execFileSync('dexdump', ['-f', path], { encoding: 'utf8' });
    const declared = Number(/class_defs_size\s*:\s*(\d+)/.exec(header)?.[1]);
    const c = dexdumpCounts(path, true);
    expect(c.classes).toBe(declared);
    expect(c.names).toHaveLength(declared);
    expect(c.names[0]).toMatch(/^L.+;$/);
    expect(c.methodsWithCode).toBeGreaterThan(0);
    expect(c.invokes).toBeGreaterThan(c.methodsWithCode);
  });
});

describe('inflate floor', () => {
  it('finds the largest dex of a multidex APK and inflates exactly it, as unzip does', () => {
    const apk = corpusFile('appium-settings');
    const sizes = execFileSync('unzip', ['-Zl', apk], { encoding: 'utf8' }).split('\n')
      .map((l) => /\s(\d+)\s+\S+\s+\d+\s+\S+\s+\S+\s+\S+\s+(classes\d*\.dex)$/.exec(l)).filter((m) => m !== null)
      .map((m) => ({ name: m[2]!, size: Number(m[1]) }));
    expect(sizes.length).toBeGreaterThan(1);
    const biggest = sizes.sort((a, b) => b.size - a.size)[0]!;
    const args = largestDex(apk);
    expect(args[3]).toBe(String(biggest.size));
    const out = execFileSync(process.execPath, ['bench/lib/inflate-floor.js', ...args], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ bytes: biggest.size });
    // A wrong size is an error, not a silent figure.
    expect(() => execFileSync(process.execPath, ['bench/lib/inflate-floor.js', args[0], args[1], args[2], String(biggest.size + 1), args[4]], { stdio: 'pipe' })).toThrow(/expected/);
  });
});
