import { describe, expect, it } from 'vitest';
import { inferAppType } from './infer-app-type.ts';

const none = { sdks: [], policyText: null };

describe('inferAppType', () => {
  it('reads the label', () => {
    const r = inferAppType({ ...none, packageName: 'com.acme.app', labels: ['Acme 地图导航'] });
    expect(r.type?.code).toBe('map_navigation');
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.confidence).toBeLessThanOrEqual(0.9);
  });

  it('reads package tokens and the policy', () => {
    const r = inferAppType({ ...none, packageName: 'cn.acme.loan', labels: [null], policyText: '借款 借款 借款 贷款 借款服务' });
    expect(r.type?.code).toBe('online_lending');
    expect(r.reasons.join(' ')).toMatch(/loan/);
    // The words the policy uses, counted, not the pattern that found them.
    expect(r.reasons).toContain('policy mentions 借款 ×4、贷款 ×1');
  });

  it('says nothing without a signal', () => {
    const r = inferAppType({ ...none, packageName: 'io.appium.android.apis', labels: ['API Demos'] });
    expect(r).toEqual({ type: null, confidence: null, reasons: [] });
  });

  it('is less sure when two types compete', () => {
    const clear = inferAppType({ ...none, packageName: 'com.acme.news', labels: ['新闻'] });
    const mixed = inferAppType({ ...none, packageName: 'com.acme.news', labels: ['新闻 游戏'] });
    expect(clear.type?.code).toBe('news');
    expect(mixed.confidence ?? 0).toBeLessThan(clear.confidence ?? 0);
  });

  it('never reaches certainty', () => {
    const r = inferAppType({ packageName: 'com.acme.map.navi', labels: ['地图', '导航 map'], sdks: [], policyText: '地图导航'.repeat(20) });
    expect(r.confidence).toBe(0.9);
  });
});
