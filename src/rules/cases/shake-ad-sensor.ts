import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { behavior, sdk } from '../rule-fixtures.ts';

const ads = sdk('pangle', 'ads');
const shake = behavior('sensor-listener', { detail: 'SensorManager.registerListener TYPE_ACCELEROMETER' });

export const valid: RuleCase[] = [
  { name: 'sensor but no ad SDK', facts: { behaviors: [shake] } },
  { name: 'ad SDK but no sensor', facts: { sdks: [ads] } },
  { name: 'sensor in dead code', facts: { sdks: [ads], behaviors: [{ ...shake, reachable: false }] } },
];

export const invalid: InvalidCase[] = [
  { name: 'listener in the ad SDK', facts: { sdks: [ads], behaviors: [{ ...shake, callerOwner: { kind: 'sdk', sdk: 'pangle' } }] }, findings: [{ severity: 'medium', confidence: 'possible', sdk: 'pangle' }] },
  { name: 'listener in the app', facts: { sdks: [ads], behaviors: [shake] }, findings: [{ severity: 'low', confidence: 'possible' }] },
];
