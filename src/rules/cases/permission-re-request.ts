import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { header, mark } from '../../runtime/testing/recorded.ts';

const P = 'android.permission.READ_PHONE_STATE';
const H = 3600_000;
const ask = (ms: number, p = P): ReturnType<typeof mark> => mark(ms, 'permission-request', { permissions: [p] });
const answer = (ms: number, granted: boolean, p = P): ReturnType<typeof mark> => mark(ms, 'permission-result', { permissions: [p], granted });

export const valid: RuleCase[] = [
  { name: 'asked once, refused', trace: [header(), ask(1000), answer(2000, false)] },
  { name: 'asked again after it was granted', trace: [header(), ask(1000), answer(2000, true), ask(5000)] },
  { name: 'asked again 49 hours after the refusal', trace: [header('s1'), ask(1000), answer(2000, false), header('s2'), ask(2000 + 49 * H)] },
  { name: 'another permission asked after the refusal', trace: [header(), ask(1000), answer(2000, false), ask(5000, 'android.permission.CAMERA')] },
];

export const invalid: InvalidCase[] = [
  { name: 'asked again in the same run', trace: [header(), ask(1000), answer(2000, false), ask(60_000)], findings: [{ severity: 'medium', confidence: 'likely', clauses: ['RD-3.2', 'M164-2.1-S5'], message: 'in the same run' }] },
  { name: 'asked again after a relaunch, 3 hours later', trace: [header('s1'), ask(1000), answer(2000, false), header('s2'), mark(2000 + 3 * H, 'app-start'), ask(2100 + 3 * H)], findings: [{ clauses: ['RD-3.2', 'M164-2.1-S6'], message: 'after a relaunch' }] },
];
