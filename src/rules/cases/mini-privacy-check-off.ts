import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { button, miniConfig, miniFacts, wxCall } from '../rule-fixtures.ts';

export const valid: RuleCase[] = [
  { name: 'privacy APIs with __usePrivacyCheck__: true', kind: 'wxapkg', mini: miniFacts(miniConfig({ usePrivacyCheck: true }), [wxCall('getPrivacySetting')]) },
  { name: 'no privacy API used', kind: 'wxapkg', mini: miniFacts(miniConfig(), [wxCall('getLocation')]) },
  { name: 'no config scanned', kind: 'wxapkg', mini: miniFacts(null, [wxCall('requirePrivacyAuthorize')]) },
];

export const invalid: InvalidCase[] = [
  { name: 'getPrivacySetting without the key', kind: 'wxapkg', mini: miniFacts(miniConfig(), [wxCall('getPrivacySetting', { via: 'taro' })]), findings: [{ severity: 'low', confidence: 'possible', message: 'has no __usePrivacyCheck__. Before 2023-10-17' }] },
  { name: 'an agree button with the key set to false', kind: 'wxapkg', mini: miniFacts(miniConfig({ usePrivacyCheck: false }), [], [button('agreePrivacyAuthorization')]), findings: [{ message: 'sets __usePrivacyCheck__ to false' }] },
];
