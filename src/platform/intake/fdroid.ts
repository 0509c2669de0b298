// The reference connector: an F-Droid repository. index-v1 (index-v1.json inside the signed index-v1.jar) or
// index-v2 (entry.json inside the signed entry.jar → index-v2.json by its sha256, or the diff from the index
// read last time). Each JAR is verified against the repository's pinned certificate fingerprint; each APK is
// then checked against the sha256 and size the signed index gives.
import { createHash } from 'node:crypto';
import { verifyJarEntry } from '../../formats/signing/jar-verify.ts';
import type { StoreListing } from '../../package/store-listing.ts';
import { IntakeError, joinUrl, type Candidate, type Connector, type ConnectorRun } from './connector.ts';

export interface FdroidConfig {
  /** The repository's address, e.g. https://f-droid.org/repo */
  repo: string;
  /** SHA-256 (hex) of the repository's signing certificate. */
  fingerprint: string;
  index?: 'v1' | 'v2';
  /** latest: the highest versionCode per app and signer; all: every version the index lists. */
  versions?: 'latest' | 'all';
}

const MAX_INDEX = 256 * 1024 * 1024;
type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A localized field ({"en-US": "…"}) or a plain string: English first, else the first. */
function localized(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const o = obj(v);
  return str(o['en-US']) ?? str(o.en) ?? Object.values(o).map(str).find((x) => x !== undefined);
}

/** RFC 7386 JSON merge patch: how index-v2 diffs apply to the previous index. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = new Map(Object.entries(obj(target)));
  for (const [k, v] of Object.entries(patch as Json)) {
    if (v === null) out.delete(k);
    else out.set(k, mergePatch(out.get(k), v));
  }
  return Object.fromEntries(out);
}

interface Version {
  packageName: string;
  fileName: string;
  sha256: string;
  size: number;
  versionCode: number;
  versionName?: string;
  signers: string[];
  permissions: string[];
  appName?: string;
  developer?: string;
}

function parseJson(bytes: Uint8Array, what: string): Json {
  try {
    return obj(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch (e) {
    throw new IntakeError(`${what} is not JSON (${e instanceof Error ? e.message : String(e)})`, false);
  }
}

function versionsV1(index: Json): Version[] {
  const apps = new Map<string, Json>();
  for (const a of Array.isArray(index.apps) ? index.apps : []) apps.set(String(obj(a).packageName), obj(a));
  const out: Version[] = [];
  for (const [pkg, list] of Object.entries(obj(index.packages))) {
    const app = apps.get(pkg) ?? {};
    const loc = obj(obj(app.localized)['en-US']);
    for (const p of Array.isArray(list) ? list.map(obj) : []) {
      if (p.hashType !== 'sha256') continue;
      const perms = Array.isArray(p['uses-permission']) ? p['uses-permission'].map((x) => (Array.isArray(x) ? String(x[0]) : String(x))) : [];
      out.push({
        packageName: pkg,
        fileName: String(p.apkName),
        sha256: String(p.hash).toLowerCase(),
        size: Number(p.size),
        versionCode: Number(p.versionCode),
        ...(str(p.versionName) !== undefined ? { versionName: str(p.versionName)! } : {}),
        signers: str(p.signer) !== undefined ? [str(p.signer)!.toLowerCase()] : [],
        permissions: perms,
        ...((str(loc.name) ?? str(app.name)) !== undefined ? { appName: (str(loc.name) ?? str(app.name))! } : {}),
        ...(str(app.authorName) !== undefined ? { developer: str(app.authorName)! } : {}),
      });
    }
  }
  return out;
}

function versionsV2(index: Json): Version[] {
  const out: Version[] = [];
  for (const [pkg, entry] of Object.entries(obj(index.packages))) {
    const meta = obj(obj(entry).metadata);
    for (const v of Object.values(obj(obj(entry).versions)).map(obj)) {
      const file = obj(v.file);
      const manifest = obj(v.manifest);
      const appName = localized(meta.name);
      out.push({
        packageName: pkg,
        fileName: String(file.name),
        sha256: String(file.sha256).toLowerCase(),
        size: Number(file.size),
        versionCode: Number(manifest.versionCode),
        ...(str(manifest.versionName) !== undefined ? { versionName: str(manifest.versionName)! } : {}),
        signers: (Array.isArray(obj(manifest.signer).sha256) ? (obj(manifest.signer).sha256 as unknown[]) : []).map((s) => String(s).toLowerCase()),
        permissions: (Array.isArray(manifest.usesPermission) ? manifest.usesPermission : []).map((x) => String(obj(x).name)),
        ...(appName !== undefined ? { appName } : {}),
        ...(str(meta.authorName) !== undefined ? { developer: str(meta.authorName)! } : {}),
      });
    }
  }
  return out;
}

export class FdroidConnector implements Connector {
  readonly store: string;
  readonly config: FdroidConfig;
  constructor(config: FdroidConfig) {
    this.config = config;
    this.store = `fdroid:${config.repo.replace(/\/+$/, '')}`;
  }

  /** entry.json (signed) → index-v2.json, from the diff against the last index when the entry offers one. */
  private async indexV2(run: ConnectorRun): Promise<Json> {
    const { repo, fingerprint } = this.config;
    const jarUrl = joinUrl(repo, 'entry.jar');
    const entry = parseJson(verifyJarEntry(await run.fetchBytes(jarUrl, 16 * 1024 * 1024), 'entry.json', fingerprint, jarUrl).bytes, 'entry.json');
    const timestamp = Number(entry.timestamp);
    const last = typeof run.state.timestamp === 'number' ? run.state.timestamp : null;
    if (last !== null && timestamp < last) throw new IntakeError(`${jarUrl}: the repository's timestamp ${timestamp} is older than the ${last} read before: refused (a rollback)`, false);
    const previous = last === null ? null : run.loadBlob('index-v2.json');
    const fetchChecked = async (ref: Json, what: string): Promise<Uint8Array> => {
      const url = joinUrl(repo, String(ref.name));
      const bytes = await run.fetchBytes(url, MAX_INDEX);
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== String(ref.sha256).toLowerCase()) throw new IntakeError(`${url}: sha256 ${sha} is not the ${String(ref.sha256)} the signed entry.json gives for the ${what}: refused`, false);
      if (ref.size !== undefined && Number(ref.size) !== bytes.length) throw new IntakeError(`${url}: ${bytes.length} bytes, not the ${Number(ref.size)} the signed entry.json gives: refused`, false);
      return bytes;
    };
    let index: Json;
    const diff = last !== null && previous !== null ? obj(entry.diffs)[String(last)] : undefined;
    if (last === timestamp && previous !== null) index = parseJson(previous, 'the stored index-v2.json');
    else if (diff !== undefined && previous !== null) {
      index = obj(mergePatch(parseJson(previous, 'the stored index-v2.json'), parseJson(await fetchChecked(obj(diff), `diff from ${last}`), 'the index diff')));
      run.state.lastRead = 'diff';
    } else {
      index = parseJson(await fetchChecked(obj(entry.index), 'index'), 'index-v2.json');
      run.state.lastRead = 'index';
    }
    run.saveBlob('index-v2.json', Buffer.from(JSON.stringify(index)));
    run.state.timestamp = timestamp;
    return index;
  }

  private async indexV1(run: ConnectorRun): Promise<Json> {
    const jarUrl = joinUrl(this.config.repo, 'index-v1.jar');
    const index = parseJson(verifyJarEntry(await run.fetchBytes(jarUrl, MAX_INDEX), 'index-v1.json', this.config.fingerprint, jarUrl).bytes, 'index-v1.json');
    const timestamp = Number(obj(index.repo).timestamp);
    const last = typeof run.state.timestamp === 'number' ? run.state.timestamp : null;
    if (last !== null && timestamp < last) throw new IntakeError(`${jarUrl}: the repository's timestamp ${timestamp} is older than the ${last} read before: refused (a rollback)`, false);
    run.state.timestamp = timestamp;
    return index;
  }

  async candidates(run: ConnectorRun): Promise<{ candidates: Candidate[]; skipped: { key: string; why: string }[] }> {
    const v2 = (this.config.index ?? 'v2') === 'v2';
    const all = v2 ? versionsV2(await this.indexV2(run)) : versionsV1(await this.indexV1(run));
    const skipped: { key: string; why: string }[] = [];
    let chosen = all.filter((v) => {
      if (/\.apk$/i.test(v.fileName) && /^[0-9a-f]{64}$/.test(v.sha256)) return true;
      skipped.push({ key: `${v.packageName}@${v.versionCode}`, why: /\.apk$/i.test(v.fileName) ? 'no sha256 in the index' : `${v.fileName} is not an APK` });
      return false;
    });
    if ((this.config.versions ?? 'latest') === 'latest') {
      // Per app and signer: one app signed by two keys is two lines of releases (obb.mainpatch.current).
      const best = new Map<string, Version>();
      for (const v of chosen) {
        const k = `${v.packageName}\n${v.signers.join(',')}`;
        const b = best.get(k);
        if (b === undefined || v.versionCode > b.versionCode) best.set(k, v);
      }
      chosen = [...best.values()];
    }
    const fetchedAt = new Date().toISOString();
    const candidates = chosen.map((v): Candidate => {
      const url = joinUrl(this.config.repo, v.fileName);
      const listing: StoreListing = {
        store: this.store,
        url,
        packageName: v.packageName,
        ...(v.appName !== undefined ? { appName: v.appName } : {}),
        ...(v.developer !== undefined ? { developer: v.developer } : {}),
        ...(v.versionName !== undefined ? { versionName: v.versionName } : {}),
        versionCode: v.versionCode,
        permissions: v.permissions,
        signerSha256: v.signers,
        packageSha256: v.sha256,
        fetchedAt,
      };
      return { key: `${v.packageName}@${v.versionCode}:${v.sha256.slice(0, 12)}`, url, fileName: v.fileName.replace(/^.*\//, ''), sha256: v.sha256, size: v.size, listing };
    });
    return { candidates, skipped };
  }
}
