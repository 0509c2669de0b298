// The Frida agent's hook list, generated from the sensitive-API catalogue (never hand-listed): every entry
// gets a plan. Methods and reflection targets are hooked by name; settings keys through Settings.*.getString
// with the key as a filter; content URIs through ContentResolver.query with the URI as a filter. A field
// read is no call and cannot be hooked: a field entry is covered by the hook of the call that uses its
// value (a CONTENT_URI by the query, ScanResult.BSSID by getScanResults), or marked unobservable.
import type { SensitiveApi } from '../../knowledge/types.ts';

export type HookPlan =
  | { readonly id: string; readonly how: 'method'; readonly className: string; readonly method: string; readonly overload: readonly string[] | null }
  | { readonly id: string; readonly how: 'settings'; readonly className: string; readonly key: string }
  | { readonly id: string; readonly how: 'query'; readonly uri: string }
  | { readonly id: string; readonly how: 'binder'; readonly token: string }
  | { readonly id: string; readonly how: 'via'; readonly through: string; readonly why: string }
  | { readonly id: string; readonly how: 'unobservable'; readonly why: string };

const PRIMITIVES: Readonly<Record<string, string>> = { I: 'int', J: 'long', Z: 'boolean', B: 'byte', S: 'short', C: 'char', F: 'float', D: 'double', V: 'void' };

/** `Ljava/lang/String;` → `java.lang.String`; arrays in Java.use's overload form (`[B`, `[Ljava.lang.String;`). */
export function javaType(desc: string): string {
  if (desc.startsWith('[')) return `[${desc.slice(1).replace(/\//gu, '.')}`;
  if (desc.startsWith('L')) return desc.slice(1, -1).replace(/\//gu, '.');
  return PRIMITIVES[desc] ?? desc;
}

/** The parameter descriptors of `(ILjava/lang/String;[B)V`. */
export function paramDescriptors(params: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < params.length) {
    let j = i;
    while (params[j] === '[') j++;
    if (params[j] === 'L') j = params.indexOf(';', j);
    out.push(params.slice(i, j + 1));
    i = j + 1;
  }
  return out;
}

function methodPlan(a: SensitiveApi): HookPlan {
  const m = /^L([^;]+);->([^(*]+)(\*|\(([^)]*)\).*)$/u.exec(a.signature ?? '');
  if (m === null) return { id: a.id, how: 'unobservable', why: `unreadable signature ${a.signature ?? ''}` };
  const method = m[2] === '<init>' ? '$init' : m[2]!;
  return { id: a.id, how: 'method', className: m[1]!.replace(/\//gu, '.'), method, overload: m[3] === '*' ? null : paramDescriptors(m[4] ?? '').map(javaType) };
}

/** What carries a field's value to a hookable call. */
function fieldPlan(a: SensitiveApi, all: readonly SensitiveApi[]): HookPlan {
  if (a.api.endsWith('_URI')) {
    const q = all.find((x) => x.kind === 'content-uri' && x.dataType === a.dataType);
    if (q !== undefined) return { id: a.id, how: 'via', through: q.id, why: 'the URI is used by a ContentResolver query' };
  }
  if (a.api.startsWith('android.net.wifi.ScanResult.')) {
    const q = all.find((x) => x.api === 'android.net.wifi.WifiManager.getScanResults');
    if (q !== undefined) return { id: a.id, how: 'via', through: q.id, why: 'ScanResult objects come from WifiManager.getScanResults' };
  }
  if (a.api.startsWith('android.net.wifi.WifiConfiguration.')) {
    const q = all.find((x) => x.api === 'android.net.wifi.WifiManager.getConfiguredNetworks');
    if (q !== undefined) return { id: a.id, how: 'via', through: q.id, why: 'WifiConfiguration objects come from WifiManager.getConfiguredNetworks' };
  }
  return { id: a.id, how: 'unobservable', why: 'a static field read is no call; only the static analysis sees it' };
}

export function hookList(apis: readonly SensitiveApi[]): HookPlan[] {
  return apis.map((a): HookPlan => {
    switch (a.kind) {
      case 'method':
        return methodPlan(a);
      case 'reflection-name':
        return { id: a.id, how: 'method', className: a.className ?? a.api.slice(0, a.api.lastIndexOf('.')), method: a.member ?? a.api.slice(a.api.lastIndexOf('.') + 1), overload: null };
      case 'settings-key': {
        const ns = a.namespace ?? 'secure';
        return { id: a.id, how: 'settings', className: `android.provider.Settings$${ns[0]!.toUpperCase()}${ns.slice(1)}`, key: a.key ?? '' };
      }
      case 'content-uri':
        return { id: a.id, how: 'query', uri: a.uri ?? '' };
      case 'binder-interface':
        return { id: a.id, how: 'binder', token: a.descriptor ?? '' };
      case 'field':
        return fieldPlan(a, apis);
    }
  });
}
