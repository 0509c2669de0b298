// Fingerprints ignore what changes between builds and tell apart what makes another finding; the diff
// sorts each fingerprint into fixed, persisting, reactivated or new.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../report/types.ts';
import { compareVersions, diffVersions } from './diff.ts';
import { findingOwner, fingerprint } from './fingerprint.ts';

const base: Finding = {
  ruleId: 'sdk-collects',
  clauses: ['C1'],
  severity: 'high',
  confidence: 'likely',
  methods: ['static'],
  dataTypes: ['location.precise', 'device.imei'],
  title: { zh: '标题', en: 'Title' },
  message: { zh: '消息', en: 'Message' },
  evidence: [{ kind: 'code', caller: 'Lcom/a/b;->c()V', owner: { kind: 'app' } }],
};

describe('fingerprint', () => {
  it('ignores messages, callers (obfuscated names), the order of data types and severity', () => {
    const moved: Finding = { ...base, severity: 'medium', message: { zh: '别的', en: 'Other' }, dataTypes: ['device.imei', 'location.precise'], evidence: [{ kind: 'code', caller: 'La/a;->a()V', owner: { kind: 'app' } }] };
    expect(fingerprint('com.x', moved)).toBe(fingerprint('com.x', base));
  });

  it('changes with the app, the rule, the owner and the data types', () => {
    const fp = fingerprint('com.x', base);
    expect(fingerprint('com.y', base)).not.toBe(fp);
    expect(fingerprint('com.x', { ...base, ruleId: 'other' })).not.toBe(fp);
    expect(fingerprint('com.x', { ...base, dataTypes: ['device.imei'] })).not.toBe(fp);
    expect(fingerprint('com.x', { ...base, sdk: 'umeng-analytics' })).not.toBe(fp);
    const thirdParty = { ...base, evidence: [{ kind: 'code' as const, caller: 'x', owner: { kind: 'unknown' as const, party: 'third-party' as const, prefix: 'com.xxx.loc' } }] };
    expect(findingOwner(thirdParty)).toBe('third-party:com.xxx.loc');
    expect(fingerprint('com.x', thirdParty)).not.toBe(fp);
  });

  it('blames the SDK a finding names, else the shared owner, else the app among several', () => {
    expect(findingOwner({ ...base, sdk: 'jpush' })).toBe('sdk:jpush');
    expect(findingOwner({ ...base, evidence: [] })).toBe('app');
    expect(findingOwner({ ...base, evidence: [{ kind: 'code', caller: 'a', owner: { kind: 'sdk', sdk: 'b' } }, { kind: 'code', caller: 'c', owner: { kind: 'app' } }] })).toBe('app');
  });

  it('gives a store-side finding (164号文 4.1/4.2) to its store, not to the app', () => {
    const storeSide: Finding = { ...base, ruleId: 'listing-info-missing', store: 'huawei', evidence: [{ kind: 'file', path: 'https://appgallery.example/app', store: 'huawei', fetchedAt: '2026-12-07T10:00:00Z' }] };
    expect(findingOwner(storeSide)).toBe('store:huawei');
    expect(fingerprint('com.x', storeSide)).not.toBe(fingerprint('com.x', { ...storeSide, store: 'xiaomi' }));
  });
});

describe('diffVersions', () => {
  const v = (versionId: number, fps: string[]) => ({ versionId, fingerprints: new Set(fps) });
  const history = [v(1, ['a', 'b']), v(2, ['b', 'c']), v(3, ['a', 'b'])];
  it('first version: all new', () => {
    expect(diffVersions(history, 0)).toMatchObject({ previousVersionId: null, new: ['a', 'b'], fixed: [], persisting: [], reactivated: [] });
  });
  it('fixed, new and persisting against the version before', () => {
    expect(diffVersions(history, 1)).toMatchObject({ previousVersionId: 1, new: ['c'], fixed: ['a'], persisting: ['b'], reactivated: [] });
  });
  it('reactivated: absent in the version before, present in an earlier one', () => {
    expect(diffVersions(history, 2)).toMatchObject({ previousVersionId: 2, new: [], fixed: ['c'], persisting: ['b'], reactivated: ['a'] });
  });
  it('orders versions by versionCode, then by first sight', () => {
    const rows = [{ id: 1, version_code: '10' }, { id: 2, version_code: '9' }, { id: 3, version_code: null }];
    expect(rows.sort(compareVersions).map((r) => r.id)).toEqual([2, 1, 3]);
  });
});
