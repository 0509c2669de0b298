import { describe, expect, it } from 'vitest';
import { buildLists, TO_COMPLETE } from './lists.ts';
import { csvCell, listsCsv, LISTS_CSV_HEADER } from './lists-csv.ts';
import { listsHtml } from './lists-html.ts';
import { sampleReport } from './testing/sample-report.ts';

describe('双清单', () => {
  const r = sampleReport();
  const lists = buildLists(r);

  it('lists every (data type, collector) pair, naming code of no identified SDK by its prefix, never as the app', () => {
    expect(lists.collected.map((c) => `${c.dataType}:${c.collectedBy}`)).toEqual([
      'device.imei:umeng-analytics',
      'location.precise:app',
      'location.precise:amap-location',
      'device.mac:third-party:com.xxx.loc',
    ]);
    expect(lists.collected.find((c) => c.dataType === 'device.mac')).toMatchObject({ party: 'third-party', collectorName: '未识别的第三方代码 com.xxx.loc' });
  });

  it('lists a type only a permission reaches as requested, not collected; dead code collects nothing', () => {
    expect(lists.requested.map((q) => q.dataType)).toEqual(['device.imsi', 'location.coarse']);
    expect(lists.requested[0]!.permissions).toEqual(['android.permission.READ_PHONE_STATE']);
    expect(lists.collected.some((c) => c.dataType === 'device.imsi' || c.dataType === 'location.coarse')).toBe(false);
    const csv = listsCsv(lists);
    expect(csv).toContain('\r\n已申请权限（未见收集代码） permission requested: no collecting code,IMSI');
    expect(csv).not.toMatch(/collected,[^\r]*device\.imsi/);
    expect(csv).toMatch(/device\.mac,未识别的第三方代码 com\.xxx\.loc,[^\r]*未识别的第三方代码 unidentified third-party code/);
    expect(listsHtml(lists)).toContain('已申请权限、未见收集代码的个人信息');
  });

  it('takes purposes from the policy first, then the SDK catalogue, else marks them to be completed', () => {
    const by = (t: string, who: string) => lists.collected.find((c) => c.dataType === t && c.collectedBy === who)!;
    // The policy states the purpose of location for the app, and the AMap disclosure its own purpose.
    expect(by('location.precise', 'app')).toMatchObject({ purposeSource: 'policy', purpose: { zh: '为您提供附近的新闻' } });
    expect(by('location.precise', 'amap-location')).toMatchObject({ purposeSource: 'policy', purpose: { zh: '提供定位服务' } });
    // Umeng is not described by the policy: its catalogue category gives the purpose.
    expect(by('device.imei', 'umeng-analytics')).toMatchObject({ purposeSource: 'sdk-catalogue', purpose: { zh: '统计分析' } });
    // Nothing says why that code reads the MAC.
    expect(by('device.mac', 'third-party:com.xxx.loc')).toMatchObject({ purposeSource: 'none', purpose: TO_COMPLETE, scenario: TO_COMPLETE });
  });

  it('lists SDKs that collect personal information as third-party sharing, with whether the policy discloses them', () => {
    expect(lists.shared.map((s) => [s.sdk, s.dataTypes, s.disclosedInPolicy, s.way.zh, s.foundIn])).toEqual([
      ['umeng-analytics', ['device.imei'], false, 'SDK嵌入（客户端直接收集）', 'code'],
      ['amap-location', ['location.precise'], true, 'SDK嵌入（客户端直接收集）', 'code'],
    ]);
  });

  it('adds recipients that only the policy names, with their way of sharing to be completed', () => {
    const more = sampleReport();
    (more.policy.sdkDisclosures as unknown[]).push({ name: '某风控服务', sdkId: null, packageName: null, vendor: '某科技公司', purpose: null, dataTypes: ['device.oaid'], policyUrl: null, missingFields: ['purpose'], fromTable: true, sentence: '某风控服务', start: 1, end: 2, section: null });
    const row = buildLists(more).shared.find((s) => s.recipient === '某风控服务')!;
    expect(row).toMatchObject({ foundIn: 'policy', vendor: '某科技公司', dataTypes: ['device.oaid'], purpose: TO_COMPLETE, purposeSource: 'none', disclosedInPolicy: true });
    expect(row.way.zh).toContain('待补充');
    // A prose fragment that matches no catalogue SDK is not a recipient.
    (more.policy.sdkDisclosures as unknown[]).push({ name: '但不限于SDK', sdkId: null, packageName: null, vendor: null, purpose: null, dataTypes: [], policyUrl: null, missingFields: [], fromTable: false, sentence: 'x', start: 1, end: 2, section: null });
    expect(buildLists(more).shared.map((s) => s.recipient)).not.toContain('但不限于SDK');
  });

  it('writes a CSV with a BOM, a list column and safe cells', () => {
    const csv = listsCsv(lists);
    expect(csv.startsWith('\uFEFF清单 list,')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + lists.collected.length + lists.requested.length + lists.shared.length);
    expect(lines[0]!.split(',')).toEqual(LISTS_CSV_HEADER);
    expect(lines.filter((l) => l.startsWith('第三方共享清单'))).toHaveLength(2);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('writes escaped bilingual HTML', () => {
    const html = listsHtml(lists);
    expect(html).not.toContain('<script>');
    expect(html).toContain('演示&lt;script&gt;');
    expect(html).toContain('已收集个人信息清单');
    expect(html).toContain('与第三方共享个人信息清单');
    expect(html).toContain('<span class="no"><span class="zh" lang="zh-CN">待补充</span>');
  });

  it('works on a Report without the policy extensions (e.g. read back from JSON)', () => {
    const bare = sampleReport();
    delete bare.policy.declared;
    delete bare.policy.sdkDisclosures;
    const l = buildLists(JSON.parse(JSON.stringify(bare)) as typeof bare);
    expect(l.collected.find((c) => c.dataType === 'location.precise' && c.collectedBy === 'app')!.purposeSource).toBe('none');
  });
});
