// Acquisition throughput: packages/s and MB/s from a local F-Droid repository into a batch (signed entry.jar
// verified, index-v2 read, each APK streamed into the store, checked against the signed sha256 and size, sniffed
// and registered with its listing), against the bare download of the same APK URLs to disk with plain fetch()
// at the same concurrency, in the same run. Two repositories: the F-Droid test repository (11 small APKs) and
// one made of the corpus's larger real APKs (an index-v2 written for them, entry.json signed with jarsigner).
//   node bench/intake.ts [--repeat 3] [--backends sqlite,postgres]
import { createHash } from 'node:crypto';
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startServer } from '../src/platform/platform.ts';
import { Client } from '../src/platform/testing/client.ts';
import { ADMIN_TOKEN } from '../src/platform/testing/harness.ts';
import { createTestDatabase } from '../src/platform/testing/pg.ts';
import { startTestRepo } from '../src/platform/testing/fdroid-repo.ts';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const REPEAT = Number(arg('--repeat', '3'));
const BACKENDS = arg('--backends', 'sqlite,postgres').split(',');
const CONCURRENCY = 4;

const repo = await startTestRepo();
// The larger repository: real corpus APKs under big/, with an index-v2 and a signed entry.jar.
const big = join(repo.dir, 'big');
mkdirSync(big);
const packages: Record<string, unknown> = {};
for (const item of readdirSync(join(ROOT, '.cache', 'corpus')).sort()) {
  for (const f of readdirSync(join(ROOT, '.cache', 'corpus', item)).sort()) {
    if (!f.endsWith('.apk')) continue;
    const bytes = readFileSync(join(ROOT, '.cache', 'corpus', item, f));
    if (bytes.length < 100_000) continue;
    copyFileSync(join(ROOT, '.cache', 'corpus', item, f), join(big, f));
    const sha = createHash('sha256').update(bytes).digest('hex');
    packages[`bench.${f.replace(/[^A-Za-z0-9]/g, '_')}`] = { metadata: { name: { 'en-US': f } }, versions: { [sha]: { file: { name: `/${f}`, sha256: sha, size: bytes.length }, manifest: { versionCode: 1, versionName: '1', signer: { sha256: ['0'.repeat(64)] }, usesPermission: [] } } } };
  }
}
const index = Buffer.from(JSON.stringify({ repo: { name: 'bench', timestamp: 1 }, packages }));
writeFileSync(join(big, 'index-v2.json'), index);
writeFileSync(join(big, 'entry.json'), JSON.stringify({ timestamp: 1, version: 30000, index: { name: '/index-v2.json', sha256: createHash('sha256').update(index).digest('hex'), size: index.length, numPackages: Object.keys(packages).length }, diffs: {} }));
repo.sign('entry.json', 'entry.jar', big);

interface Figures {
  n: number;
  bytes: number;
  seconds: number;
}

/** The same APK files fetched to disk with fetch(), CONCURRENCY at once: the floor any intake stands on. */
async function bare(base: string, files: string[]): Promise<Figures> {
  const out = mkdtempSync(join(tmpdir(), 'piscope-bench-bare-'));
  let bytes = 0;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const k = next++;
        const f = files[k];
        if (f === undefined) return;
        const r = await fetch(`${base}/${f.split('/').map(encodeURIComponent).join('/')}`);
        const target = join(out, String(k));
        await pipeline(Readable.fromWeb(r.body as import('node:stream/web').ReadableStream), createWriteStream(target));
        bytes += statSync(target).size;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  return { n: files.length, bytes, seconds };
}

async function intake(backend: string, repoUrl: string, n: number): Promise<Figures> {
  const data = mkdtempSync(join(tmpdir(), 'piscope-bench-intake-'));
  const pg = backend === 'postgres' ? await createTestDatabase() : null;
  const running = await startServer({ data, port: 0, workers: 0, bootstrapToken: ADMIN_TOKEN, consoleDir: null, ...(pg !== null ? { db: pg.url } : {}), intake: { allowAddresses: ['127.0.0.1'], watchMs: 0 } });
  try {
    const admin = new Client(running.url, ADMIN_TOKEN);
    const s = await admin.post<{ id: number }>('/api/v1/sources', { name: 'bench', batch: 'bench', config: { kind: 'fdroid', repo: repoUrl, fingerprint: repo.fingerprint, limits: { perSecond: 50, concurrency: CONCURRENCY } } });
    if (s.status !== 201) throw new Error(s.text);
    const t0 = performance.now();
    const r = await admin.post<{ status: string; counts: { added: number } }>(`/api/v1/sources/${s.body.id}/run?wait=true`);
    const seconds = (performance.now() - t0) / 1000;
    if (r.body.status !== 'done' || r.body.counts.added !== n) throw new Error(`run: ${r.text}`);
    const fetches = (await admin.get<{ items: { url: string; bytes: number }[] }>(`/api/v1/sources/${s.body.id}/fetches?limit=500`)).body.items;
    const bytes = fetches.filter((f) => f.url.endsWith('.apk')).reduce((a, f) => a + f.bytes, 0);
    return { n, bytes, seconds };
  } finally {
    await running.close();
    // pg-boss may still be letting go of its connections: give it a moment before the database is dropped.
    await new Promise((r) => setTimeout(r, 1000));
    await pg?.drop();
    rmSync(data, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// The latest APK per app and signer, as the connector chooses them (the OTA zip is not an APK).
const latest = ['com.politedroid_6.apk', 'duplicate.permisssions_9999999.apk', 'urzip-; Рахма́, [rɐxˈmanʲɪnəf] سيرجي_رخمانينوف 谢·.apk', 'info.zwanenburg.caffeinetile_4.apk', 'no.min.target.sdk_987.apk', 'obb.main.oldversion_1444412523.apk', 'obb.main.twoversions_1101617.apk', 'obb.mainpatch.current_1619.apk', 'obb.mainpatch.current_1619_another-release-key.apk', 'org.maxsdkversion_4.apk', 'souch.smsbypass_9.apk'];
const sets = [
  { name: 'F-Droid test repository', url: repo.base, files: latest },
  { name: 'corpus APKs (larger)', url: `${repo.base}/big`, files: readdirSync(big).filter((f) => f.endsWith('.apk')).map((f) => `big/${f}`) },
];
const lines: string[] = ['| repository | backend | packages | MB | intake s | intake pkg/s | intake MB/s | bare fetch s | bare MB/s | intake / bare time |', '|---|---|---|---|---|---|---|---|---|---|'];
for (const set of sets) {
  for (const backend of BACKENDS) {
    const runs: { i: Figures; b: Figures }[] = [];
    for (let k = 0; k < REPEAT; k++) runs.push({ b: await bare(repo.base, set.files), i: await intake(backend, set.url, set.files.length) });
    const i = median(runs.map((r) => r.i.seconds));
    const b = median(runs.map((r) => r.b.seconds));
    const mb = runs[0]!.i.bytes / 1e6;
    if (runs[0]!.i.bytes !== runs[0]!.b.bytes) throw new Error(`bytes differ: intake ${runs[0]!.i.bytes}, bare ${runs[0]!.b.bytes}`);
    lines.push(`| ${set.name} | ${backend} | ${set.files.length} | ${mb.toFixed(2)} | ${i.toFixed(3)} | ${(set.files.length / i).toFixed(1)} | ${(mb / i).toFixed(1)} | ${b.toFixed(3)} | ${(mb / b).toFixed(1)} | ${(i / b).toFixed(1)}× |`);
    process.stderr.write(`${lines[lines.length - 1]}\n`);
  }
}
await repo.close();
process.stdout.write(`${lines.join('\n')}\n`);
