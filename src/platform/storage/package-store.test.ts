// The package store: content-addressed, hashed while streaming, nothing kept of a refused, oversized or
// broken upload, and the leftovers of a killed process swept once they are old.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test/helpers/paths.ts';
import { checkPackage, PackageRefused } from './package-check.ts';
import { PackageStore, UploadTooLarge } from './package-store.ts';

const root = mkdtempSync(join(tmpdir(), 'piscope-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('PackageStore', () => {
  const store = new PackageStore(root);
  const tmpFiles = (): string[] => readdirSync(store.tmpDir());

  it('stores by sha256 computed while streaming; the same bytes again are found, not stored twice', async () => {
    const bytes = readFileSync(corpusFile('android-apidemos'));
    const sha = createHash('sha256').update(bytes).digest('hex');
    const first = await store.put(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), 1 << 30, checkPackage);
    expect(first).toEqual({ sha256: sha, size: bytes.length, created: true });
    expect(readFileSync(store.path(sha)).equals(bytes)).toBe(true);
    expect((await store.put(Readable.from([bytes]), 1 << 30)).created).toBe(false);
    expect(tmpFiles()).toEqual([]);
  });

  it('keeps nothing of an upload over the limit, refused by the check, or whose stream fails', async () => {
    await expect(store.put(Readable.from([Buffer.alloc(5000)]), 4096)).rejects.toBeInstanceOf(UploadTooLarge);
    await expect(store.put(Readable.from([Buffer.from('hello, not a package')]), 4096, checkPackage)).rejects.toBeInstanceOf(PackageRefused);
    const broken = new Readable({ read() {
      this.push(Buffer.alloc(100));
      this.destroy(new Error('connection reset'));
    } });
    await expect(store.put(broken, 4096)).rejects.toThrow('connection reset');
    expect(tmpFiles()).toEqual([]);
  });

  it('sweeps old upload leftovers and leaves recent ones', () => {
    const old = join(store.tmpDir(), 'upload-old');
    const fresh = join(store.tmpDir(), 'upload-fresh');
    writeFileSync(old, 'x');
    writeFileSync(fresh, 'x');
    const day = new Date(Date.now() - 24 * 3600_000);
    utimesSync(old, day, day);
    expect(new PackageStore(root).sweep()).toBe(0); // the constructor swept already
    expect(tmpFiles()).toEqual(['upload-fresh']);
    rmSync(fresh);
  });
});
