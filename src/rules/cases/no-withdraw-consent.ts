import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, makePolicy } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'withdrawal described', policy: makePolicy() },
  { name: 'unclear', policy: makePolicy({ withdrawConsent: { value: null, evidence: [] } }) },
];

// Reachable code that reads the IMEI: the app processes personal information, so the right matters fully.
const processes = { apiCalls: [call('device.imei', 'android.telephony.TelephonyManager.getDeviceId')] };

export const invalid: InvalidCase[] = [
  { name: 'no withdrawal', facts: processes, policy: makePolicy({ withdrawConsent: { value: false, evidence: [] } }), findings: [{ severity: 'medium', confidence: 'likely' }] },
  { name: 'no withdrawal, only a platform library reads data: low', facts: { apiCalls: [call('location.precise', 'android.location.LocationManager.getLastKnownLocation', { caller: 'Landroidx/appcompat/app/TwilightManager;->getLastKnownLocationForProvider(Ljava/lang/String;)Landroid/location/Location;', callerOwner: { kind: 'unknown', party: 'platform', prefix: 'androidx.appcompat' } })] }, policy: makePolicy({ withdrawConsent: { value: false, evidence: [] } }), findings: [{ severity: 'low' }] },
  { name: 'no withdrawal, no personal information in code or policy: low', facts: {}, policy: makePolicy({ withdrawConsent: { value: false, evidence: [] } }), findings: [{ severity: 'low', message: 'Neither the code nor the policy' }] },
];
