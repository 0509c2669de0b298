import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { miniConfig, miniFacts, wxCall } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'scope with its reason', kind: 'wxapkg', mini: miniFacts(miniConfig({ permissions: [{ scope: 'scope.userLocation', desc: '用于推荐附近门店' }] }), [wxCall('getLocation')]) },
  { name: 'no permission key', kind: 'wxapkg', mini: miniFacts(miniConfig(), [wxCall('chooseImage')]) },
  { name: 'no config scanned', kind: 'wxapkg', mini: miniFacts(null, [wxCall('getLocation')]) },
];

export const invalid: InvalidCase[] = [
  { name: 'no desc, and the code calls getLocation', kind: 'wxapkg', mini: miniFacts(miniConfig({ permissions: [{ scope: 'scope.userLocation', desc: null }] }), [wxCall('getLocation')]), findings: [{ severity: 'medium', confidence: 'confirmed', dataTypes: ['location.precise'], message: 'with no desc' }] },
  { name: 'an empty desc, scope never used: low', kind: 'wxapkg', mini: miniFacts(miniConfig({ permissions: [{ scope: 'scope.userLocation', desc: '  ' }] })), findings: [{ severity: 'low', confidence: 'confirmed', message: 'with an empty desc' }] },
];
