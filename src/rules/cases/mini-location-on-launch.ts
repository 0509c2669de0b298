import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { miniConfig, miniFacts, wxCall } from '../rule-fixtures.ts';

const at = (api: string, ...context: string[]) => wxCall(api, { context });
// Page({onShow() { this.init() }, init() { this.locate() }, locate() { wx.getLocation() }}): the object starts at 100.
const page = (calls: [string, string][], onTap = false) => ({
  thisCalls: calls.map(([from, to]) => ({ file: 'app-service.js', context: ['cb:define', from, ...(onTap && from === 'init' ? ['cb:showModal'] : [])], owners: [null, 100, ...(onTap && from === 'init' ? [null] : [])], method: to })),
  located: wxCall('getLocation', { context: ['cb:define', 'locate', 'cb:getSetting'], owners: [null, 100, null] }),
});
const viaMethods = page([['onShow', 'init'], ['init', 'locate']]);
const viaModal = page([['onShow', 'init'], ['init', 'locate']], true);

export const valid: RuleCase[] = [
  { name: 'in a tap handler', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getLocation', 'cb:define', 'cb:Page', 'onTapNearby')]) },
  { name: 'in onShow, after the user answers a modal', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getLocation', 'onShow', 'cb:showModal')]) },
  { name: 'a map picker is the user\'s action', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('chooseLocation', 'onLaunch')]) },
  { name: 'a named helper (when it runs is not known)', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getLocation', 'cb:define', 'getWXLocation')]) },
  { name: 'in an event listener\'s callback at module level', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getLocation', 'cb:define', 'cb:onAppShow')]) },
  { name: 'reached from onShow only through a modal the user answers', kind: 'wxapkg', mini: { ...miniFacts(miniConfig(), [viaModal.located]), thisCalls: viaModal.thisCalls } },
  { name: 'another object\'s method of the same name', kind: 'wxapkg', mini: { ...miniFacts(miniConfig(), [wxCall('getLocation', { context: ['cb:define', 'locate'], owners: [null, 999] })]), thisCalls: viaMethods.thisCalls } },
];

export const invalid: InvalidCase[] = [
  { name: 'directly in App onLaunch', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getLocation', 'cb:define', 'onLaunch')]), findings: [{ severity: 'medium', confidence: 'likely', dataTypes: ['location.precise'], message: 'called in onLaunch' }] },
  { name: 'in onShow behind getSetting: possible', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getFuzzyLocation', 'onShow', 'cb:getSetting')]), findings: [{ confidence: 'possible', dataTypes: ['location.coarse'] }] },
  { name: 'reached from onShow through the page\'s own methods', kind: 'wxapkg', mini: { ...miniFacts(miniConfig(), [viaMethods.located]), thisCalls: viaMethods.thisCalls }, findings: [{ confidence: 'possible', message: 'called in onShow > this.init() > this.locate()' }] },
  { name: 'module code of a statistics SDK, run when required', kind: 'wxapkg', mini: miniFacts(miniConfig(), [at('getLocation', 'cb:define', 'cb:iife', 'cb:getSetting')]), findings: [{ confidence: 'possible', message: 'in module load' }] },
];
