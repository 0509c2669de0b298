// Class fingerprints that survive renaming (LibRadar / LibScout style): what a class asks of the platform and
// its shape, with every name the obfuscator may change blanked out. A class's profile string holds its
// flags, its framework supertypes, its field types and method descriptors (app types written as `L;`),
// and the sorted multiset of framework methods it calls; the fingerprint is a 64-bit hash of that string.
import { OP_CALL_STATIC, OP_CALL_VIRTUAL, targetRef, type ScanResult } from './scan.ts';
import { ACC_ABSTRACT, ACC_INTERFACE, ACC_STATIC, type Program } from './program.ts';

import { isFrameworkType } from './framework-types.ts';
import { fnv1a } from './fnv.ts';

const DESC_TYPE = /L[^;]*;/gu;

/** A descriptor with every non-framework class type blanked to `L;`. */
export function normaliseDescriptor(d: string): string {
  return d.replace(DESC_TYPE, (t) => (isFrameworkType(t) ? t : 'L;'));
}

/** Classes with fewer framework calls than this say too little to be told apart (R classes, beans). */
const MIN_FRAMEWORK_CALLS = 3;

export function hash64(s: string): string {
  return fnv1a(s, 0x811c9dc5).toString(16).padStart(8, '0') + fnv1a(s, 0x050c5d1f).toString(16).padStart(8, '0');
}

/**
 * A cheap summary that must agree before a full fingerprint can: counts of framework calls, methods and
 * fields, and an order-free sum over the framework classes and method names called (names no obfuscator
 * changes). Computed from per-method sums the scan keeps, so most classes are never hashed.
 */
export function shapeKey(calls: number, methods: number, fields: number, callSum: number): string {
  return `${calls}.${methods}.${fields}.${(callSum >>> 0).toString(36)}`;
}

/** Classes with fewer framework calls than this get no loose key: too many classes share small ones. */
const MIN_LOOSE_CALLS = 6;

/**
 * A loose key per app class (null below MIN_LOOSE_CALLS): only the multiset of framework classes and method
 * names the class calls, without its own methods, fields or descriptors. A new version that adds a method
 * or a field, or changes an app-type parameter, keeps it; renaming never changes it. Free to compute from
 * the scan's per-method sums.
 */
export function looseKeys(program: Program, g: ScanResult): (string | null)[] {
  const out: (string | null)[] = new Array<string | null>(program.classCount).fill(null);
  for (let c = 0; c < program.classCount; c++) {
    if (!program.isApp(c)) continue;
    let n = 0;
    let sum = 0;
    for (let m = program.methodStart[c]!, end = program.methodStart[c + 1]!; m < end; m++) {
      n += g.fwCalls[m]!;
      sum = (sum + g.fwSum[m]!) | 0;
    }
    if (n >= MIN_LOOSE_CALLS) out[c] = `${n}.${(sum >>> 0).toString(36)}`;
  }
  return out;
}

/**
 * Fingerprint of every app class (null for uninformative ones), from the program and the scan's call edges.
 * With `shapes`, only classes whose shapeKey is in the set are hashed (the rest cannot match a profile);
 * `shapeOut` receives each class's shape.
 */
export function classFingerprints(
  program: Program, g: ScanResult, shapes?: ReadonlySet<string>, shapeOut?: string[], skip?: (c: number) => boolean,
): (string | null)[] {
  const tidNorm: (string | null | undefined)[] = [];
  const normOf = (tid: number): string | null => {
    let v = tidNorm[tid];
    if (v === undefined) {
      const owner = g.tidOwner[tid]!;
      const name = program.typeNames[owner]!;
      if (program.isApp(owner) || !isFrameworkType(name)) v = null;
      else {
        const ref = targetRef(program, g, tid);
        v = `${ref.owner}->${ref.name}${normaliseDescriptor(ref.descriptor)}`;
      }
      tidNorm[tid] = v;
    }
    return v;
  };
  const out: (string | null)[] = new Array<string | null>(program.classCount).fill(null);
  for (let c = 0; c < program.classCount; c++) {
    const m0 = program.methodStart[c]!;
    const m1 = program.methodStart[c + 1]!;
    let n = 0;
    let sum = 0;
    for (let m = m0; m < m1; m++) {
      n += g.fwCalls[m]!;
      sum = (sum + g.fwSum[m]!) | 0;
    }
    if (n < MIN_FRAMEWORK_CALLS || skip?.(c) === true) continue;
    // Read once per class here and not kept by the class: on a big app, cached field lists for every
    // fingerprinted class were tens of megabytes that only this pass looks at.
    const cls = program.classes[c]!;
    const ownFields = cls.fieldsUncached?.() ?? cls.fields();
    const shape = shapeKey(n, m1 - m0, ownFields.length, sum);
    if (shapeOut !== undefined) shapeOut[c] = shape;
    if (shapes !== undefined && !shapes.has(shape)) continue;
    const calls: string[] = [];
    const methods: string[] = [];
    for (let m = program.methodStart[c]!, end = program.methodStart[c + 1]!; m < end; m++) {
      const name = program.nameOf(m);
      const special = name === '<init>' || name === '<clinit>' ? name : '';
      methods.push(`${special}${(program.methodFlags[m]! & ACC_STATIC) !== 0 ? 's' : ''}${normaliseDescriptor(program.descOf(m))}`);
      for (let e = g.edgeStart[m]!, ee = g.edgeStart[m + 1]!; e < ee; e++) {
        const op = g.edgeOp[e];
        if (op !== OP_CALL_STATIC && op !== OP_CALL_VIRTUAL) continue;
        const n = normOf(g.edgeArg[e]!);
        if (n !== null) calls.push(n);
      }
    }
    if (calls.length < MIN_FRAMEWORK_CALLS) continue;
    const sup = cls.superName !== null && isFrameworkType(cls.superName) ? cls.superName : 'L;';
    const ifaces = cls.interfaces.map((i) => (isFrameworkType(i) ? i : 'L;')).sort();
    const fields = ownFields.map((f) => `${(f.accessFlags & ACC_STATIC) !== 0 ? 's' : ''}${normaliseDescriptor(f.type)}`).sort();
    calls.sort();
    methods.sort();
    const flags = program.classFlags[c]! & (ACC_INTERFACE | ACC_ABSTRACT);
    out[c] = hash64(`${flags}|${sup}|${ifaces.join(',')}|${fields.join(',')}|${methods.join(',')}|${calls.join(',')}`);
  }
  return out;
}
