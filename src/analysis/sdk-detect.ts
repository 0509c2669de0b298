// SDK identification by package prefix (the knowledge base's longest-prefix match), and attribution of a
// class to the SDK, the app, or nobody.
import type { Sdk, SdkMatcher } from '../knowledge/index.ts';
import { typeToJava } from '../package/code-model.ts';
import type { SdkHit } from './facts.ts';
import type { Program } from './program.ts';

export type SdkLookup = Pick<SdkMatcher, 'forClass'>;

/** One identified SDK and, per class id, which SDK owns it. */
export interface SdkIdentification {
  hits: SdkHit[];
  /** Per app class: index into hits, OWN_CLASS for the app's own, or -1. */
  ownerOf: Int32Array;
}

/** ownerOf mark of a class under the app's manifest package: no SDK is identified from it. */
export const OWN_CLASS = -2;

const MAX_EVIDENCE = 10;

export function packageOf(dotted: string): string {
  const i = dotted.lastIndexOf('.');
  return i < 0 ? '' : dotted.slice(0, i);
}

/** `ownPackage`: the APK's manifest package, whose classes are the app's even under a shorter SDK prefix. */
export function identifyByPrefix(program: Program, lookup: SdkLookup, ownPackage: string | null = null): SdkIdentification {
  const ownerOf = new Int32Array(program.classCount).fill(-1);
  const hits: SdkHit[] = [];
  const hitIndex = new Map<string, number>();
  const byPackage = new Map<string, { sdk: Sdk; prefix: string } | null>();
  const ownDesc = ownPackage === null || ownPackage === '' ? null : `L${ownPackage.replaceAll('.', '/')}`;
  for (let c = 0; c < program.classCount; c++) {
    const desc = program.typeNames[c]!;
    // The package part of the descriptor (`Lcom/x/`) keys the cache: no conversion for a package seen before.
    const slash = desc.lastIndexOf('/');
    const pkgDesc = slash < 0 ? '' : desc.slice(0, slash);
    let m = byPackage.get(pkgDesc);
    if (m === undefined) {
      // Look up a dummy class of the package, so that all classes of one package share one answer.
      m = pkgDesc.length === 0 ? null : (lookup.forClass(`${pkgDesc.slice(1).replaceAll('/', '.')}.X`) ?? null);
      byPackage.set(pkgDesc, m);
    }
    // A vendor's demo app lives under the vendor's prefix (com.sina.weibo.sdk.demo): the manifest package
    // wins over a shorter or equal SDK prefix; an SDK nested deeper inside the app's package stays the SDK's.
    const own = ownDesc !== null && (pkgDesc === ownDesc || pkgDesc.startsWith(`${ownDesc}/`));
    if (own && (m === null || m.prefix.length <= ownPackage!.length)) {
      ownerOf[c] = OWN_CLASS;
      continue;
    }
    if (m === null) continue;
    let h = hitIndex.get(m.sdk.id);
    if (h === undefined) {
      h = hits.length;
      hitIndex.set(m.sdk.id, h);
      hits.push({
        id: m.sdk.id, name: m.sdk.name, vendor: m.sdk.vendor, matchedBy: 'package', packages: [], confidence: null,
        category: m.sdk.category, nameZh: m.sdk.nameZh, evidenceClasses: [], prefixes: [],
      });
    }
    const hit = hits[h]!;
    if (!hit.prefixes.includes(m.prefix)) {
      hit.prefixes.push(m.prefix);
      hit.packages.push(m.prefix);
    }
    if (hit.evidenceClasses.length < MAX_EVIDENCE) hit.evidenceClasses.push(typeToJava(desc));
    ownerOf[c] = h;
  }
  // A package match rests on names only; more classes make a coincidence less likely.
  const counts = new Int32Array(hits.length);
  for (const h of ownerOf) if (h >= 0) counts[h]!++;
  hits.forEach((hit, i) => {
    const n = counts[i]!;
    hit.confidence = n >= 5 ? 0.95 : n >= 2 ? 0.8 : 0.6;
  });
  return { hits, ownerOf };
}
