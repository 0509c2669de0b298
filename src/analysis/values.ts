// Reading the linear-scan `Value`s of the code model: class names given to reflection, URI strings, and
// constants kept in static fields (initial value, or what `<clinit>` stores there). Never proof on its own:
// only constants are resolved, anything computed stays unknown.
import { fieldKey, type FieldRef, type MethodCode, type MethodInfo, type Value } from '../package/code-model.ts';
import type { SensitiveApi } from '../knowledge/types.ts';
import type { ApiCatalogue } from './catalogue.ts';
import type { Program } from './program.ts';

const FOR_NAME = 'forName';
const CLASS = 'Ljava/lang/Class;';

export function stringOf(v: Value | null | undefined): string | null {
  return v?.k === 'string' ? v.v : null;
}

/** `Lcom/x/Y;` from a class name as written in Java (`com.x.Y`, `com/x/Y` or a descriptor). */
export function classNameToType(name: string): string | null {
  const n = name.trim();
  if (n.length === 0 || n.length > 512) return null;
  if (n.startsWith('L') && n.endsWith(';')) return n;
  if (/[\s;[(]/.test(n)) return null;
  return `L${n.replaceAll('.', '/')};`;
}

/** The class a `Class` value denotes: const-class, `Class.forName("…")`, `ClassLoader.loadClass("…")`. */
export function classOf(v: Value | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (v.k === 'class') return v.v;
  if (v.k !== 'result') return null;
  const of = v.of;
  if (of.owner === CLASS && of.name === FOR_NAME) {
    const s = stringOf(v.args[0]);
    return s === null ? null : classNameToType(s);
  }
  if (of.name === 'loadClass' && of.descriptor.startsWith('(Ljava/lang/String;')) {
    const s = stringOf(v.args[1]);
    return s === null ? null : classNameToType(s);
  }
  return null;
}

/** What a Uri value points at: a literal URI string or a catalogued URI field. */
export type UriOf = { uri: string } | { api: SensitiveApi };

export class ValueResolver {
  private readonly program: Program;
  private readonly catalogue: ApiCatalogue;
  private readonly fieldCache = new Map<string, Value | null>();

  constructor(program: Program, catalogue: ApiCatalogue) {
    this.program = program;
    this.catalogue = catalogue;
  }

  uriOf(v: Value | null | undefined, depth = 0): UriOf | null {
    if (v === null || v === undefined || depth > 4) return null;
    switch (v.k) {
      case 'string':
        return { uri: v.v };
      case 'result': {
        const of = v.of;
        if (of.owner === 'Landroid/net/Uri;' && of.name === 'parse') {
          const s = stringOf(v.args[0]);
          return s === null ? null : { uri: s };
        }
        if (of.owner === 'Landroid/net/Uri;' && of.name === 'withAppendedPath') return this.uriOf(v.args[0], depth + 1);
        if (of.owner === 'Landroid/content/ContentUris;' && of.name === 'withAppendedId') return this.uriOf(v.args[0], depth + 1);
        return null;
      }
      case 'field': {
        const api = this.catalogue.field(fieldKey(v.ref))[0];
        if (api !== undefined) return { api };
        return this.uriOf(this.staticFieldValue(v.ref), depth + 1);
      }
      default:
        return null;
    }
  }

  /** The constant a static field of the package holds: its initial value, else what `<clinit>` stores. */
  staticFieldValue(ref: FieldRef): Value | null {
    const key = fieldKey(ref);
    const hit = this.fieldCache.get(key);
    if (hit !== undefined) return hit;
    this.fieldCache.set(key, null); // cycle guard
    let out: Value | null = null;
    const cls = this.program.index.getClass(ref.owner);
    if (cls !== undefined) {
      const f = cls.fields().find((x) => x.name === ref.name && x.type === ref.type);
      if (f?.initialValue != null) out = f.initialValue;
      if (out === null) {
        const clinit = cls.methods().find((m) => m.name === '<clinit>');
        const code = safeCode(clinit);
        if (code !== null) {
          for (const w of code.fieldWrites) {
            if (w.op === 'sput' && w.field.name === ref.name && w.field.owner === ref.owner && w.value !== null) out = w.value;
          }
        }
      }
    }
    this.fieldCache.set(key, out);
    return out;
  }
}

function safeCode(m: MethodInfo | undefined): MethodCode | null {
  if (m === undefined) return null;
  try {
    return m.code();
  } catch {
    return null;
  }
}
