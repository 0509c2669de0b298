import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, makePolicy, span } from '../rule-fixtures.ts';

const complaint = (responseDays: number | null, workingDays: boolean | null) => ({ value: true, evidence: [span(`我们将在${responseDays}天内答复`)], responseDays, workingDays });

export const valid: RuleCase[] = [
  { name: '15 working days', policy: makePolicy({ complaint: complaint(15, true) }) },
  { name: '20 calendar days', policy: makePolicy({ complaint: complaint(20, false) }) },
  { name: 'no period stated', policy: makePolicy({ complaint: complaint(null, null) }) },
];

// Reachable code that reads the IMEI: the app processes personal information, so the right matters fully.
const processes = { apiCalls: [call('device.imei', 'android.telephony.TelephonyManager.getDeviceId')] };

export const invalid: InvalidCase[] = [
  { name: '30 working days', facts: processes, policy: makePolicy({ complaint: complaint(30, true) }), findings: [{ severity: 'medium', confidence: 'confirmed' }] },
  { name: '30 days, unit unclear', facts: processes, policy: makePolicy({ complaint: complaint(30, null) }), findings: [{ confidence: 'likely' }] },
  { name: '30 working days, no personal information in code or policy: low', facts: {}, policy: makePolicy({ complaint: complaint(30, true) }), findings: [{ severity: 'low' }] },
];
