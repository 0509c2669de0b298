// The real scan() on our planted-violation apps (fixtures/apps/rule-*): every planted violation is found, and
// no high or medium finding appears that was not planted. Each report is checked against the contract.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureApk, ROOT } from '../../test/helpers/paths.ts';
import { assertValidReport } from '../report/testing/validate.ts';
import type { Finding, Report } from '../report/types.ts';
import type { Sector } from '../rules/define-rule.ts';
import { RULES } from '../rules/index.ts';
import { scan, type ScanOptions } from './scan.ts';

interface Expected {
  rule: string;
  severity?: Finding['severity'];
  confidence?: Finding['confidence'];
  dataTypes?: string[];
  sdk?: string;
}

interface Scenario {
  name: string;
  app: string;
  policy?: string;
  category?: string;
  sector?: Sector;
  /** A recorded run of the app in fixtures/traces/. */
  trace?: string;
  /** Planted: each must be found. */
  found: Expected[];
  /** Rules that must stay silent (negative controls). */
  silent?: string[];
}

const SCENARIOS: Scenario[] = [
  {
    name: 'a recorded run: each runtime rule on its event, the static before-consent findings joined with it',
    app: 'rule-preconsent',
    trace: 'rule-preconsent.jsonl',
    found: [
      { rule: 'collection-before-consent', severity: 'high', confidence: 'confirmed', dataTypes: ['device.imei'] },
      { rule: 'collection-before-consent', severity: 'high', confidence: 'confirmed', dataTypes: ['app-list'], sdk: 'umeng-analytics' },
      { rule: 'observed-before-consent', severity: 'medium', confidence: 'confirmed', dataTypes: ['device.android-id'], sdk: 'umeng-common' },
      { rule: 'collection-frequency', severity: 'medium', confidence: 'likely', dataTypes: ['device.imei'] },
      { rule: 'background-collection', severity: 'medium', confidence: 'likely', dataTypes: ['location.precise'] },
      { rule: 'permission-re-request', severity: 'medium', confidence: 'likely' },
    ],
  },
  { name: 'a guarded read the run shows before the tap: confirmed', app: 'rule-guarded', trace: 'rule-guarded-before.jsonl', found: [{ rule: 'collection-before-consent', severity: 'high', confidence: 'confirmed', dataTypes: ['device.imei'] }], silent: ['observed-before-consent'] },
  { name: 'a guarded read the run shows after the tap: still possible', app: 'rule-guarded', trace: 'rule-guarded-after.jsonl', found: [{ rule: 'collection-before-consent', severity: 'low', confidence: 'possible', dataTypes: ['device.imei'] }], silent: ['observed-before-consent', 'collection-frequency', 'background-collection', 'permission-re-request'] },
  { name: 'clean navigation app: nothing to report', app: 'rule-clean', category: 'map_navigation', found: [], silent: ['beyond-necessary-scope', 'undeclared-data-type', 'no-privacy-policy'] },
  ...(['finance', 'education', 'health', 'transport', 'advertising'] as const).map((sector) => ({ name: `clean navigation app under the ${sector} pack: nothing high or medium`, app: 'rule-clean', category: 'map_navigation', sector, found: [] })),
  {
    name: 'collection before consent (app and SDK); dead code silent',
    app: 'rule-preconsent',
    found: [
      { rule: 'collection-before-consent', severity: 'high', confidence: 'confirmed', dataTypes: ['device.imei'] },
      { rule: 'collection-before-consent', severity: 'high', confidence: 'confirmed', dataTypes: ['app-list'], sdk: 'umeng-analytics' },
    ],
    silent: ['undisclosed-sdk'],
  },
  {
    name: 'consent flag checked in Application.onCreate: no accusation',
    app: 'rule-guarded',
    found: [{ rule: 'collection-before-consent', severity: 'low', confidence: 'possible', dataTypes: ['device.imei'] }],
  },
  {
    name: 'undeclared contacts, SMS contradicting the policy',
    app: 'rule-undeclared',
    found: [
      { rule: 'undeclared-data-type', severity: 'high', confidence: 'likely', dataTypes: ['contacts'] },
      { rule: 'contradicts-policy', severity: 'high', dataTypes: ['sms'] },
    ],
    silent: ['collection-before-consent'],
  },
  {
    name: 'policy only named by a consent pop-up: it is online, so medium and possible',
    app: 'rule-popup',
    found: [{ rule: 'no-privacy-policy', severity: 'medium', confidence: 'possible' }],
  },
  { name: 'whole policy in a string resource: found and judged', app: 'rule-res-policy', category: 'map_navigation', found: [], silent: ['no-privacy-policy', 'undeclared-data-type'] },
  { name: 'no privacy policy', app: 'rule-no-policy', found: [{ rule: 'no-privacy-policy', severity: 'high', confidence: 'likely', dataTypes: ['device.imei'] }] },
  {
    name: 'policy gaps: cancellation, correction/deletion',
    app: 'rule-gaps',
    found: [
      { rule: 'no-account-cancellation', severity: 'high' },
      { rule: 'no-correction-deletion' },
      { rule: 'no-update-notice', severity: 'low' },
      { rule: 'no-dual-lists', severity: 'low' },
    ],
  },
  {
    name: 'slow response and personalisation without opt-out (policy given)',
    app: 'rule-clean',
    policy: 'rule-gaps-slow',
    category: 'map_navigation',
    found: [
      { rule: 'response-time-too-long', severity: 'medium', confidence: 'confirmed' },
      { rule: 'personalization-no-opt-out', severity: 'medium', confidence: 'likely' },
      { rule: 'cancellation-conditions', severity: 'medium', confidence: 'likely' },
      { rule: 'face-without-separate-consent', severity: 'medium' },
    ],
  },
  {
    name: 'undisclosed SDKs, shake ads, SDK table without link',
    app: 'rule-sdk',
    found: [
      { rule: 'undisclosed-sdk', severity: 'high', sdk: 'umeng-analytics', dataTypes: ['device.imei'] },
      { rule: 'undisclosed-sdk', sdk: 'pangle' },
      { rule: 'shake-ad-sensor', severity: 'medium', confidence: 'possible', sdk: 'pangle' },
      { rule: 'sdk-disclosure-incomplete', sdk: 'jpush' },
      { rule: 'undeclared-data-type', severity: 'medium', dataTypes: ['sensors'], sdk: 'pangle' },
    ],
  },
  {
    name: 'disclosed SDKs, profiling without tag deletion (advertising sector)',
    app: 'rule-sdk',
    policy: 'rule-advertising',
    sector: 'advertising',
    found: [
      { rule: 'advertising-tags-not-deletable', severity: 'medium' },
      { rule: 'sharing-without-separate-consent', severity: 'medium', confidence: 'possible' },
      { rule: 'personalization-no-opt-out', severity: 'medium', confidence: 'likely' },
      { rule: 'shake-ad-sensor', severity: 'medium', confidence: 'possible', sdk: 'pangle' },
      { rule: 'undeclared-data-type', severity: 'medium', dataTypes: ['sensors'], sdk: 'pangle' },
    ],
    silent: ['undisclosed-sdk'],
  },
  {
    name: 'SDK listed, but collecting beyond its listed data',
    app: 'rule-sdk',
    policy: 'rule-sdk-scope',
    found: [
      { rule: 'sdk-collects-beyond-disclosure', severity: 'medium', confidence: 'possible', sdk: 'umeng-analytics', dataTypes: ['device.imei'] },
      { rule: 'shake-ad-sensor', severity: 'medium', sdk: 'pangle' },
    ],
    silent: ['undisclosed-sdk'],
  },
  {
    name: 'chain-start before consent and a boot receiver',
    app: 'rule-start',
    found: [{ rule: 'self-or-chain-start', severity: 'medium', confidence: 'possible' }, { rule: 'self-or-chain-start', severity: 'low' }],
  },
  {
    name: 'news app beyond its necessary scope, background location',
    app: 'rule-scope',
    category: 'news',
    found: [
      { rule: 'no-privacy-policy', severity: 'high' },
      { rule: 'beyond-necessary-scope', severity: 'medium', confidence: 'possible' },
      { rule: 'background-location', severity: 'medium', confidence: 'possible' },
      { rule: 'broad-storage-permission', severity: 'low' },
    ],
  },
  {
    name: 'same app as navigation: location is necessary',
    app: 'rule-scope',
    category: 'map_navigation',
    found: [{ rule: 'no-privacy-policy', severity: 'high' }, { rule: 'beyond-necessary-scope', severity: 'medium', dataTypes: ['contacts'] }],
  },
  {
    name: 'finance sector: contacts and call log for risk control',
    app: 'rule-finance',
    sector: 'finance',
    found: [
      { rule: 'finance-risk-control-collection', severity: 'medium', confidence: 'likely', dataTypes: ['contacts'] },
      { rule: 'finance-risk-control-collection', severity: 'medium', confidence: 'likely', dataTypes: ['call-log'] },
    ],
  },
  { name: 'finance app without the sector pack', app: 'rule-finance', found: [], silent: ['finance-risk-control-collection'] },
  {
    name: 'education sector: face recognition, minors without guardian consent',
    app: 'rule-face',
    sector: 'education',
    found: [
      { rule: 'education-face-recognition', severity: 'medium', confidence: 'possible' },
      { rule: 'education-face-recognition', severity: 'medium', confidence: 'likely' },
      { rule: 'no-minors-rules', severity: 'medium' },
      { rule: 'face-without-separate-consent', severity: 'medium', confidence: 'likely' },
    ],
  },
  {
    name: 'health sector: medical records and face data without separate consent',
    app: 'rule-face',
    policy: 'rule-health',
    sector: 'health',
    found: [
      { rule: 'health-sensitive-consent', severity: 'medium', confidence: 'likely' },
      { rule: 'face-without-separate-consent', severity: 'medium', confidence: 'possible' },
      { rule: 'undeclared-data-type', severity: 'high', dataTypes: ['biometric.face'] },
    ],
    silent: ['education-face-recognition'],
  },
  { name: 'blank app name', app: 'rule-blank', found: [{ rule: 'blank-app-name', severity: 'medium', confidence: 'confirmed' }] },
  {
    name: 'English-only policy: reported as such, and not misread as missing everything',
    app: 'rule-clean',
    policy: 'rule-english',
    category: 'map_navigation',
    found: [{ rule: 'policy-not-in-chinese', severity: 'low' }],
    silent: ['undeclared-data-type', 'no-account-cancellation', 'no-privacy-policy', 'no-correction-deletion'],
  },
  { name: 'transport sector: phone number forced for parking', app: 'rule-clean', policy: 'rule-transport', sector: 'transport', found: [{ rule: 'transport-forced-phone-number', severity: 'medium', confidence: 'likely' }] },
  { name: 'packed app: information only', app: 'rule-packed', found: [{ rule: 'packed-or-tampered', severity: 'info' }] },
];

function matches(f: Finding, e: Expected): boolean {
  return (
    f.ruleId === e.rule &&
    (e.severity === undefined || f.severity === e.severity) &&
    (e.confidence === undefined || f.confidence === e.confidence) &&
    (e.sdk === undefined || f.sdk === e.sdk) &&
    (e.dataTypes === undefined || JSON.stringify(f.dataTypes) === JSON.stringify(e.dataTypes))
  );
}

async function run(s: Scenario): Promise<Report> {
  const path = fixtureApk(s.app);
  const options: ScanOptions = {};
  if (s.policy !== undefined) options.policy = { bytes: readFileSync(join(ROOT, 'fixtures', 'policies', `${s.policy}.html`)), name: `${s.policy}.html` };
  if (s.category !== undefined) options.category = s.category;
  if (s.sector !== undefined) options.sector = s.sector;
  if (s.trace !== undefined) {
    const t = join(ROOT, 'fixtures', 'traces', s.trace);
    options.traces = [{ path: t, open: () => [readFileSync(t)] }];
  }
  return scan({ bytes: readFileSync(path), path }, options);
}

const brief = (f: Finding): string => `${f.severity}/${f.confidence} ${f.ruleId} ${f.sdk ?? ''} [${(f.dataTypes ?? []).join(',')}]`;

describe('scan() on planted-violation fixtures', () => {
  for (const s of SCENARIOS) {
    it(s.name, { timeout: 120_000 }, async () => {
      const report = await run(s);
      assertValidReport(JSON.parse(JSON.stringify(report)));
      const unmatched = [...report.findings];
      for (const e of s.found) {
        const i = unmatched.findIndex((f) => matches(f, e));
        expect(i, `planted ${JSON.stringify(e)} not found in: ${report.findings.map(brief).join(' | ')}`).toBeGreaterThanOrEqual(0);
        unmatched.splice(i, 1);
      }
      // Zero false alarms: anything high or medium must have been planted.
      expect(unmatched.filter((f) => f.severity === 'high' || f.severity === 'medium').map(brief)).toEqual([]);
      for (const r of s.silent ?? []) expect(report.findings.filter((f) => f.ruleId === r).map(brief)).toEqual([]);
      for (const f of report.findings) expect(f.evidence.length).toBeGreaterThan(0);
    });
  }

  it('plants every rule in a fixture, except the few only their case tables reach', () => {
    // The policy analyzer reads a contact or withdrawal into almost any real policy text, and sdk-collects
    // judges SDK jars (scan-corpus.test.ts); these rules are exercised through their case tables instead.
    const CASE_TABLE_ONLY = new Set(['sdk-collects', 'no-complaint-channel', 'no-withdraw-consent', 'no-operator-contact', 'cleartext-personal-data', 'advertising-profiling-not-stated']);
    const planted = new Set(SCENARIOS.flatMap((s) => s.found.map((e) => e.rule)));
    // The mini-program rules are planted in wxapkg packages (our own and the corpus's, scan-mini.test.ts).
    const MINI = new Set(Object.keys(RULES).filter((r) => r.startsWith('mini-')));
    // Network rules and counter-testing checks are run end to end on real inputs (test/cli/network.test.ts,
    // test/cli/anti-testing.test.ts) and, for what no real input shows (a consent marker, a policy), by their case tables.
    const REAL_INPUTS = new Set(['network-cleartext-personal-data', 'network-before-consent', 'network-undeclared-recipient', 'anti-testing-checks']);
    // The store-listing rules are planted in listings of the real F-Droid repository's packages (src/engine/listing.test.ts).
    const LISTING = new Set(Object.keys(RULES).filter((r) => r.startsWith('listing-')));
    expect(Object.keys(RULES).filter((r) => !planted.has(r) && !CASE_TABLE_ONLY.has(r) && !MINI.has(r) && !REAL_INPUTS.has(r) && !LISTING.has(r))).toEqual([]);
    expect([...CASE_TABLE_ONLY].filter((r) => planted.has(r))).toEqual([]);
  });
});
