import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { behavior } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'nothing', facts: { behaviors: [] } },
  { name: 'dead chain-start', facts: { behaviors: [behavior('chain-start', { reachable: false })] } },
  { name: 'alarm set from a tap', facts: { behaviors: [behavior('self-start', { detail: 'android.app.AlarmManager.setRepeating' })] } },
  { name: 'sensor only', facts: { behaviors: [behavior('sensor-listener')] } },
];

export const invalid: InvalidCase[] = [
  { name: 'job scheduled from Application.onCreate', facts: { behaviors: [behavior('self-start', { beforeConsent: true, detail: 'android.app.job.JobScheduler.schedule' })] }, findings: [{ severity: 'medium', clauses: ['M23-6', 'M164-2.2-S1', 'M164-2.2-S2'] }] },
  { name: 'boot receiver', facts: { behaviors: [behavior('self-start', { element: 'receiver', line: 12, detail: 'android.intent.action.BOOT_COMPLETED', caller: null })] }, findings: [{ severity: 'low', confidence: 'possible', clauses: ['M23-6', 'M164-2.2-S1'] }] },
  { name: 'SDK wakes other apps before consent', facts: { behaviors: [behavior('chain-start', { beforeConsent: true, callerOwner: { kind: 'sdk', sdk: 'getui' } })] }, findings: [{ severity: 'medium', sdk: 'getui', clauses: ['M23-6', 'M164-2.2-S1', 'M164-2.2-S2'] }] },
];
