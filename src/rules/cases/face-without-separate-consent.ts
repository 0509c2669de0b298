import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, makePolicy } from '../rule-fixtures.ts';

const face = call('biometric.face', 'android.media.FaceDetector.findFaces');
const stated = `${makePolicy().text}我们会通过人脸识别核验您的身份。`;

export const valid: RuleCase[] = [
  { name: 'separate consent stated', facts: { apiCalls: [face] }, policy: makePolicy({ text: `${stated}处理人脸信息前，我们会征得您的单独同意。` }) },
  { name: 'no face data', policy: makePolicy() },
  { name: 'face only in dead code', facts: { apiCalls: [{ ...face, reachable: false }] }, policy: makePolicy() },
];

export const invalid: InvalidCase[] = [
  { name: 'stated in policy, no separate consent', policy: makePolicy({ text: stated }), findings: [{ severity: 'medium', confidence: 'likely' }] },
  { name: 'in code only', facts: { apiCalls: [face] }, policy: makePolicy(), findings: [{ severity: 'medium', confidence: 'possible' }] },
];
