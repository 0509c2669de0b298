import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { behavior } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'plain package' },
  { name: 'a stub before the first entry is not tampering', zipOddities: [{ kind: 'data-before-first-entry', entry: null, detail: '132 bytes' }] },
  { name: 'SDK loads code: not the app hiding itself', facts: { behaviors: [behavior('dynamic-code-loading', { callerOwner: { kind: 'sdk', sdk: 'tinker' } })] } },
];

export const invalid: InvalidCase[] = [
  { name: 'packer', facts: { packers: [{ id: 'jiagu360', name: '360 Jiagu', nameZh: '360加固', vendor: 'Qihoo 360', evidence: ['lib/armeabi/libjiagu.so'] }] }, findings: [{ severity: 'info', confidence: 'likely' }] },
  { name: 'zip tricks', zipOddities: [{ kind: 'fake-encryption-flag', entry: 'classes.dex', detail: 'bit 0 set' }], findings: [{ severity: 'info', confidence: 'confirmed' }] },
  { name: 'app loads code', facts: { behaviors: [behavior('dynamic-code-loading')] }, findings: [{ severity: 'info', confidence: 'possible' }] },
];
