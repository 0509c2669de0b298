// The analyzer on policies we wrote ourselves (fixtures/policies/): each question, negation, conditions, tables
// (HTML, Markdown, tab-separated, prose lists) and the encodings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePolicy, analyzePolicyText } from './analyze.ts';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'policies');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));
const text = (name: string): string => readFileSync(join(DIR, name), 'utf8');

describe('full.html: every question answered from its sentence', async () => {
  const p = await analyzePolicy({ bytes: read('full.html'), name: 'full.html' });

  it('reads the HTML as UTF-8 text without script content', () => {
    expect(p.encoding).toBe('utf-8');
    expect(p.garbled).toBe(false);
    expect(p.text).not.toContain('不是正文');
    expect(p.sections.map((s) => s.heading)).toContain('一、我们如何收集和使用您的个人信息');
  });

  it('answers the contract questions', () => {
    expect(p.hasContact).toBe(true);
    expect(p.contact.emails).toEqual(['privacy@weather.example.com']);
    expect(p.contact.phones).toContain('010-12345678');
    expect(p.contact.addresses[0]).toContain('北京市海淀区示例路1号');
    expect(p.hasComplaintChannel).toBe(true);
    expect(p.complaint.responseDays).toBe(15);
    expect(p.complaint.workingDays).toBe(true);
    expect(p.complaint.slowResponse).toBe(false);
    expect(p.hasAccountDeletion).toBe(true);
    expect(p.accountDeletion.inAppPath).toContain('我的-设置-账号与安全-注销账号');
    expect(p.hasMinorsClause).toBe(true);
    expect(p.minors.guardianConsent).toBe(true);
    expect(p.minors.under14Rules).toBe(true);
    expect(p.hasPersonalizationOptOut).toBe(true);
    expect(p.personalization.evidence[0]?.sentence).toContain('关闭个性化推荐');
  });

  it('answers the other questions with evidence', () => {
    for (const a of [p.access, p.correction, p.deletion, p.withdrawConsent, p.sharing]) {
      expect(a.value).toBe(true);
      expect(a.evidence.length).toBeGreaterThan(0);
    }
    expect(p.storage.location).toContain('境内');
    expect(p.storage.crossBorder).toBe(false);
    expect(p.storage.period).toContain('最短');
    expect(p.dates).toMatchObject({ updated: '2024-05-20', effective: '2024-06-01' });
    expect(p.operator.name).toBe('北京示例天气科技有限公司');
  });

  it('declares data types with purpose and condition, and keeps denials apart', () => {
    const loc = p.declared.find((d) => d.dataType === 'location.precise');
    expect(loc?.purpose).toContain('天气预报');
    expect(p.text.slice(loc!.start, loc!.end)).toBe(loc!.sentence);
    expect(p.text.slice(loc!.matchStart, loc!.matchEnd)).toBe(loc!.matched);
    const cam = p.declared.find((d) => d.dataType === 'camera');
    expect(cam?.condition).toContain('仅在您使用扫码功能时');
    // List items inherit "我们会收集以下设备信息".
    expect(p.declaredDataTypes).toEqual(expect.arrayContaining(['device.info', 'device.imei', 'device.android-id', 'device.oaid']));
    // "我们不会收集您的通讯录、短信或通话记录" declares nothing.
    for (const id of ['contacts', 'sms', 'call-log']) {
      expect(p.declaredDataTypes).not.toContain(id);
      expect(p.negated.map((n) => n.dataType)).toContain(id);
    }
    // "如您不提供手机号码" is the user's refusal, not a denial of collection.
    expect(p.declaredDataTypes).toContain('device.phone-number');
  });

  it('reads the HTML SDK table', () => {
    const umeng = p.sdkDisclosures.find((s) => s.sdkId === 'umeng-analytics');
    expect(umeng).toMatchObject({ name: '友盟统计SDK', vendor: '友盟同欣（北京）科技有限公司', purpose: '统计分析', fromTable: true, missingFields: [] });
    expect(umeng?.dataTypes).toEqual(expect.arrayContaining(['device.imei', 'device.oaid', 'device.mac']));
    expect(umeng?.policyUrl).toBe('https://www.umeng.com/page/policy');
    const amap = p.sdkDisclosures.find((s) => s.sdkId === 'amap-location');
    expect(amap?.dataTypes).toEqual(expect.arrayContaining(['location.wifi', 'location.cell']));
    expect(p.declaredSdks).toEqual(['umeng-analytics', 'amap-location']);
    expect(p.urls).toContain('https://lbs.amap.com/pages/privacy/');
  });
});

describe('sdk-prose.txt: SDK lists in prose and a tab-separated table', () => {
  const p = analyzePolicyText(text('sdk-prose.txt'), 'sdk-prose.txt');

  it('reads one-line and multi-line "SDK名称：…" records', () => {
    const umeng = p.sdkDisclosures.find((s) => s.name === '友盟+统计SDK');
    expect(umeng).toMatchObject({ sdkId: 'umeng-analytics', vendor: '友盟同欣（北京）科技有限公司', missingFields: [] });
    expect(umeng?.dataTypes).toEqual(expect.arrayContaining(['device.android-id', 'device.oaid', 'device.info']));
    const getui = p.sdkDisclosures.find((s) => s.name === '个推推送SDK');
    expect(getui).toMatchObject({ sdkId: 'getui', vendor: '每日互动股份有限公司', purpose: '消息推送', policyUrl: 'https://docs.getui.com/privacy' });
    expect(getui?.dataTypes).toContain('app-list');
  });

  it('lists the fields an SDK disclosure lacks', () => {
    const ad = p.sdkDisclosures.find((s) => s.name === '某某广告SDK');
    expect(ad?.sdkId).toBeNull();
    expect(ad?.missingFields).toEqual(['vendor', 'link']);
  });

  it('reads a tab-separated table and matches 友盟+ / com.umeng to one SDK', () => {
    const bugly = p.sdkDisclosures.find((s) => s.sdkId === 'bugly');
    expect(bugly).toMatchObject({ name: '腾讯Bugly', purpose: '崩溃分析', fromTable: true });
    expect(p.sdkDisclosures.filter((s) => s.sdkId === 'umeng-analytics')).toHaveLength(1);
    expect(p.declaredSdks).toEqual(expect.arrayContaining(['umeng-analytics', 'getui', 'bugly', '某某广告SDK']));
  });

  it('reads vendor and purpose of an SDK described in a sentence', () => {
    const sa = p.sdkDisclosures.find((s) => s.sdkId === 'sensors-analytics');
    expect(sa).toMatchObject({ fromTable: false, vendor: '神策网络科技（北京）有限公司', purpose: '用户行为数据统计' });
    expect(sa?.dataTypes).toEqual(expect.arrayContaining(['device.info', 'device.imei']));
    expect(sa?.missingFields).toEqual(['link']);
  });

  it('keeps a generic "contact us" from counting as a complaint channel', () => {
    expect(p.hasContact).toBe(true);
    expect(p.hasComplaintChannel).toBe(false);
    expect(p.hasAccountDeletion).toBe(false);
    expect(p.hasMinorsClause).toBe(false);
  });

  it('reads a version month beside the title', () => {
    const q = analyzePolicyText('示例隐私政策（2019年11月版）\n我们会收集您的位置信息。', 'v.txt');
    expect(q.dates.updated).toBe('2019-11');
    const r = analyzePolicyText('隐私权政策 2018年8月20日\n我们会收集您的位置信息。', 'v.txt');
    expect(r.dates.updated).toBe('2018-08-20');
  });

  it('reads conditions on clipboard and sensors', () => {
    expect(p.declared.find((d) => d.dataType === 'clipboard')?.condition).toContain('仅在您主动粘贴口令时');
    expect(p.declaredDataTypes).toContain('sensors');
  });
});

describe('minimal.md: Markdown, no personalisation, slow replies', async () => {
  const p = await analyzePolicy({ bytes: read('minimal.md'), name: 'minimal.md' });

  it('answers null for opt-out when the policy says there is no personalisation', () => {
    expect(p.hasPersonalizationOptOut).toBeNull();
    expect(p.personalization.noPersonalization).toBe(true);
  });

  it('flags a response time over 15 working days', () => {
    expect(p.complaint.responseDays).toBe(30);
    expect(p.complaint.slowResponse).toBe(true);
  });

  it('deleting notes is not account cancellation; the Markdown table declares storage', () => {
    expect(p.hasAccountDeletion).toBe(false);
    expect(p.deletion.value).toBe(true);
    expect(p.declaredDataTypes).toEqual(['device.phone-number', 'storage']);
    expect(p.dates.updated).toBe('2023-11-02');
  });
});

describe('no-answers.txt: a policy that provides nothing', () => {
  const p = analyzePolicyText(text('no-answers.txt'), 'no-answers.txt');
  it('answers no, not unclear, when the text was read and lacks the thing', () => {
    expect(p).toMatchObject({ hasContact: false, hasAccountDeletion: false, hasComplaintChannel: false, hasMinorsClause: false });
    expect(p.declaredDataTypes).toEqual([]);
    expect(p.sharing.value).toBe(false);
  });
});

describe('edge-cases.txt: summaries, regulators and ad unsubscribe', () => {
  const p = analyzePolicyText(text('edge-cases.txt'), 'edge-cases.txt');

  it('names the operator without the words before it', () => {
    expect(p.operator.name).toBe('杭州示例阅读科技有限公司');
  });

  it('a contents line that lists rights is not a way to cancel or to complain', () => {
    expect(p.hasAccountDeletion).toBe(false);
  });

  it('a complaint list that names only regulators is not the operator’s channel', () => {
    expect(p.hasComplaintChannel).toBe(false);
    expect(p.hasContact).toBe(true);
  });

  it('unsubscribing from commercial ads is an opt-out; skipping one ad is not', () => {
    expect(p.hasPersonalizationOptOut).toBe(true);
    expect(p.personalization.evidence.map((e) => e.sentence).join('')).not.toContain('跳过');
    expect(p.personalization.evidence[0]?.sentence).toContain('退订');
  });

  it('reads a response time written in hanzi and flags it', () => {
    expect(p.complaint.responseDays).toBe(30);
    expect(p.complaint.workingDays).toBe(false);
    expect(p.complaint.slowResponse).toBe(true);
  });
});

describe('negation that governs an example clause', () => {
  it('"不会分享…的信息，例如…身份证号" declares no ID number', () => {
    const p = analyzePolicyText(text('edge-cases.txt'), 'edge-cases.txt');
    expect(p.declaredDataTypes).not.toContain('identity.id-number');
    expect(p.negated.map((n) => n.dataType)).toContain('identity.id-number');
  });

  it('a possible future collection ("如果更新的内容需要采集…") declares nothing', () => {
    const p = analyzePolicyText(text('edge-cases.txt'), 'edge-cases.txt');
    expect(p.declaredDataTypes).not.toContain('contacts');
  });

  it('content rules of a user agreement declare no voice or pictures', () => {
    const p = analyzePolicyText(text('edge-cases.txt'), 'edge-cases.txt');
    expect(p.declaredDataTypes).not.toContain('microphone');
    expect(p.declaredDataTypes).not.toContain('media.images');
  });

  it('a GB/T 35273 category line ("个人生物识别信息（包括…面部特征）") is a definition', () => {
    const p = analyzePolicyText(text('edge-cases.txt'), 'edge-cases.txt');
    expect(p.declaredDataTypes).not.toContain('biometric.face');
  });
});
