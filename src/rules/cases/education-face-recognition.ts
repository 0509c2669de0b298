import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, makePolicy, miniConfig, miniFacts, sdk, wxCall } from '../rule-fixtures.ts';

const face = call('biometric.face', 'com.megvii.FaceDetector.detect');
const good = makePolicy({ text: `${makePolicy().text}人脸识别仅用于身份核验，您也可以选择短信验证码等其他验证方式。处理不满十四周岁儿童的人脸信息，须经其监护人同意。` });

export const valid: RuleCase[] = [
  { name: 'an education mini-program with no face verification and no face in its guide', kind: 'wxapkg', sector: 'education', policy: makePolicy(), mini: miniFacts(miniConfig(), [wxCall('getLocation')]) },
  { name: 'alternative and guardian consent', sector: 'education', facts: { apiCalls: [face] }, policy: good },
  { name: 'no face data', sector: 'education', policy: makePolicy() },
  { name: 'not the education sector', facts: { apiCalls: [face] }, policy: makePolicy() },
];

export const invalid: InvalidCase[] = [
  { name: 'an education mini-program calls wx.startFacialRecognitionVerify; its guide names no alternative', kind: 'wxapkg', sector: 'education', policy: makePolicy(), mini: miniFacts(miniConfig(), [wxCall('startFacialRecognitionVerify')]), findings: [{ confidence: 'possible', clauses: ['FR-2', 'C26-2'], dataTypes: ['biometric.face'] }] },

  { name: 'face SDK, no alternative, no guardian consent', sector: 'education', facts: { sdks: [sdk('megvii-faceid', 'other', { name: 'Megvii FaceID' })] }, policy: makePolicy({ text: `${'您注册账号时我们收集手机号。'.repeat(250)}我们通过人脸识别核验您的身份。` }), findings: [{ clauses: ['FR-2', 'C26-2'], confidence: 'possible' }, { clauses: ['FR-3', 'C26-2'], confidence: 'likely' }] },
];
