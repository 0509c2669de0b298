import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { guardKey } from '../../analysis/guards.ts';
import { call, makePolicy, permission } from '../rule-fixtures.ts';

const imei = call('device.imei', 'android.telephony.TelephonyManager.getDeviceId');
const url = (u: string, owner: { kind: 'app' | 'sdk' | 'unknown'; sdk?: string }, caller = 'Lcom/example/app/Web;->open()V') => ({ url: u, caller, owner });
const noPolicyHigh = [{ severity: 'high' as const, confidence: 'likely' as const, dataTypes: ['device.imei'] }];
const appOnCreate = 'Lcom/example/app/App;->onCreate()V';
const onLaunch = { ...imei, beforeConsent: true, caller: appOnCreate, path: [appOnCreate] };
const imsiAfterCheck = { ...call('device.imsi', 'android.telephony.TelephonyManager.getSubscriberId'), beforeConsent: true, caller: appOnCreate, path: [appOnCreate], pc: 20 };

export const valid: RuleCase[] = [
  { name: 'policy found', facts: { apiCalls: [imei] }, policy: makePolicy({ declaredDataTypes: ['device.imei'] }) },
  { name: 'SDK jar: no app policy duty', kind: 'jar', facts: { apiCalls: [imei] } },
  { name: 'garbled policy proves nothing', facts: { apiCalls: [imei] }, policy: makePolicy({ garbled: true }) },
];

export const invalid: InvalidCase[] = [
  { name: 'no policy, collects IMEI', facts: { apiCalls: [imei] }, findings: [{ severity: 'high', confidence: 'likely', dataTypes: ['device.imei'], clauses: ['RD-1.1', 'C25-2', 'M164-1.1-S1'] }] },
  { name: 'no policy anywhere, IMEI read on launch: RD-3.1 with the path', facts: { apiCalls: [onLaunch] }, findings: [{ severity: 'high', clauses: ['RD-1.1', 'C25-2', 'M164-1.1-S1', 'RD-3.1'], message: 'what it collects on launch it collects before consent' }] },
  {
    name: 'no policy, but the app checks a stored value before collecting: no RD-3.1',
    facts: { apiCalls: [onLaunch, imsiAfterCheck] },
    guards: { [guardKey(imsiAfterCheck)]: { verdict: 'needs-stored-value', source: 'persisted', method: appOnCreate, pc: 8, reads: 'SharedPreferences.getBoolean("a", false)', callee: 'android.content.SharedPreferences.getBoolean', detail: 'if-eqz' } },
    findings: [{ severity: 'high', clauses: ['RD-1.1', 'C25-2', 'M164-1.1-S1'] }],
  },
  {
    name: 'no policy: types read only by platform-library code are named as not counted, so the count agrees with the data-type table',
    facts: { apiCalls: [imei, { ...call('location.precise', 'android.location.LocationManager.getLastKnownLocation'), caller: 'Landroidx/appcompat/app/TwilightManager;->a()V', callerOwner: { kind: 'unknown', party: 'platform', prefix: 'androidx.appcompat' } }] },
    findings: [{ severity: 'high', dataTypes: ['device.imei'], message: 'collects 1 kind(s) of personal information (1 more read by reachable code are not counted: precise location (GPS);' }],
  },
  { name: 'no policy, collects nothing', findings: [{ severity: 'low', confidence: 'possible' }] },
  { name: 'no policy, permission only', facts: { permissions: [permission('android.permission.READ_CONTACTS', ['contacts'])] }, findings: [{ severity: 'medium', confidence: 'possible', dataTypes: ['contacts'] }] },
  { name: 'policy URL in code', facts: { apiCalls: [imei], urls: [{ url: 'https://example.com/privacy.html', caller: 'Lcom/example/app/Web;', owner: { kind: 'app' } }] }, findings: [{ severity: 'medium', confidence: 'possible', message: 'likely policy URL' }] },
  { name: 'policy link in a string resource', facts: { apiCalls: [imei] }, policyLinks: [{ url: 'https://www.example.com/yinsi.html', source: '@string/privacy_url' }], findings: [{ severity: 'medium', confidence: 'possible', message: 'string resources reference a likely policy URL' }] },
  { name: 'an SDK\'s policy URL in SDK code is not the app\'s', facts: { apiCalls: [imei], urls: [url('http://m.weibo.cn/reg/privacyagreement?from=h5', { kind: 'sdk', sdk: 'weibo-sdk' }, 'Lcom/sina/weibo/sdk/register/mobile/MobileRegisterActivity;->genProtocalInfoTv()V')] }, findings: noPolicyHigh },
  { name: 'a policy URL in unidentified third-party code is not the app\'s', facts: { apiCalls: [imei], urls: [url('https://e.189.cn/sdk/agreement/detail.do', { kind: 'unknown' }, 'Lcom/sdk/a/b;->c()V')] }, findings: noPolicyHigh },
  { name: 'an API endpoint of the app is no policy page', facts: { apiCalls: [imei], urls: [url('https://api.example.com/v1/privacy/report', { kind: 'app' })] }, findings: noPolicyHigh },
  { name: 'a host named privacy with no page path is no policy page', facts: { apiCalls: [imei], urls: [url('https://privacy.example.com/', { kind: 'app' })] }, findings: noPolicyHigh },
  { name: 'an SDK vendor\'s policy linked from app code is not the app\'s', facts: { apiCalls: [imei], urls: [url('https://www.umeng.com/page/policy', { kind: 'app' })] }, findings: noPolicyHigh },
  { name: 'consent pop-up text names the policy', facts: { apiCalls: [imei] }, policyMentions: ['欢迎使用！请您仔细阅读《隐私政策》，点击同意即表示您已阅读并同意。'], findings: [{ severity: 'medium', confidence: 'possible', message: 'resources name one' }] },
  { name: 'policy with no collection rules', facts: { apiCalls: [imei] }, policy: makePolicy(), findings: [{ severity: 'high', confidence: 'likely', message: 'states no rule' }] },
];
