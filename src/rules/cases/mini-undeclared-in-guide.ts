import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { button, makePolicy, miniConfig, miniFacts, wxCall } from '../rule-fixtures.ts';

const guide = makePolicy({ declaredDataTypes: ['location.precise'] });
const withPhone = makePolicy({ declaredDataTypes: ['location.precise', 'device.phone-number'] });

export const valid: RuleCase[] = [
  { name: 'location declared, location read', kind: 'wxapkg', policy: guide, mini: miniFacts(miniConfig(), [wxCall('getLocation')]) },
  { name: 'phone number declared, getPhoneNumber button', kind: 'wxapkg', policy: withPhone, mini: miniFacts(miniConfig(), [], [button('getPhoneNumber')]) },
  { name: 'no guide: nothing to hold it against', kind: 'wxapkg', mini: miniFacts(miniConfig(), [wxCall('getClipboardData')]) },
  { name: 'buttons that hand over nothing (share, contact)', kind: 'wxapkg', policy: guide, mini: miniFacts(miniConfig(), [], [button('share'), button('contact')]) },
  { name: 'the privacy APIs are no collection', kind: 'wxapkg', policy: guide, mini: miniFacts(miniConfig(), [wxCall('getPrivacySetting')], [button('agreePrivacyAuthorization')]) },
  { name: 'a nickname field, nickname named in the guide', kind: 'wxapkg', policy: makePolicy({ text: `${makePolicy().text}\n我们会收集您填写的昵称。` }), mini: miniFacts(miniConfig(), [], [button('nickname', { element: 'input', handlers: [{ attr: 'bindblur', handler: 'onNick' }] })]) },
  { name: 'nickname and avatar named in the guide', kind: 'wxapkg', policy: makePolicy({ text: `${makePolicy().text}\n我们会收集您的微信昵称、头像。` }), mini: miniFacts(miniConfig(), [wxCall('getUserProfile')]) },
];

export const invalid: InvalidCase[] = [
  { name: 'getPhoneNumber button, phone number not in the guide', kind: 'wxapkg', policy: guide, mini: miniFacts(miniConfig(), [], [button('getPhoneNumber', { handlers: [{ attr: 'bindgetphonenumber', handler: 'onPhone' }] })]), findings: [{ severity: 'high', confidence: 'likely', dataTypes: ['device.phone-number'], message: 'through button[open-type=getPhoneNumber]' }] },
  { name: 'clipboard read only in a plugin: medium, possible', kind: 'wxapkg', policy: guide, mini: miniFacts(miniConfig(), [wxCall('getClipboardData', { file: '__plugin__/wxa75efa648b60994b/index.js' })]), findings: [{ severity: 'medium', confidence: 'possible', dataTypes: ['clipboard'], message: 'in a plugin' }] },
  { name: 'address read, the guide never names an address: matched by words, possible', kind: 'wxapkg', policy: guide, mini: miniFacts(miniConfig(), [wxCall('chooseAddress')]), findings: [{ confidence: 'possible', dataTypes: [], message: 'wx.chooseAddress' }] },
  {
    name: '<input type="nickname">, the guide never names a nickname: matched by words, possible',
    kind: 'wxapkg', policy: guide, mini: miniFacts(miniConfig(), [], [button('nickname', { element: 'input', handlers: [{ attr: 'bindblur', handler: 'onNick' }] })]),
    findings: [{ severity: 'high', confidence: 'possible', dataTypes: [], message: 'through input[type=nickname]' }],
  },
];
