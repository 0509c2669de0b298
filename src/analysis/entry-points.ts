// The entry-point model (see the block comment in reach.ts): what Android calls in our code, and whether it
// does so before any screen is shown. Seeds the two phases of a Reach.
import type { Manifest } from '../package/types.ts';
import { javaToType } from '../package/code-model.ts';
import { PHASE_BEFORE_CONSENT, PHASE_LATER, type Reach } from './reach.ts';
import type { Program } from './program.ts';

export interface EntryPoint {
  method: string;
  reason: string;
  beforeConsent: boolean;
  /** `event`: runs on a system broadcast or a push message, not at every launch (so not certain to precede consent). */
  trigger?: 'launch' | 'event';
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
  const seed = (reason: string, phase: number, fn: () => void): void => {
    const start = reach.reachedCount;
    fn();
    const end = reach.reachedCount;
    for (let i = start; i < end; i++) {
      const m = reach.queued(i);
      if (reach.parent[m] === -1) entries.push({ method: program.methodName(m), reason, beforeConsent: phase === PHASE_BEFORE_CONSENT });
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
            if (program.methods[m]!.name === '<init>') reach.reach(m, -1);
          }
          reach.instantiate(c, -1, true);
        });
      }
    }
  }
  reach.run(signal);
  return entries;
}
