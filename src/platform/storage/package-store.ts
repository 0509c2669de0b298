// Packages by sha256 in a folder (a shared folder when several hosts run workers): <root>/packages/ab/<sha256>.
// An upload streams into a temporary file while it is hashed and counted; only a complete, accepted file is
// renamed into place, so a failed, refused or truncated upload leaves nothing behind.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An upload file untouched this long belongs to a process that died. */
const STALE_UPLOAD_MS = 6 * 3600_000;

export class UploadTooLarge extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`the package is larger than the limit of ${limit} bytes`);
    this.limit = limit;
  }
}

export interface Stored {
  sha256: string;
  size: number;
  /** False when the same bytes were already stored. */
  created: boolean;
}

export class PackageStore {
  readonly root: string;
  constructor(root: string) {
    this.root = root;
    mkdirSync(this.tmpDir(), { recursive: true });
    this.sweep();
  }

  /**
   * Removes upload files that a killed process left in tmp/. Only old ones: the folder may be shared by
   * hosts whose uploads are still streaming.
   */
  sweep(olderThanMs = STALE_UPLOAD_MS): number {
    let removed = 0;
    const limit = Date.now() - olderThanMs;
    for (const name of readdirSync(this.tmpDir())) {
      if (!name.startsWith('upload-')) continue;
      const p = join(this.tmpDir(), name);
      try {
        if (statSync(p).mtimeMs < limit) {
          rmSync(p, { force: true });
          removed++;
        }
      } catch {
        // another host swept it first
      }
    }
    return removed;
  }

  tmpDir(): string {
    return join(this.root, 'tmp');
  }

  path(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, 'packages', sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return existsSync(this.path(sha256));
  }

  /** A fresh private folder for a scan's work files, on this host (the store may be shared by many). */
  workDir(): string {
    const dir = join(tmpdir(), `piscope-work-${randomBytes(8).toString('hex')}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /**
   * Streams `input` to storage. `check` sees the complete temporary file before it is kept and may throw to
   * refuse it (the file is then removed). Throws UploadTooLarge past `limit` bytes, and whatever the stream
   * throws when it ends early.
   */
  async put(input: Readable, limit: number, check?: (tmpPath: string) => void | Promise<void>): Promise<Stored> {
    const tmp = join(this.tmpDir(), `upload-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > limit) {
          done(new UploadTooLarge(limit));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(input, meter, createWriteStream(tmp, { flags: 'wx' }));
      // A multipart file cut short by its size limit ends "successfully" with truncated set.
      if ((input as { truncated?: boolean }).truncated === true) throw new UploadTooLarge(limit);
      await check?.(tmp);
      const sha256 = hash.digest('hex');
      const target = this.path(sha256);
      if (existsSync(target) && statSync(target).size === size) {
        rmSync(tmp, { force: true });
        return { sha256, size, created: false };
      }
      mkdirSync(join(this.root, 'packages', sha256.slice(0, 2)), { recursive: true });
      renameSync(tmp, target);
      return { sha256, size, created: true };
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }
}
