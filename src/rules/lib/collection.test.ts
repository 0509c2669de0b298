// What counts as strong evidence of collection: the catalogue's weak mark as the analysis passes it on, and
// the probe evidence that turns presence checks into the app list.
import { describe, expect, it } from 'vitest';
import { call, makeFacts } from '../rule-fixtures.ts';
import { collectedDataTypes, isWeakCall, preConsentCalls } from './collection.ts';
import { codeEvidence } from './evidence.ts';

const PM = 'android.content.pm.PackageManager';
const names = ['com.jingdong.app.mall', 'com.sankuai.meituan', 'com.smile.gifmaker', 'com.ss.android.ugc.aweme', 'com.taobao.taobao', 'com.xunmeng.pinduoduo'];

describe('isWeakCall', () => {
  it('reads the weak mark the analysis sets from the catalogue', () => {
    expect(isWeakCall(call('device.android-id', 'android.provider.Settings.Secure.getString', { weak: true }))).toBe(true);
    expect(isWeakCall(call('device.android-id', 'android.provider.Settings.Secure.getString'))).toBe(false);
  });

  it('a probe of one package is weak; the same API with the probed names of a survey is not', () => {
    expect(isWeakCall(call('app-list', `${PM}.getPackageInfo`))).toBe(true);
    expect(isWeakCall(call('app-list', `${PM}.getPackageInfo`, { weak: true, probes: names }))).toBe(false);
    expect(isWeakCall(call('app-list', `${PM}.queryIntentActivities`, { weak: true, query: 'android.intent.action.MAIN + android.intent.category.LAUNCHER' }))).toBe(false);
  });
});

describe('collectedDataTypes and preConsentCalls', () => {
  it('a weak call alone is collected but not strong, and never a pre-consent call', () => {
    const weak = call('location.precise', 'android.location.Location.getLatitude', { weak: true, beforeConsent: true });
    const facts = makeFacts({ apiCalls: [weak] });
    expect(collectedDataTypes(facts).get('location.precise')).toMatchObject({ reachable: true, strong: false });
    expect(preConsentCalls(facts)).toEqual([]);
  });

  it('many probes before consent are a pre-consent app-list call', () => {
    const survey = call('app-list', `${PM}.getPackageInfo`, { weak: true, probes: names, beforeConsent: true });
    const facts = makeFacts({ apiCalls: [survey] });
    expect(collectedDataTypes(facts).get('app-list')?.strong).toBe(true);
    expect(preConsentCalls(facts)).toEqual([survey]);
  });
});

describe('codeEvidence', () => {
  it('lists the probed packages and the broad query, so a person can check them', () => {
    expect(codeEvidence(call('app-list', `${PM}.getPackageInfo`, { probes: names }))).toMatchObject({ kind: 'code', note: `probes 6 named packages: ${names.join(', ')}` });
    expect(codeEvidence(call('app-list', `${PM}.queryIntentActivities`, { query: 'android.intent.action.MAIN' }))).toMatchObject({ note: 'broad intent query: android.intent.action.MAIN' });
  });
});
