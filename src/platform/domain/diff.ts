// The per-version diff of an app's findings (DefectDojo's per-import actions): against the version before,
// each earlier fingerprint is fixed or persisting, and each present one is persisting, reactivated (absent
// in the version before, present in an earlier one) or new.

export interface VersionFingerprints {
  versionId: number;
  fingerprints: ReadonlySet<string>;
}

export interface VersionDiff {
  versionId: number;
  previousVersionId: number | null;
  new: string[];
  persisting: string[];
  reactivated: string[];
  fixed: string[];
}

/** `history` in version order, oldest first; `index` the version to diff against the one before it. */
export function diffVersions(history: readonly VersionFingerprints[], index: number): VersionDiff {
  const current = history[index];
  if (current === undefined) throw new RangeError(`no version at ${index}`);
  const previous = index > 0 ? history[index - 1]! : null;
  const earlier = new Set<string>();
  for (let i = 0; i < index - 1; i++) for (const fp of history[i]!.fingerprints) earlier.add(fp);
  const out: VersionDiff = { versionId: current.versionId, previousVersionId: previous?.versionId ?? null, new: [], persisting: [], reactivated: [], fixed: [] };
  for (const fp of current.fingerprints) {
    if (previous?.fingerprints.has(fp) === true) out.persisting.push(fp);
    else if (earlier.has(fp)) out.reactivated.push(fp);
    else out.new.push(fp);
  }
  if (previous !== null) for (const fp of previous.fingerprints) if (!current.fingerprints.has(fp)) out.fixed.push(fp);
  for (const k of ['new', 'persisting', 'reactivated', 'fixed'] as const) out[k].sort();
  return out;
}

/** Version order: by numeric versionCode when both have one, else by the order they were first seen. */
export function compareVersions(a: { version_code: string | null; id: number }, b: { version_code: string | null; id: number }): number {
  const ca = a.version_code === null ? NaN : Number(a.version_code);
  const cb = b.version_code === null ? NaN : Number(b.version_code);
  if (!Number.isNaN(ca) && !Number.isNaN(cb) && ca !== cb) return ca - cb;
  return a.id - b.id;
}
