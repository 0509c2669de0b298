// The sensitive-API lookups the analysis needs, over the knowledge base's ApiMatcher. A call site that
// several entries describe (one API, several data types) yields one entry per data type.
import type { ApiMatcher, SensitiveApi } from '../knowledge/index.ts';
import { typeToJava } from '../package/code-model.ts';

const NONE: readonly SensitiveApi[] = [];

export class ApiCatalogue {
  private readonly m: ApiMatcher;

  private readonly methodNames = new Set<string>();
  private readonly fieldOwners = new Set<string>();

  constructor(matcher: ApiMatcher, entries: readonly SensitiveApi[]) {
    this.m = matcher;
    for (const e of entries) {
      const sig = e.signature;
      if (sig === undefined) continue;
      const arrow = sig.indexOf('->');
      if (arrow < 0) continue;
      if (e.kind === 'field') this.fieldOwners.add(sig.slice(0, arrow));
      else if (e.kind === 'method') this.methodNames.add(/^[^(*]*/u.exec(sig.slice(arrow + 2))![0]);
    }
  }

  /** Whether any catalogued method has this name (a cheap filter before walking the hierarchy). */
  hasMethodName(name: string): boolean {
    return this.methodNames.has(name);
  }

  /** Whether any catalogued field is declared by this class. */
  hasFieldOwner(owner: string): boolean {
    return this.fieldOwners.has(owner);
  }

  /** A method call by its exact smali key (`Lx;->m(I)V`), falling back to `*` overloads. */
  method(owner: string, name: string, descriptor: string): readonly SensitiveApi[] {
    if (!this.m.methodOwners.has(owner)) return NONE;
    return this.m.byMethodKey(`${owner}->${name}${descriptor}`);
  }

  /** Any overload of owner.name: for reflection, where only the name is known. */
  methodByName(owner: string, name: string): readonly SensitiveApi[] {
    const direct = this.m.byOwnerAndName(owner, name);
    return direct.length > 0 ? direct : this.m.byReflection(typeToJava(owner), name);
  }

  field(key: string): readonly SensitiveApi[] {
    return this.m.byField(key);
  }

  fieldByName(owner: string, name: string): readonly SensitiveApi[] {
    const direct = this.m.byField(`${owner}->${name}`);
    return direct.length > 0 ? direct : this.m.byReflection(typeToJava(owner), name);
  }

  /** The most specific catalogued content URI that `uri` starts with. */
  contentUri(uri: string): SensitiveApi | undefined {
    return this.m.byContentUri(uri)[0];
  }

  settingsKey(key: string, namespace: 'secure' | 'system' | 'global'): SensitiveApi | undefined {
    return this.m.bySettingsKey(key, namespace)[0] ?? this.m.bySettingsKey(key)[0];
  }

  /** The catalogued service behind an AIDL interface descriptor. */
  binderInterface(descriptor: string): SensitiveApi | undefined {
    return this.m.byBinderInterface(descriptor)[0];
  }
}
