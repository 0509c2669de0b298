// Fast lookups over the sensitive-API catalogue, built once: exact method keys, `*` overloads by owner and
// name, fields, content-URI prefixes, settings keys, names looked up by reflection and binder interfaces.
import type { SensitiveApi } from './types.ts';

export interface ApiMatcher {
  /** Entries for a smali method key `Lpkg/Cls;->name(params)ret`: the exact entry, else the `*` one. */
  byMethodKey(smaliKey: string): SensitiveApi[];
  /** All method entries of that owner (`Lpkg/Cls;` or dotted) and name, exact and `*`. */
  byOwnerAndName(owner: string, name: string): SensitiveApi[];
  /** Entries for a smali field key `Lpkg/Cls;->NAME:type` (the type may be omitted: `Lpkg/Cls;->NAME`). */
  byField(key: string): SensitiveApi[];
  /** content-uri entries whose URI is a prefix of `uri` at a path boundary, longest first. */
  byContentUri(uri: string): SensitiveApi[];
  /** settings-key entries for that key (any table unless `namespace` is given). */
  bySettingsKey(key: string, namespace?: SensitiveApi['namespace']): SensitiveApi[];
  /** reflection-name entries for a dotted class name and member name. */
  byReflection(className: string, member: string): SensitiveApi[];
  /** binder-interface entries for an AIDL interface descriptor (`com.heytap.openid.IOpenID`). */
  byBinderInterface(descriptor: string): SensitiveApi[];
  /** Every owner descriptor that has method entries: a quick pre-filter for call sites. */
  methodOwners: ReadonlySet<string>;
}

/** `Lpkg/Cls;` from `pkg.Cls` or `Lpkg/Cls;` (unchanged). */
export function toDescriptor(owner: string): string {
  if (owner.startsWith('L') && owner.endsWith(';')) return owner;
  return `L${owner.replaceAll('.', '/')};`;
}

function push<K>(map: Map<K, SensitiveApi[]>, key: K, entry: SensitiveApi): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [entry]);
  else list.push(entry);
}

const EMPTY: SensitiveApi[] = [];

export function buildApiMatcher(entries: readonly SensitiveApi[]): ApiMatcher {
  const exact = new Map<string, SensitiveApi[]>();
  const byName = new Map<string, SensitiveApi[]>();
  const wildcard = new Map<string, SensitiveApi[]>();
  const fields = new Map<string, SensitiveApi[]>();
  const settings = new Map<string, SensitiveApi[]>();
  const reflection = new Map<string, SensitiveApi[]>();
  const binders = new Map<string, SensitiveApi[]>();
  const uris: SensitiveApi[] = [];
  const owners = new Set<string>();

  for (const e of entries) {
    switch (e.kind) {
      case 'method': {
        const sig = e.signature!;
        const arrow = sig.indexOf('->');
        const owner = sig.slice(0, arrow);
        const rest = sig.slice(arrow + 2);
        const star = rest.endsWith('*');
        const name = star ? rest.slice(0, -1) : rest.slice(0, rest.indexOf('('));
        owners.add(owner);
        push(byName, `${owner}->${name}`, e);
        if (star) push(wildcard, `${owner}->${name}`, e);
        else push(exact, sig, e);
        break;
      }
      case 'field': {
        const sig = e.signature!;
        push(fields, sig, e);
        const colon = sig.indexOf(':');
        if (colon > 0) push(fields, sig.slice(0, colon), e);
        break;
      }
      case 'content-uri':
        uris.push(e);
        break;
      case 'settings-key':
        push(settings, e.key!, e);
        break;
      case 'reflection-name':
        push(reflection, `${e.className!}#${e.member!}`, e);
        break;
      case 'binder-interface':
        push(binders, e.descriptor!, e);
        break;
    }
  }
  // Longest prefix first, so the most specific URI is reported first.
  uris.sort((a, b) => b.uri!.length - a.uri!.length);

  return {
    byMethodKey(key) {
      const hit = exact.get(key);
      if (hit !== undefined) return hit;
      const paren = key.indexOf('(');
      return paren < 0 ? EMPTY : (wildcard.get(key.slice(0, paren)) ?? EMPTY);
    },
    byOwnerAndName(owner, name) {
      return byName.get(`${toDescriptor(owner)}->${name}`) ?? EMPTY;
    },
    byField(key) {
      return fields.get(key) ?? EMPTY;
    },
    byContentUri(uri) {
      const u = uri.trim().toLowerCase();
      return uris.filter((e) => {
        const p = e.uri!;
        if (!u.startsWith(p)) return false;
        const next = u.charAt(p.length);
        return next === '' || next === '/' || next === '?' || next === '#';
      });
    },
    bySettingsKey(key, namespace) {
      const list = settings.get(key) ?? EMPTY;
      return namespace === undefined ? list : list.filter((e) => e.namespace === namespace);
    },
    byReflection(className, member) {
      return reflection.get(`${className}#${member}`) ?? EMPTY;
    },
    byBinderInterface(descriptor) {
      return binders.get(descriptor) ?? EMPTY;
    },
    methodOwners: owners,
  };
}
