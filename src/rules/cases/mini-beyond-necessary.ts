import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { button, miniConfig, miniFacts, wxCall } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'map app reading the location', kind: 'wxapkg', appType: { code: 'map_navigation', source: 'given' }, mini: miniFacts(miniConfig(), [wxCall('getLocation')]) },
  { name: 'no type given: nothing to judge', kind: 'wxapkg', mini: miniFacts(miniConfig(), [wxCall('getLocation')]) },
  { name: 'an inferred type is not enough', kind: 'wxapkg', appType: { code: 'news', source: 'inferred' }, mini: miniFacts(miniConfig(), [wxCall('getLocation')]) },
  { name: 'images are not a notable type', kind: 'wxapkg', appType: { code: 'news', source: 'given' }, mini: miniFacts(miniConfig(), [wxCall('chooseImage')]) },
];

export const invalid: InvalidCase[] = [
  { name: 'a news mini-program asking for the phone number and location', kind: 'wxapkg', appType: { code: 'news', source: 'given' }, mini: miniFacts(miniConfig(), [wxCall('getLocation')], [button('getPhoneNumber')]), findings: [{ severity: 'medium', confidence: 'possible', dataTypes: ['location.precise', 'device.phone-number'], clauses: ['NS-5', 'NS-5-NONE', 'NS-2', 'RD-4.1'] }] },
  { name: 'a plugin of a registration mini-program reads the location: low', kind: 'wxapkg', appType: { code: 'medical_consult_registration', source: 'given' }, mini: miniFacts(miniConfig(), [wxCall('getLocation', { file: 'miniprogram_npm/map-kit/index.js' })]), findings: [{ severity: 'low', dataTypes: ['location.precise'] }] },
];
