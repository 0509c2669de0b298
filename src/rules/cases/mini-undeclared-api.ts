import type { MiniConfig } from '../../analysis/wxapkg/mini-config.ts';
import type { MiniRuleFacts } from '../define-rule.ts';
import type { InvalidCase, RuleCase } from '../rule-tester.ts';

const cfg = (over: Partial<MiniConfig> = {}): MiniConfig => ({ file: 'app-config.json', permissions: [], requiredPrivateInfos: [], usePrivacyCheck: null, plugins: [], subpackages: [], pages: [], ...over });
const call = (api: string) => ({ api, file: 'app-service.js', line: 3, column: 9, via: 'wx' });
const mini = (config: MiniConfig | null, apis: string[]): MiniRuleFacts => ({ config, calls: apis.map(call), buttons: [], missingSubpackages: [] });
const located = cfg({ requiredPrivateInfos: ['getLocation'], permissions: [{ scope: 'scope.userLocation', desc: '用于推荐附近门店' }] });

export const valid: RuleCase[] = [
  { name: 'getLocation declared in both places', kind: 'wxapkg', mini: mini(located, ['getLocation']) },
  { name: 'an API that needs no declaration', kind: 'wxapkg', mini: mini(cfg(), ['chooseImage', 'getUserProfile']) },
  { name: 'chooseAddress declared (no permission scope needed)', kind: 'wxapkg', mini: mini(cfg({ requiredPrivateInfos: ['chooseAddress'] }), ['chooseAddress']) },
  { name: 'no config scanned (a subpackage alone): no judgement', kind: 'wxapkg', mini: mini(null, ['getLocation']) },
  { name: 'not a mini-program', kind: 'apk' },
];

export const invalid: InvalidCase[] = [
  { name: 'requiredPrivateInfos present without the API', kind: 'wxapkg', mini: mini(cfg({ permissions: located.permissions }), ['getLocation']), findings: [{ severity: 'low', confidence: 'likely', dataTypes: ['location.precise'], message: 'does not declare requiredPrivateInfos. WeChat refuses' }] },
  { name: 'no requiredPrivateInfos key at all: an older package, possible', kind: 'wxapkg', mini: mini(cfg({ requiredPrivateInfos: null }), ['getLocation', 'getLocation', 'chooseLocation']), findings: [{ confidence: 'possible', message: 'at 2 site(s)' }, { confidence: 'possible', message: 'wx.chooseLocation' }] },
  { name: 'declared but the permission reason is missing', kind: 'wxapkg', mini: mini(cfg({ requiredPrivateInfos: ['getLocation'] }), ['getLocation']), findings: [{ confidence: 'likely', message: 'permission["scope.userLocation"].desc' }] },
];
