// Calls that do not read their data type by themselves (the catalogue's `access`): presence probes of named
// packages or intents, getters that return an object, sending. What the code does around the call decides
// whether it is collection. Only constants count as evidence (values.ts); anything computed stays unknown.
import type { MethodCode, MethodRef, Value } from '../package/code-model.ts';
import { stringOf, type ValueResolver } from './values.ts';

/**
 * A presence probe: the package names it asks about (constants; empty when computed), or a broad intent
 * query (MAIN/LAUNCHER with no package: lists the launchable apps, which is the app list itself).
 */
export interface ProbeSite {
  m: number;
  pc: number;
  names: string[];
  /** Set when the query is broad: the intent, as evidence. */
  broad: string | null;
  /** The probe's name argument is not a constant: the method may be a helper that callers give names to. */
  computed: boolean;
}

const INTENT = 'Landroid/content/Intent;';
const ACTION_MAIN = 'android.intent.action.MAIN';
const NAME_PROBES = new Set(['getPackageInfo', 'getApplicationInfo']);
const INTENT_QUERIES = new Set(['queryIntentActivities', 'queryIntentServices']);

/** A string that can be an Android package name (`com.tencent.mm`, `com.eg.android.AlipayGphone`). */
export function isPackageName(s: string): boolean {
  return s.length <= 255 && /^[A-Za-z][\w]*(\.[A-Za-z][\w]*)+$/u.test(s) && !/^(android|java|javax|dalvik|kotlin)\./u.test(s)
    && !/\.(action|intent|category|permission)\./u.test(s);
}

/**
 * A constant that is a package name even where the code does not show it given to the probe (an array
 * walked in a loop, an argument of a helper): three or more lower-case segments, so that class names
 * (`com.tencent.mtt.MainActivity`), actions (`com.xiaomi.mipush.REGISTER_APP`) and keys are not counted.
 */
export function isPackageListName(s: string): boolean {
  return isPackageName(s) && /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){2,}$/u.test(s);
}

/** Fewest strict package names one method must hold for them to be read as the list its probe walks. */
export const LIST_IN_METHOD = 6;

function isOwnName(v: Value | null | undefined): boolean {
  return v?.k === 'result' && v.of.name === 'getPackageName';
}

/**
 * Judges one probe call site in its method. Returns null when the call asks about the app itself or about
 * one explicit intent (a presence check that no count of names turns into collection).
 */
export function judgeProbe(m: number, target: MethodRef, args: readonly (Value | null)[], pc: number, code: MethodCode, resolver: ValueResolver, ownPackage: string | null): ProbeSite | null {
  if (NAME_PROBES.has(target.name) && target.descriptor.startsWith('(Ljava/lang/String;')) {
    const a = args[1];
    if (isOwnName(a)) return null;
    const v = a?.k === 'field' ? resolver.staticFieldValue(a.ref) : a;
    const s = stringOf(v);
    if (s !== null) return s === ownPackage || !isPackageName(s) ? null : { m, pc, names: [s], broad: null, computed: false };
    // A list of names in this method (an array of constants walked in a loop), else names from the callers.
    const names = [...new Set(code.strings.filter((x) => isPackageListName(x) && x !== ownPackage))];
    return names.length >= LIST_IN_METHOD ? { m, pc, names, broad: null, computed: false } : { m, pc, names: [], broad: null, computed: true };
  }
  if (INTENT_QUERIES.has(target.name)) {
    const intent = intentBuiltBefore(code, pc);
    if (intent.explicit || intent.action === null || intent.action !== ACTION_MAIN) return null;
    return { m, pc, names: [], broad: [intent.action, ...intent.categories].join(' + '), computed: false };
  }
  return null; // getPackagesForUid: one uid, the caller's own or a binder peer's
}

/**
 * The Intent the method builds before `pc`: its constant action and categories, and whether it names a
 * package or component. The linear scan does not track the Intent object itself, so this reads the Intent
 * calls of the method up to the query (a method that builds two intents gets their union: explicit wins).
 */
function intentBuiltBefore(code: MethodCode, pc: number): { action: string | null; categories: string[]; explicit: boolean } {
  let action: string | null = null;
  const categories: string[] = [];
  let explicit = false;
  for (const inv of code.invokes) {
    if (inv.pc >= pc) break;
    const t = inv.target;
    if (t.owner === 'Landroid/content/ComponentName;' && t.name === '<init>') explicit = true;
    if (t.owner !== INTENT) continue;
    const s = stringOf(inv.args[1]);
    if (t.name === '<init>') {
      if (t.descriptor.startsWith('(Landroid/content/Context;Ljava/lang/Class;') || t.descriptor.startsWith('(Ljava/lang/String;Landroid/net/Uri;Landroid/content/Context;')) explicit = true;
      else if (t.descriptor.startsWith('(Ljava/lang/String;')) action = s;
    } else if (t.name === 'setAction') action = s;
    else if (t.name === 'addCategory' && s !== null) categories.push(s);
    else if (t.name === 'setPackage' || t.name === 'setClassName' || t.name === 'setComponent' || t.name === 'setClass') explicit = true;
  }
  return { action, categories, explicit };
}

/** Calls that turn an object into text or JSON: every field of it is read. */
function isWholeObjectRead(t: MethodRef): boolean {
  if (t.name === 'toString' && t.descriptor === '()Ljava/lang/String;') return true;
  if (t.owner === 'Ljava/lang/String;' && t.name === 'valueOf' && t.descriptor === '(Ljava/lang/Object;)Ljava/lang/String;') return true;
  if ((t.owner === 'Ljava/lang/StringBuilder;' || t.owner === 'Ljava/lang/StringBuffer;') && t.name === 'append' && t.descriptor.startsWith('(Ljava/lang/Object;)')) return true;
  if ((t.owner === 'Lorg/json/JSONObject;' || t.owner === 'Lorg/json/JSONArray;') && (t.name === 'put' || t.name === '<init>' || t.name === 'wrap')) return true;
  return t.owner === 'Lcom/google/gson/Gson;' && t.name === 'toJson';
}

/** True when the method turns the object that `target` returned into text or JSON. */
export function readsWholeObject(code: MethodCode, target: MethodRef, pc: number): boolean {
  for (const inv of code.invokes) {
    if (inv.pc <= pc || !isWholeObjectRead(inv.target)) continue;
    for (const a of inv.args) {
      if (a?.k === 'result' && a.of.name === target.name && a.of.owner === target.owner && a.of.descriptor === target.descriptor) return true;
    }
  }
  return false;
}
