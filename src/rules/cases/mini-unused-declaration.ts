import type { MiniConfig } from '../../analysis/wxapkg/mini-config.ts';
import type { MiniRuleFacts } from '../define-rule.ts';
import type { InvalidCase, RuleCase } from '../rule-tester.ts';

const cfg = (over: Partial<MiniConfig> = {}): MiniConfig => ({ file: 'app-config.json', permissions: [], requiredPrivateInfos: null, usePrivacyCheck: null, plugins: [], subpackages: [], pages: [], ...over });
const mini = (config: MiniConfig | null, apis: string[], missingSubpackages: string[] = []): MiniRuleFacts => ({ config, calls: apis.map((api) => ({ api, file: 'a.js', line: 1, column: 1, via: 'wx' })), buttons: [], missingSubpackages });
const located = cfg({ requiredPrivateInfos: ['getLocation'], permissions: [{ scope: 'scope.userLocation', desc: '附近门店' }] });

export const valid: RuleCase[] = [
  { name: 'declared and called', kind: 'wxapkg', mini: mini(located, ['getLocation']) },
  { name: 'scope.userLocation used through startLocationUpdate', kind: 'wxapkg', mini: mini(cfg({ requiredPrivateInfos: ['startLocationUpdate'], permissions: [{ scope: 'scope.userLocation', desc: 'x' }] }), ['startLocationUpdate']) },
  { name: 'nothing declared', kind: 'wxapkg', mini: mini(cfg(), ['chooseImage']) },
  { name: 'no config scanned', kind: 'wxapkg', mini: mini(null, []) },
];

export const invalid: InvalidCase[] = [
  { name: 'declared, never called, every part scanned', kind: 'wxapkg', mini: mini(located, ['chooseImage']), findings: [{ severity: 'low', confidence: 'likely', dataTypes: ['location.precise'], message: 'requiredPrivateInfos: getLocation; permission: scope.userLocation' }] },
  { name: 'declared, never called, subpackages missing: possible', kind: 'wxapkg', mini: mini(cfg({ requiredPrivateInfos: ['chooseAddress'] }), [], ['packageA/']), findings: [{ confidence: 'possible', message: 'Subpackages not scanned: packageA/' }] },
];
