import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { miniConfig, miniFacts, wxCall } from '../rule-fixtures.ts';

const at = (api: string, ...context: string[]) => wxCall(api, { context });

export const valid: RuleCase[] = [
  { name: 'in a tap handler', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getLocation', 'cb:define', 'cb:Page', 'onTapNearby')]) },
  { name: 'in onShow, after the user answers a modal', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getLocation', 'onShow', 'cb:showModal')]) },
  { name: 'a map picker is the user\'s action', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('chooseLocation', 'onLaunch')]) },
  { name: 'a named helper (when it runs is not known)', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getLocation', 'cb:define', 'getWXLocation')]) },
  { name: 'in an event listener\'s callback at module level', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getLocation', 'cb:define', 'cb:onAppShow')]) },
];

export const invalid: InvalidCase[] = [
  { name: 'directly in App onLaunch', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getLocation', 'cb:define', 'onLaunch')]), findings: [{ severity: 'medium', confidence: 'likely', dataTypes: ['location.precise'], message: 'called in onLaunch' }] },
  { name: 'in onShow behind getSetting: possible', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getFuzzyLocation', 'onShow', 'cb:getSetting')]), findings: [{ confidence: 'possible', dataTypes: ['location.coarse'] }] },
  { name: 'module code of a statistics SDK, run when required', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getLocation', 'cb:define', 'cb:iife', 'cb:getSetting')]), findings: [{ confidence: 'possible', message: 'in module load' }] },
];
