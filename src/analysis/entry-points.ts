// The entry-point model (see the block comment in reach.ts): what Android calls in our code, and whether it
// does so before any screen is shown. Seeds the two phases of a Reach.
import { launchBroadcasts, pushServiceActions } from '../knowledge/index.ts';
import type { Manifest } from '../package/types.ts';
import { javaToType, typeToJava } from '../package/code-model.ts';
import { PHASE_BEFORE_CONSENT, PHASE_LATER, type Reach } from './reach.ts';
import type { Program } from './program.ts';
import { classNameToType } from './values.ts';

export interface EntryPoint {
  method: string;
  reason: string;
  beforeConsent: boolean;
  /** `event`: runs on a system broadcast or a push message, not at every launch (so not certain to precede consent). */
  trigger?: 'launch' | 'event';
  /** An event that Android 7/8+ no longer delivers to this app's manifest receivers (its targetSdk): old devices only. */
  oldDevicesOnly?: boolean;
}

/** Framework classes the LayoutInflater / FragmentManager create by name from XML. */
const INFLATED_BASES = ['Landroid/view/View;', 'Landroid/app/Fragment;', 'Landroidx/fragment/app/Fragment;', 'Landroid/support/v4/app/Fragment;'];

export function seedAndRun(reach: Reach, program: Program, manifest: Manifest | null, signal?: AbortSignal): EntryPoint[] {
  const entries: EntryPoint[] = [];
  const classOf = (javaName: string | null): number => {
    if (javaName === null || javaName.length === 0) return -1;
    const t = program.findType(javaToType(javaName));
    return program.isApp(t) ? t : -1;
  };
  const sub = (name: string, desc: string): number => program.subsigId(name, desc);
  /** Runs `seed`, then names every method it made an entry (parent -1) with `reason`. */
  const seed = (reason: string, phase: number, fn: () => void, trigger?: EntryPoint['trigger'], oldDevicesOnly = false): void => {
    const start = reach.reachedCount;
    fn();
    const end = reach.reachedCount;
    for (let i = start; i < end; i++) {
      const m = reach.queued(i);
      if (reach.parent[m] === -1) {
        entries.push({ method: program.methodName(m), reason, beforeConsent: phase === PHASE_BEFORE_CONSENT, ...(trigger !== undefined ? { trigger } : {}), ...(oldDevicesOnly ? { oldDevicesOnly } : {}) });
      }
    }
  };
  const init = sub('<init>', '()V');

  reach.setPhase(PHASE_BEFORE_CONSENT);
  const app = classOf(manifest?.applicationClass ?? null);
  const factory = classOf(manifest?.appComponentFactory ?? null);
  const providers = (manifest?.components ?? []).filter((c) => c.type === 'provider').map((c) => ({ c, t: classOf(c.name) }));
  if (factory >= 0) {
    seed('appComponentFactory (runs before the Application)', PHASE_BEFORE_CONSENT, () => {
      reach.reach(program.declaredMethod(factory, init), -1);
      reach.instantiate(factory, -1, true);
    });
  }
  if (app >= 0) {
    seed('Application start (attachBaseContext/onCreate)', PHASE_BEFORE_CONSENT, () => {
      reach.reach(program.declaredMethod(app, init), -1);
      reach.instantiate(app, -1, false);
      reach.reach(program.dispatch(app, sub('attachBaseContext', '(Landroid/content/Context;)V')), -1);
      reach.reach(program.dispatch(app, sub('onCreate', '()V')), -1);
    });
  }
  for (const { c, t } of providers) {
    if (t < 0) continue;
    seed(`ContentProvider ${c.name} (created at process start)`, PHASE_BEFORE_CONSENT, () => {
      reach.reach(program.declaredMethod(t, init), -1);
      reach.instantiate(t, -1, false);
      reach.reach(program.dispatch(t, sub('attachInfo', '(Landroid/content/Context;Landroid/content/pm/ProviderInfo;)V')), -1);
      reach.reach(program.dispatch(t, sub('onCreate', '()Z')), -1);
    });
  }
  if (app >= 0) {
    // The real Application of a hot-patch shell (Tinker's TinkerApplication and its kind) is created by reflection
    // from a class name the shell holds as a constant or reads from meta-data: its start runs at process start too.
    for (const d of reflectiveDelegates(program, app, manifest)) {
      const name = typeToJava(program.typeNames[d.type]!);
      seed(`Application delegate ${name} (created by reflection from ${d.from})`, PHASE_BEFORE_CONSENT, () => {
        for (let m = program.methodStart[d.type]!, end = program.methodStart[d.type + 1]!; m < end; m++) {
          if (program.nameOf(m) === '<init>') reach.reach(m, -1);
        }
        reach.instantiate(d.type, -1, false);
        if (d.application) reach.reach(program.dispatch(d.type, sub('attachBaseContext', '(Landroid/content/Context;)V')), -1);
        else reach.reach(program.dispatch(d.type, sub('onBaseContextAttached', '(Landroid/content/Context;)V')), -1);
        reach.reach(program.dispatch(d.type, sub('onCreate', '()V')), -1);
      });
    }
  }
  // Launch entries run first, so that code they reach keeps its path from the launch (the stronger evidence).
  reach.run(signal);
  // Receivers of boot, unlock and network broadcasts, and services that push channels start: they run
  // without the user opening the app, so before any consent; but only when the event comes.
  const target = manifest?.targetSdk ?? null;
  const broadcasts = new Map(launchBroadcasts().map((b) => [b.action, b]));
  const pushActions = new Set(pushServiceActions().map((p) => p.action));
  for (const comp of manifest?.components ?? []) {
    if ((comp.type !== 'receiver' && comp.type !== 'service') || !comp.enabled) continue;
    const actions = comp.intentFilters.flatMap((f) => f.actions);
    const hits = comp.type === 'receiver' ? actions.filter((a) => broadcasts.has(a)) : actions.filter((a) => pushActions.has(a));
    if (hits.length === 0) continue;
    const t = classOf(comp.name);
    if (t < 0) continue;
    const late = hits.filter((a) => target !== null && target >= (broadcasts.get(a)?.minTargetSdkExcluded ?? Infinity));
    const note = late.length > 0 ? `; targetSdk ${String(target)}: on Android 8+ not delivered to manifest receivers (${late.join(', ')})` : '';
    const what = comp.type === 'receiver' ? `receiver ${comp.name} of ${hits.join(', ')}${note}` : `service ${comp.name} started by a push channel (${hits.join(', ')})`;
    seed(what, PHASE_BEFORE_CONSENT, () => {
      reach.reach(program.declaredMethod(t, init), -1);
      reach.instantiate(t, -1, true);
    }, 'event', late.length === hits.length);
  }
  reach.run(signal);

  reach.setPhase(PHASE_LATER);
  if (app >= 0) seed('Application callback', PHASE_LATER, () => reach.instantiate(app, -1, true));
  for (const comp of manifest?.components ?? []) {
    if (comp.type === 'activity-alias') continue;
    const t = classOf(comp.name);
    if (t < 0) continue;
    seed(`${comp.type} ${comp.name}`, PHASE_LATER, () => {
      reach.reach(program.declaredMethod(t, init), -1);
      reach.instantiate(t, -1, true);
    });
  }
  if (manifest !== null) {
    const bases = INFLATED_BASES.map((b) => program.findType(b)).filter((b) => b >= 0);
    for (const b of bases) {
      for (const c of program.subtypes(b)) {
        if (!program.isConcrete(c)) continue;
        seed(`view or fragment ${program.typeNames[c]!} (may be inflated from XML)`, PHASE_LATER, () => {
          for (let m = program.methodStart[c]!, end = program.methodStart[c + 1]!; m < end; m++) {
            if (program.nameOf(m) === '<init>') reach.reach(m, -1);
          }
          reach.instantiate(c, -1, true);
        });
      }
    }
  }
  reach.run(signal);
  return entries;
}

/**
 * Classes an Application creates by reflection from a constant name: class-name strings in the Application
 * class and its superclasses, and meta-data values naming an Application subclass. Kept: Application
 * subclasses, and classes built from the Application (a constructor whose first parameter is one: Tinker's
 * ApplicationLike).
 */
function reflectiveDelegates(program: Program, app: number, manifest: Manifest | null): { type: number; from: string; application: boolean }[] {
  const appBase = program.findType('Landroid/app/Application;');
  const chain = new Set<number>();
  for (let c = app, guard = 0; program.isApp(c) && guard < 64; c = program.superOf[c]!, guard++) chain.add(c);
  const found = new Map<number, string>();
  const consider = (name: string, from: string): void => {
    const ty = classNameToType(name);
    const t = ty === null || !/^L[\w$]+(\/[\w$]+)+;$/.test(ty) ? -1 : program.findType(ty);
    if (!program.isApp(t) || chain.has(t) || found.has(t)) return;
    found.set(t, from);
  };
  for (const c of chain) {
    for (let m = program.methodStart[c]!, end = program.methodStart[c + 1]!; m < end; m++) {
      let strings: readonly string[] = [];
      try {
        strings = program.method(m).code()?.strings ?? [];
      } catch {
        strings = [];
      }
      for (const s of strings) consider(s, `a constant in ${program.methodName(m)}`);
    }
  }
  for (const md of manifest?.metaData ?? []) if (md.value !== null) consider(md.value, `meta-data ${md.name}`);
  const out: { type: number; from: string; application: boolean }[] = [];
  for (const [t, from] of found) {
    if (!program.isConcrete(t)) continue;
    const application = appBase >= 0 && program.ancestors(t).has(appBase);
    let builtFromApp = false;
    for (let m = program.methodStart[t]!, end = program.methodStart[t + 1]!; m < end; m++) {
      if (program.nameOf(m) === '<init>' && program.descOf(m).startsWith('(Landroid/app/Application;')) builtFromApp = true;
    }
    if (application || (builtFromApp && !from.startsWith('meta-data'))) out.push({ type: t, from, application });
  }
  return out;
}
