// The static privacy analysis of one package: what the app and each SDK touch, from where, and whether it
// can run before consent. A pure function of the OpenedPackage (no fs, no console, no global state).
import { apiMatcher, matchPackers, packers, permissionByName, sdkMatcher, sensitiveApis } from '../knowledge/index.ts';
import type { OpenedPackage } from '../package/types.ts';
import type { ReportApiCall } from '../report/types.ts';
import { ApiCatalogue } from './catalogue.ts';
import { seedAndRun } from './entry-points.ts';
import type { AnalysisFacts, Behavior, SensitiveCall } from './facts.ts';
import { identifyByFingerprint, markerIndex } from './fingerprint-match.ts';
import { buildFacts } from './facts-build.ts';
import { Program } from './program.ts';
import { PHASE_BEFORE_CONSENT, PHASE_NONE, Reach } from './reach.ts';
import { probesThatCollect, type ProbeCollection } from './probes.ts';
import { scan, type RawCall } from './scan.ts';
import { appPackagesOf, buildOwners, markOwnClasses } from './owner.ts';
import { identifyByPrefix } from './sdk-detect.ts';

export interface AnalyzeProgress {
  phase: string;
  done: number;
  total: number;
}

export interface AnalyzeOptions {
  signal?: AbortSignal;
  onProgress?: (p: AnalyzeProgress) => void;
}

type Owner = ReportApiCall['callerOwner'];

export function analyze(pkg: OpenedPackage, opts: AnalyzeOptions = {}): AnalysisFacts {
  const t0 = performance.now();
  const progress = opts.onProgress ?? ((): void => undefined);
  const manifest = pkg.manifest;

  progress({ phase: 'index', done: 0, total: 1 });
  const program = new Program(pkg.code);
  progress({ phase: 'index', done: 1, total: 1 });

  const catalogue = new ApiCatalogue(apiMatcher(), sensitiveApis());
  const g = scan(program, catalogue, {
    signal: opts.signal,
    onProgress: (done, total) => progress({ phase: 'scan', done, total }),
    ownPackage: manifest?.packageName ?? null,
    markers: markerIndex().byString,
  });
  progress({ phase: 'scan', done: program.methodCount, total: program.methodCount });

  progress({ phase: 'sdk', done: 0, total: 1 });
  // An APK's manifest package is the app's own code, even under a (shorter) SDK prefix; a library's is the SDK.
  const ids = identifyByPrefix(program, sdkMatcher(), pkg.kind === 'apk' ? (manifest?.packageName ?? null) : null);
  const ownerInput = { program, manifest, ids, isSdkPackage: (p: string) => sdkMatcher().forClass(`${p}.X`) !== undefined, packerClasses: packers().flatMap((p) => p.classes) };
  // No SDK is identified from the app's own classes; a library's own package is the SDK's, so only an APK.
  const appPackages = appPackagesOf(ownerInput);
  if (pkg.kind === 'apk') markOwnClasses(program, ids, appPackages);
  identifyByFingerprint(program, g, ids, undefined, pkg.kind === 'apk' ? (manifest?.packageName ?? null) : null);
  progress({ phase: 'sdk', done: 1, total: 1 });

  const owners = buildOwners({ ...ownerInput, appPackages });

  progress({ phase: 'reach', done: 0, total: 1 });
  const reach = new Reach(program, g);
  const entryPoints = manifest === null ? [] : seedAndRun(reach, program, manifest, opts.signal);
  progress({ phase: 'reach', done: 1, total: 1 });
  // An APK is a closed world: code no entry point reaches is dead. A library's public API is its entry.
  const closedWorld = pkg.kind === 'apk' && manifest !== null;

  const ownerOfClass = (c: number): Owner => owners.ofClass(c);
  const status = (m: number): { reachable: boolean | null; beforeConsent: boolean | null } => {
    const ph = reach.phase[m]!;
    if (ph === PHASE_NONE) return closedWorld ? { reachable: false, beforeConsent: false } : { reachable: null, beforeConsent: null };
    return { reachable: true, beforeConsent: ph === PHASE_BEFORE_CONSENT ? true : null };
  };

  progress({ phase: 'facts', done: 0, total: 1 });
  const apiCalls: SensitiveCall[] = [];
  const nonCollecting: SensitiveCall[] = [];
  const seen = new Set<string>();
  const probed = new Map<RawCall, ProbeCollection>();
  for (const p of probesThatCollect(program, g, (m) => JSON.stringify(ownerOfClass(program.methodClass[m]!)), manifest?.packageName ?? null)) {
    const call: RawCall = { m: p.probe.m, pc: p.probe.pc, api: p.probe.api, via: 'direct', callee: p.probe.callee };
    probed.set(call, p);
  }
  const collectedProbes = new Set([...probed.values()].map((p) => p.probe));
  const judged = [...g.judged, ...g.probes.filter((p) => !collectedProbes.has(p)).map((p): RawCall => ({ m: p.m, pc: p.pc, api: p.api, via: 'direct', callee: p.callee }))];
  const toCall = (c: RawCall, out: SensitiveCall[], withPath: boolean): void => {
    if (c.api.dataType === null) return; // a behaviour-only entry (reported under behaviors)
    // One entry per call site and API; the indirect kinds (URI, field, reflection) once per method.
    const key = c.via === 'direct' || c.via === 'hierarchy' ? `${c.m}|${c.pc}|${c.api.id}` : `${c.m}|${c.api.api}|${c.api.dataType}|indirect`;
    if (seen.has(key)) return;
    seen.add(key);
    const cls = program.methodClass[c.m]!;
    const st = status(c.m);
    const call: SensitiveCall = {
      api: c.api.api,
      dataType: c.api.dataType,
      apiId: c.api.id,
      caller: program.methodName(c.m),
      callerOwner: ownerOfClass(cls),
      reachable: st.reachable,
      beforeConsent: st.beforeConsent,
      callee: c.callee,
      via: c.via,
      pc: c.pc,
      container: program.classes[cls]!.container,
    };
    const probe = probed.get(c);
    if (probe !== undefined) {
      if (probe.probe.broad !== null) call.query = probe.probe.broad;
      else call.probes = probe.names;
    } else if (c.api.weak === true && c.proven !== true) call.weak = true;
    if (withPath && st.reachable === true) call.path = reach.pathTo(c.m).map((m) => program.methodName(m));
    out.push(call);
  };
  for (const c of g.calls) toCall(c, apiCalls, true);
  for (const c of probed.keys()) toCall(c, apiCalls, true);
  for (const c of judged) toCall(c, nonCollecting, false);

  const behaviors: Behavior[] = [];
  const seenB = new Set<string>();
  for (const b of g.behaviors) {
    const key = `${b.m}|${b.kind}|${b.detail}`;
    if (seenB.has(key)) continue;
    seenB.add(key);
    const st = status(b.m);
    behaviors.push({
      kind: b.kind, caller: program.methodName(b.m), detail: b.detail, callerOwner: ownerOfClass(program.methodClass[b.m]!),
      reachable: st.reachable, beforeConsent: st.beforeConsent,
      // A counter-testing check is evidence with its call path (a person follows it from the entry point).
      ...(b.kind === 'root-or-emulator-check' && st.reachable === true ? { path: reach.pathTo(b.m).map((x) => program.methodName(x)) } : {}),
    });
  }

  const urls: AnalysisFacts['urls'] = [];
  const seenU = new Set<string>();
  for (const u of g.urls) {
    const url = u.url.trim();
    if (!/^https?:\/\/[^\s"'<>]+$/u.test(url)) continue;
    const caller = program.methodName(u.m);
    const key = `${url}|${caller}`;
    if (seenU.has(key)) continue;
    seenU.add(key);
    urls.push({ url, caller, owner: ownerOfClass(program.methodClass[u.m]!) });
  }

  const facts = buildFacts({
    pkg,
    program,
    classOwner: (javaName) => owners.ofName(javaName),
    permissionByName,
    matchPackers,
    packerClasses: packers().flatMap((p) => p.classes),
    apiCalls,
    behaviors,
  });
  progress({ phase: 'facts', done: 1, total: 1 });

  return {
    permissions: facts.permissions,
    sdks: ids.hits,
    apiCalls,
    nonCollecting,
    dataTypes: facts.dataTypes,
    behaviors: facts.behaviors,
    packers: facts.packers,
    appPackages,
    urls,
    entryPoints,
    stats: {
      classes: program.classCount,
      methods: program.methodCount,
      dexFiles: pkg.code.containers.filter((c) => c.format === 'dex').length,
      reachableMethods: reach.reachedCount,
      durationMs: Math.round(performance.now() - t0),
    },
  };
}
