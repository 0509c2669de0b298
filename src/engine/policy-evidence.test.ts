// Policy evidence on our fixture apps and, when ../shared is present, on real apps: only the app's own links
// stand for its policy (an SDK's policy URL or endpoint never lowers a missing-policy finding), and the
// rights findings weigh what the app processes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureApk, ROOT } from '../../test/helpers/paths.ts';
import type { Report } from '../report/types.ts';
import { scan } from './scan.ts';

const RIGHTS = ['no-correction-deletion', 'no-withdraw-consent', 'no-account-cancellation', 'cancellation-conditions', 'response-time-too-long', 'no-complaint-channel'];

function noPolicy(r: Report): Report['findings'][number] | undefined {
  return r.findings.find((f) => f.ruleId === 'no-privacy-policy');
}

describe('whose policy URL', () => {
  it('an SDK\'s policy URL, a third party\'s agreement page and the app\'s own API endpoint leave the finding high', async () => {
    const path = fixtureApk('policy-sdk-url');
    const asked: string[] = [];
    const r = await scan({ path }, { fetchPolicy: (url) => (asked.push(url), Promise.resolve(null)) });
    expect(r.sdks.map((s) => s.id)).toContain('weibo');
    expect(noPolicy(r)).toMatchObject({ severity: 'high', confidence: 'likely', dataTypes: ['device.imei'] });
    expect(noPolicy(r)?.evidence.filter((e) => e.kind === 'network')).toEqual([]);
    // The SDK's and the third party's pages are shown as not counted, so a reader sees why; the endpoint is not.
    const details = noPolicy(r)?.evidence.flatMap((e) => (e.kind === 'file' && e.detail !== undefined ? [e.detail] : [])) ?? [];
    expect(details.filter((d) => d.startsWith('not the app\'s policy'))).toEqual([
      'not the app\'s policy: http://m.weibo.cn/reg/privacyagreement?from=h5&lang= is in SDK weibo code (Lcom/sina/weibo/sdk/register/Agreement;->link()Ljava/lang/String;)',
      'not the app\'s policy: https://auth.example-carrier.cn/sdk/agreement/detail.do is in third-party code (Lcom/xxx/loc/Terms;->link()Ljava/lang/String;)',
    ]);
    // Nor is any of them fetched as if it were the app's policy.
    expect(asked).toEqual([]);
  });

  it('a policy link in the app\'s string resources: the policy is online, so medium and possible', async () => {
    const path = fixtureApk('policy-res-url');
    const r = await scan({ path });
    expect(noPolicy(r)).toMatchObject({ severity: 'medium', confidence: 'possible' });
    expect(noPolicy(r)?.evidence).toContainEqual({ kind: 'network', url: 'https://www.presurl.example.com/p/yinsi.html', matched: 'string resource @string/privacy_url' });
    const asked: string[] = [];
    await scan({ path }, { fetchPolicy: (url) => (asked.push(url), Promise.resolve(null)) });
    expect(asked).toEqual(['https://www.presurl.example.com/p/yinsi.html']);
  });
});

describe('the app\'s own link labels say the policy is online; an SDK\'s do not', () => {
  it('@string/login_agreement2 = 隐私政策: medium and possible, the label as evidence', async () => {
    const r = await scan({ path: fixtureApk('policy-label') });
    expect(noPolicy(r)).toMatchObject({ severity: 'medium', confidence: 'possible' });
    expect(noPolicy(r)?.evidence).toContainEqual({ kind: 'file', path: 'resources.arsc', detail: 'string resource names the policy: @string/login_agreement2: 隐私政策' });
  });

  it('an SDK\'s resources (ksad_…, tt_…) naming its vendor\'s policy leave the finding high', async () => {
    // policy-sdk-url holds @string/ksad_download_privacy = 隐私政策 and @string/tt_privacy_title = 《隐私协议》.
    const r = await scan({ path: fixtureApk('policy-sdk-url') });
    expect(noPolicy(r)?.evidence.some((e) => e.kind === 'file' && e.path === 'resources.arsc')).toBe(false);
  });
});

describe('rights findings weigh what the app processes', () => {
  const policy = { bytes: readFileSync(join(ROOT, 'fixtures', 'policies', 'no-pi-tool.html')), name: 'no-pi-tool.html' };

  it('an app whose code and policy show no personal information: no rights finding above low', async () => {
    const r = await scan({ path: fixtureApk('rule-blank') }, { policy });
    const rights = r.findings.filter((f) => RIGHTS.includes(f.ruleId));
    expect(rights.map((f) => f.ruleId).sort()).toEqual(['no-account-cancellation', 'no-complaint-channel', 'no-correction-deletion', 'no-withdraw-consent']);
    for (const f of rights) expect(f.severity).toBe('low');
  });

  it('the same policy on an app that reads the IMEI: the rights findings keep their weight', async () => {
    const r = await scan({ path: fixtureApk('rule-no-policy') }, { policy });
    expect(r.findings.find((f) => f.ruleId === 'no-correction-deletion')?.severity).toBe('high');
    expect(r.findings.find((f) => f.ruleId === 'no-account-cancellation')?.severity).toBe('high');
    expect(r.findings.find((f) => f.ruleId === 'no-withdraw-consent')?.severity).toBe('medium');
  });
});

// Real apps of ../shared/corpus/real-apps (not in a clone: skipped then). Their SDKs carry policy URLs as
// const-strings in SDK code; none is the app's.
const REAL = join(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files');
const real = (f: string): string => join(REAL, f);

describe.skipIf(!existsSync(REAL))('real apps: SDK policy URLs are not the app\'s', () => {
  it('weibo-sdk-demo-2017.apk: Weibo SDK\'s agreement URLs do not lower the finding', async () => {
    const r = await scan({ path: real('weibo-sdk-demo-2017.apk') });
    expect(noPolicy(r)?.severity).toBe('high');
    expect(noPolicy(r)?.evidence.filter((e) => e.kind === 'network')).toEqual([]);
  });

  it('yidun-quickpass-demo.apk: the carriers\' agreement pages in SDK code do not either', async () => {
    const r = await scan({ path: real('yidun-quickpass-demo.apk') });
    expect(noPolicy(r)?.severity).toBe('high');
    expect(noPolicy(r)?.evidence.filter((e) => e.kind === 'network')).toEqual([]);
  });

  it('yuekuan.apk and androidproject-demo.apk link to their policies (隐私政策 / 隐私协议 labels): medium, possible', async () => {
    for (const f of ['yuekuan.apk', 'androidproject-demo.apk']) {
      const r = await scan({ path: real(f) });
      expect(noPolicy(r), f).toMatchObject({ severity: 'medium', confidence: 'possible' });
    }
  });

  it('gdt-union AAR: an SDK package has no app policy duty, and nothing is offered to fetch', async () => {
    const asked: string[] = [];
    const r = await scan({ path: real('gdt-union-4.514.1384.aar') }, { fetchPolicy: (url) => (asked.push(url), Promise.resolve(null)) });
    expect(noPolicy(r)).toBeUndefined();
    expect(asked).toEqual([]);
  });
});
