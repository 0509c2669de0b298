// The real-app measuring stick (eval/real-apps.ts): its label files and its comparison logic. The comparison
// runs on small synthetic reports so that each verdict is seen both ways (a scorer that cannot fail measures
// nothing).
import { Ajv } from 'ajv';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../src/engine/index.ts';
import type { Finding, Owner, Report, ReportApiCall } from '../src/report/types.ts';
import { emptyOracle, checkCalls, parseDexdump, targetReaches } from '../eval/real-apps/invoke-oracle.ts';
import { judgeOwner, ownerLabelOf, scoreReport, type Labels } from '../eval/real-apps/score.ts';
import { ROOT } from './helpers/paths.ts';

const DIR = join(ROOT, 'eval', 'real-apps');
const schema = JSON.parse(readFileSync(join(DIR, 'labels.schema.json'), 'utf8')) as object;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'labels.schema.json').sort();

describe('real-app labels', () => {
  const sdkIds = new Set((JSON.parse(readFileSync(join(ROOT, 'src', 'knowledge', 'sdks.json'), 'utf8')) as { sdks: { id: string }[] }).sdks.map((s) => s.id));
  const typeIds = new Set((JSON.parse(readFileSync(join(ROOT, 'src', 'knowledge', 'data-types.json'), 'utf8')) as { types: { id: string }[] }).types.map((t) => t.id));
  const ruleIds = new Set(ALL_RULES.map((r) => r.meta.id));

  it('covers the 21 files of the corpus', () => {
    expect(files).toHaveLength(21);
  });

  it.each(files)('%s follows the schema and names only catalogue SDKs, rules and data types', (f) => {
    const l = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Labels;
    expect(validate(l), JSON.stringify(validate.errors)).toBe(true);
    expect(`${l.file.replace(/\.(apk|aar|jar)$/u, '')}.json`).toBe(f);
    for (const o of l.owners) for (const s of o.sdk ?? []) expect(sdkIds, `${f}: owner ${o.prefix}`).toContain(s);
    for (const x of l.findings) {
      expect(ruleIds, `${f}: ${x.id}`).toContain(x.rule);
      for (const s of x.owner?.sdk ?? []) expect(sdkIds, `${f}: ${x.id}`).toContain(s);
      for (const d of x.dataTypes ?? []) expect(typeIds, `${f}: ${x.id}`).toContain(d);
    }
    expect(new Set(l.findings.map((x) => x.id)).size).toBe(l.findings.length);
  });

  it('the schema rejects a wrong party, an SDK id on app code and a missing reason', () => {
    const base = { file: 'x.apk', sha256: 'a'.repeat(64), package: 'x', owners: [], findings: [] };
    expect(validate(base)).toBe(true);
    expect(validate({ ...base, owners: [{ prefix: 'com.x', party: 'vendor', why: 'w' }] })).toBe(false);
    expect(validate({ ...base, owners: [{ prefix: 'com.x', party: 'app', sdk: ['umeng-common'], why: 'w' }] })).toBe(false);
    expect(validate({ ...base, owners: [{ prefix: 'com.x', party: 'sdk', why: 'w' }] })).toBe(false); // sdk needs a vendor
    expect(validate({ ...base, findings: [{ id: 'a', rule: 'collection-before-consent', expect: 'true' }] })).toBe(false);
  });
});

const labels: Labels = {
  file: 'x.apk',
  sha256: '0'.repeat(64),
  package: 'com.x.app',
  owners: [
    { prefix: 'com.x.app', party: 'app', why: 'manifest package' },
    { prefix: 'com.umeng', party: 'sdk', sdk: ['umeng-common'], vendor: 'Umeng', why: 's' },
    { prefix: 'com.lionu', party: 'sdk', vendor: 'Lionu', why: 'not in the catalogue' },
    { prefix: 'androidx', party: 'platform', why: 'p' },
    { prefix: 'com.x.app.obf', party: 'third-party', unsure: true, why: 'u' },
  ],
  findings: [
    { id: 'umeng-cbc', rule: 'collection-before-consent', expect: 'true', owner: { party: 'sdk', sdk: ['umeng-common'] }, confidence: 'likely', why: 'w' },
    { id: 'twilight', rule: 'collection-before-consent', expect: 'false', owner: { party: 'app' }, dataTypes: ['location.precise'], why: 'w' },
    { id: 'lionu-oaid', rule: 'collection-before-consent', expect: 'true', owner: { party: 'sdk' }, dataTypes: ['device.oaid'], why: 'w' },
    { id: 'xg', rule: 'collection-before-consent', expect: 'unsure', owner: { party: 'sdk' }, entry: 'com.xg.Provider', confidence: 'likely', maxSeverity: 'medium', why: 'w' },
  ],
};

function call(caller: string, owner: ReportApiCall['callerOwner'], dataType = 'device.imei'): ReportApiCall {
  return { api: 'android.telephony.TelephonyManager.getDeviceId', dataType, caller, callerOwner: owner, reachable: true, beforeConsent: true, via: 'direct' };
}

function finding(p: Partial<Finding> & { caller: string; owner?: Owner; entry?: string }): Finding {
  return {
    ruleId: 'collection-before-consent', clauses: [], severity: 'high', confidence: 'confirmed', methods: ['static'],
    title: { zh: '', en: '' }, message: { zh: '', en: '' },
    evidence: [{ kind: 'code', caller: p.caller, callee: 'android.x.Y.z', path: [p.entry ?? p.caller, p.caller], ...(p.owner !== undefined ? { owner: p.owner } : {}) }],
    ...(p.sdk !== undefined ? { sdk: p.sdk } : {}),
    ...(p.dataTypes !== undefined ? { dataTypes: p.dataTypes } : {}),
    ...(p.severity !== undefined ? { severity: p.severity } : {}),
    ...(p.confidence !== undefined ? { confidence: p.confidence } : {}),
  };
}

function report(apiCalls: ReportApiCall[], findings: Finding[] = [], dataTypes: Report['dataTypes'] = []): Report {
  return { apiCalls, findings, dataTypes } as unknown as Report;
}

describe('owner judgement', () => {
  it('takes the longest prefix on package boundaries', () => {
    expect(ownerLabelOf(labels, 'com.x.app.Main')?.party).toBe('app');
    expect(ownerLabelOf(labels, 'com.x.app.obf.a')?.unsure).toBe(true);
    expect(ownerLabelOf(labels, 'com.umengx.A')).toBeUndefined();
  });

  it('sees each verdict', () => {
    const umeng = ownerLabelOf(labels, 'com.umeng.A');
    expect(judgeOwner({ party: 'sdk', sdk: 'umeng-common' }, umeng)).toBe('right');
    expect(judgeOwner({ party: 'sdk', sdk: 'umeng-push' }, umeng)).toBe('wrong-sdk');
    expect(judgeOwner({ party: 'app' }, umeng)).toBe('app-blamed');
    expect(judgeOwner({ party: 'unknown' }, umeng)).toBe('wrong-party');
    // An SDK missing from the catalogue may honestly be unidentified third-party code.
    expect(judgeOwner({ party: 'third-party', prefix: 'com.lionu' }, ownerLabelOf(labels, 'com.lionu.A'))).toBe('right');
    expect(judgeOwner({ party: 'unknown' }, ownerLabelOf(labels, 'androidx.core.A'))).toBe('right');
    expect(judgeOwner({ party: 'third-party' }, ownerLabelOf(labels, 'androidx.core.A'))).toBe('wrong-party');
    expect(judgeOwner({ party: 'unknown' }, ownerLabelOf(labels, 'com.x.app.A'))).toBe('wrong-party');
    expect(judgeOwner({ party: 'app' }, ownerLabelOf(labels, 'com.x.app.obf.a'))).toBe('unlabelled');
  });
});

describe('scoreReport', () => {
  it('counts call-site owners, with party when given and kind otherwise', () => {
    const s = scoreReport(report([
      call('Lcom/x/app/A;->m()V', { kind: 'app' }),
      call('Landroidx/core/B;->n()V', { kind: 'unknown' }),
      call('Lcom/umeng/C;->o()V', { kind: 'app' }),
      call('Lcom/umeng/C;->p()V', { kind: 'unknown', party: 'third-party', prefix: 'com.umeng' }),
      call('Lcom/x/app/obf/a;->q()V', { kind: 'app' }),
    ]), labels);
    expect(s.callSites).toEqual({ right: 2, wrongParty: 2, wrongSdk: 0, appBlamed: 1, unlabelled: 1 });
  });

  it('judges a data type\'s collectors by the call sites behind them', () => {
    const s = scoreReport(report(
      [call('Lcom/umeng/C;->o()V', { kind: 'unknown' }, 'device.imei'), call('Lcom/x/app/A;->m()V', { kind: 'app' }, 'device.mac')],
      [],
      [{ id: 'device.imei', collectedBy: ['app'], evidence: ['api'], declared: null }, { id: 'device.mac', collectedBy: ['app'], evidence: ['api'], declared: null },
        { id: 'camera', collectedBy: ['app'], evidence: ['permission'], declared: null }],
    ), labels);
    expect(s.dataTypes.right).toBe(1); // the MAC, read by the app's own code
    expect(s.dataTypes.appBlamed).toBe(1); // the IMEI, read by Umeng code but credited to the app
    expect(s.dataTypes.permissionOnly).toBe(1);
  });

  it('judges a party-named collector (third-party:<prefix>) as that party', () => {
    const lionu = call('Lcom/lionu/D;->oaid()V', { kind: 'unknown', party: 'third-party', prefix: 'com.lionu' }, 'device.oaid');
    const twilight = call('Landroidx/core/T;->l()V', { kind: 'unknown', party: 'third-party', prefix: 'androidx.core' }, 'location.precise');
    const s = scoreReport(report([lionu, twilight], [], [
      { id: 'device.oaid', collectedBy: ['third-party:com.lionu'], evidence: ['api'], declared: null },
      { id: 'location.precise', collectedBy: ['third-party:androidx.core'], evidence: ['api'], declared: null },
    ]), labels);
    expect(s.dataTypes).toMatchObject({ right: 1, wrongParty: 1, appBlamed: 0 });
  });

  it('finds false confirmed, false HIGH, wrong owners and misses', () => {
    const s = scoreReport(report([], [
      // True, but over-confident: the label caps it at likely.
      finding({ sdk: 'umeng-common', caller: 'Lcom/umeng/C;->o()V', owner: { kind: 'sdk', sdk: 'umeng-common' } }),
      // Platform code worded as the app's: false, HIGH and blaming the wrong party.
      finding({ caller: 'Landroidx/appcompat/app/TwilightManager;->u()V', owner: { kind: 'unknown' }, dataTypes: ['location.precise'], confidence: 'likely' }),
    ]), labels);
    expect(s.trueFound).toBe(1);
    expect(s.falseFound).toBe(1);
    expect(s.falseConfirmed).toBe(1);
    expect(s.falseHigh).toBe(1);
    expect(s.wrongPartyFindings).toBe(1);
    expect(s.missed).toEqual(['lionu-oaid']);
  });

  it('passes an honest report', () => {
    const s = scoreReport(report([], [
      finding({ sdk: 'umeng-common', caller: 'Lcom/umeng/C;->o()V', owner: { kind: 'sdk', sdk: 'umeng-common' }, confidence: 'likely' }),
      finding({ caller: 'Lcom/lionu/D;->oaid()V', owner: { kind: 'unknown', party: 'third-party' }, dataTypes: ['device.oaid'], confidence: 'likely' }),
      // The platform's night-mode helper, now owned by the platform: the "by the app" label does not apply.
      finding({ caller: 'Landroidx/appcompat/app/TwilightManager;->u()V', owner: { kind: 'unknown', party: 'platform' }, dataTypes: ['location.precise'], severity: 'low', confidence: 'possible' }),
    ]), labels);
    expect(s).toMatchObject({ falseFound: 0, falseConfirmed: 0, falseHigh: 0, wrongPartyFindings: 0, missed: [] });
    expect(s.trueFound).toBe(2);
  });

  it('holds the caps of an unsure label, matched by its entry point', () => {
    const high = finding({ caller: 'Lcom/xg/a;->b()V', entry: 'Lcom/xg/Provider;->onCreate()Z', owner: { kind: 'unknown', party: 'third-party' } });
    const low = finding({ caller: 'Lcom/xg/a;->b()V', entry: 'Lcom/xg/Provider;->onCreate()Z', owner: { kind: 'unknown', party: 'third-party' }, severity: 'medium', confidence: 'likely' });
    const other = finding({ caller: 'Lcom/xg/a;->b()V', entry: 'Lcom/xg/Other;->run()V', owner: { kind: 'unknown', party: 'third-party' } });
    const s = scoreReport(report([], [high, low, other]), { ...labels, findings: labels.findings.filter((l) => l.id === 'xg') });
    expect(s.findings.map((f) => [f.label, f.falseHigh, f.falseConfirmed])).toEqual([['xg', true, true], ['xg', false, false], [null, false, false]]);
  });
});

describe('node eval/real-apps.ts', () => {
  it('says plainly that the corpus is absent, and exits 0', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'eval', 'real-apps.ts')], { env: { ...process.env, PISCOPE_REAL_APPS: join(ROOT, 'no-such-corpus') }, encoding: 'utf8' });
    expect(out).toMatch(/no-such-corpus\/files is absent; nothing measured/u);
  });
});

describe('label choice', () => {
  it('a finding that one label makes false is false, even when a closer label holds it as unsure', () => {
    const l: Labels = { ...labels, findings: [
      { id: 'behind-pref', rule: 'collection-before-consent', expect: 'unsure', owner: { party: 'sdk', sdk: ['umeng-common'] }, entry: 'com.x.app.App', confidence: 'likely', why: 'w' },
      { id: 'mac-not-wifi', rule: 'collection-before-consent', expect: 'false', owner: { party: 'sdk', sdk: ['umeng-common'] }, dataTypes: ['location.wifi'], why: 'w' },
    ] };
    const f = (dataTypes: string[]): Finding => finding({ sdk: 'umeng-common', caller: 'Lcom/umeng/C;->o()V', entry: 'Lcom/x/app/App;->onCreate()V', owner: { kind: 'sdk', sdk: 'umeng-common' }, dataTypes, severity: 'low', confidence: 'possible' });
    expect(scoreReport(report([], [f(['location.wifi']), f(['device.mac'])]), l).findings.map((x) => x.label)).toEqual(['mac-not-wifi', 'behind-pref']);
  });
  it('a label about one data type decides a finding only when it covers all its types; its caps hold either way', () => {
    const l: Labels = { ...labels, findings: [
      { id: 'on-init', rule: 'collection-before-consent', expect: 'true', owner: { party: 'sdk', sdk: ['jpush'] }, why: 'w' },
      { id: 'wifi-unsure', rule: 'collection-before-consent', expect: 'unsure', owner: { party: 'sdk', sdk: ['jpush'] }, dataTypes: ['location.wifi'], confidence: 'likely', why: 'w' },
    ] };
    const f = (dataTypes: string[]): Finding => finding({ sdk: 'jpush', caller: 'Lcn/jpush/C;->o()V', entry: 'Lcom/x/app/App;->onCreate()V', owner: { kind: 'sdk', sdk: 'jpush' }, dataTypes, severity: 'high', confidence: 'confirmed' });
    const s = scoreReport(report([], [f(['location.wifi']), f(['location.cell', 'location.wifi'])]), l);
    expect(s.findings.map((x) => x.label)).toEqual(['wifi-unsure', 'on-init']);
    expect(s.findings.map((x) => x.falseConfirmed)).toEqual([true, true]);
    expect(s.missed).toEqual([]);
  });
});

describe('invoke oracle', () => {
  const text = [
    "  Class descriptor  : 'Lcom/amap/Loc;'",
    "  Superclass        : 'Landroid/location/Location;'",
    '  Interfaces        -',
    '  Direct methods    -',
    '  Virtual methods   -',
    '    #0              : (in Lcom/amap/Loc;)',
    "      name          : 'getLatitude'",
    "      type          : '()D'",
    "  Class descriptor  : 'Lcom/amap/Sub;'",
    "  Superclass        : 'Landroid/location/Location;'",
    "  Class descriptor  : 'Lcom/app/Util;'",
    "  Superclass        : 'Ljava/lang/Object;'",
    '  Direct methods    -',
    '    #0              : (in Lcom/app/Util;)',
    "      name          : 'f'",
    "      type          : '(Lcom/amap/Loc;Lcom/amap/Sub;)V'",
    '00: 6e10 0000 0000                         |0000: invoke-virtual {v1}, Lcom/amap/Loc;.getLatitude:()D // method@0000',
    '00: 6e10 0000 0000                         |0003: invoke-virtual {v2}, Lcom/amap/Sub;.getLongitude:()D // method@0001',
  ].join('\n');
  const o = emptyOracle();
  parseDexdump(text, o);

  it('reads classes, supertypes, declared methods and invokes from dexdump -d', () => {
    expect(o.classes.get('Lcom/amap/Loc;')).toEqual({ super: 'Landroid/location/Location;', ifaces: [], methods: ['getLatitude()D'] });
    expect(o.calls.get('Lcom/app/Util;->f(Lcom/amap/Loc;Lcom/amap/Sub;)V')).toEqual(['Lcom/amap/Loc;->getLatitude()D', 'Lcom/amap/Sub;->getLongitude()D']);
  });

  it('an override inside the package is not the framework API; an inherited method is', () => {
    expect(targetReaches(o, 'Lcom/amap/Loc;->getLatitude()D', 'android.location.Location.getLatitude')).toBe(false);
    expect(targetReaches(o, 'Lcom/amap/Sub;->getLongitude()D', 'android.location.Location.getLongitude')).toBe(true);
    expect(targetReaches(o, 'Landroid/location/Location;->getLatitude()D', 'android.location.Location.getLatitude')).toBe(true);
    expect(targetReaches(o, 'Landroid/app/Activity;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;', 'android.content.Context.getSystemService')).toBe(true);
  });

  it('counts only direct and hierarchy call sites, and names the ones without an invoke', () => {
    const caller = 'Lcom/app/Util;->f(Lcom/amap/Loc;Lcom/amap/Sub;)V';
    const r = checkCalls(o, [
      { api: 'android.location.Location.getLatitude', caller, via: 'hierarchy' },
      { api: 'android.location.Location.getLongitude', caller, via: 'hierarchy' },
      { api: 'android.location.Location.getLongitude', caller, via: 'field' },
      { api: 'android.location.Location.getLongitude', caller: 'Lcom/app/Gone;->g()V', via: 'direct' },
    ]);
    expect(r.checked).toBe(3);
    expect(r.matched).toBe(1);
    expect(r.mismatches).toHaveLength(2);
  });
});
