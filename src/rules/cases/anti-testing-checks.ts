import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { behavior } from '../rule-fixtures.ts';
import { header, mark } from '../../runtime/testing/recorded.ts';

const check = (detail: string, over: Parameters<typeof behavior>[1] = {}): ReturnType<typeof behavior> => behavior('root-or-emulator-check', { detail, path: ['Lcom/example/app/App;->onCreate()V', 'Lcom/example/app/Guard;->check()V'], caller: 'Lcom/example/app/Guard;->check()V', ...over });

export const valid: RuleCase[] = [
  { name: 'nothing', facts: { behaviors: [] } },
  { name: 'other behaviours are not counter-testing', facts: { behaviors: [behavior('dynamic-code-loading'), behavior('self-start')] } },
  { name: 'a run that stops after the consent answer', trace: [header(), mark(0, 'app-start'), mark(2_000, 'consent', { answer: 'given' }), mark(4_000, 'app-stop')] },
  { name: 'a run that stops a minute after start', trace: [header(), mark(0, 'app-start'), mark(60_000, 'app-stop')] },
];

export const invalid: InvalidCase[] = [
  { name: 'Frida detection in reachable code: likely, info, with its path', facts: { behaviors: [check('hook: frida-server'), check('hook: gum-js-loop')] }, findings: [{ severity: 'info', confidence: 'likely', message: 'Frida or Xposed detection (frida-server, gum-js-loop), in reachable code' }] },
  { name: 'an SDK\'s emulator check never reached: possible', facts: { behaviors: [check('emulator: ro.kernel.qemu', { reachable: false, callerOwner: { kind: 'sdk', sdk: 'tongdun' } })] }, findings: [{ confidence: 'possible', sdk: 'tongdun', message: 'SDK tongdun holds strings used by emulator checks' }] },
  { name: 'root and pinning are two facts', facts: { behaviors: [check('root: /system/xbin/su'), check('pinning: sha256/AAAAAAAAAA…')] }, findings: [{ message: 'root or Magisk' }, { message: 'certificate pinning' }] },
  { name: 'a run that stops 1.5 s after a cold start, before consent', trace: [header(), mark(0, 'app-start'), mark(1_500, 'app-stop')], findings: [{ severity: 'info', confidence: 'possible', message: 'stopped 1.5 s after a cold start' }] },
];
