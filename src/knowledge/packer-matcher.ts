// Packer (shell) detection from what a package holds: stub classes, native libraries and assets.
import type { Packer } from './types.ts';

export interface PackerEvidenceInput {
  /** Dotted class names (or `La/b/C;`) defined in the package. */
  classes?: Iterable<string>;
  /** Native library paths or file names, e.g. `lib/arm64-v8a/libjiagu.so`. */
  nativeLibs?: Iterable<string>;
  /** Asset paths, with or without the `assets/` folder. */
  assets?: Iterable<string>;
}

export interface PackerMatch {
  packer: Packer;
  /** What matched, as `class:…`, `lib:…`, `asset:…`. */
  evidence: string[];
}

/** `*` matches any run of characters; everything else is literal; whole name. Packers use flags `iu`. */
export function globToRegExp(glob: string, flags: string): RegExp {
  const body = glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/gu, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, flags);
}

function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

export function buildPackerMatcher(packers: readonly Packer[]): (input: PackerEvidenceInput) => PackerMatch[] {
  const compiled = packers.map((p) => ({
    packer: p,
    libs: p.nativeLibs.map((g) => globToRegExp(g, 'iu')),
    assets: p.assets.map((g) => globToRegExp(g, 'iu')),
  }));
  return (input) => {
    const classes = [...(input.classes ?? [])].map((c) => (c.startsWith('L') && c.endsWith(';') ? c.slice(1, -1) : c).replaceAll('/', '.'));
    const libs = [...(input.nativeLibs ?? [])];
    const assets = [...(input.assets ?? [])].map((a) => (a.startsWith('assets/') ? a.slice(7) : a));
    const out: PackerMatch[] = [];
    for (const c of compiled) {
      const evidence: string[] = [];
      for (const stub of c.packer.classes) {
        const hit = classes.find((k) => k === stub || k.startsWith(`${stub}.`) || k.startsWith(`${stub}$`));
        if (hit !== undefined) evidence.push(`class:${hit}`);
      }
      for (const lib of libs) if (c.libs.some((r) => r.test(baseName(lib)))) evidence.push(`lib:${lib}`);
      for (const asset of assets) if (c.assets.some((r) => r.test(asset) || r.test(baseName(asset)))) evidence.push(`asset:${asset}`);
      if (evidence.length > 0) out.push({ packer: c.packer, evidence });
    }
    return out;
  };
}
