import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { makePolicy } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'cancellation described', policy: makePolicy() },
  { name: 'unclear', policy: makePolicy({ hasAccountDeletion: null }) },
  { name: 'no accounts at all', policy: makePolicy({ hasAccountDeletion: false, text: '本工具不收集任何个人信息。'.repeat(300) }) },
  { name: 'SDK', kind: 'aar', policy: makePolicy({ hasAccountDeletion: false }) },
];

export const invalid: InvalidCase[] = [
  { name: 'complete policy without cancellation', policy: makePolicy({ hasAccountDeletion: false }), findings: [{ severity: 'high', confidence: 'confirmed' }] },
  { name: 'short policy without cancellation', policy: makePolicy({ hasAccountDeletion: false, text: '您注册账号时我们收集手机号。' }), findings: [{ severity: 'high', confidence: 'likely' }] },
];
