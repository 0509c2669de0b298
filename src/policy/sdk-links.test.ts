// Links in a policy's SDK table: the target of "<a href>隐私政策</a>" in an SDK's row is that SDK's policy link,
// kept with the row (html-text.ts writes it after the link text) and exposed as the disclosure's policyUrl.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/helpers/paths.ts';
import { analyzePolicy } from './analyze.ts';
import { htmlToText } from './html-text.ts';

const file = join(ROOT, 'fixtures', 'policies', 'sdk-table-links.html');

describe('SDK table links', async () => {
  const p = await analyzePolicy({ bytes: readFileSync(file), name: 'sdk-table-links.html' });
  const row = (name: string) => p.sdkDisclosures.find((d) => d.name === name);

  it('a link whose text is only 隐私政策 or 点击查看 is the SDK\'s policy link', () => {
    expect(row('友盟统计SDK')).toMatchObject({ sdkId: 'umeng-analytics', policyUrl: 'https://www.umeng.com/page/policy?x=1&y=2' });
    expect(row('友盟统计SDK')?.missingFields).not.toContain('link');
    expect(row('极光推送SDK')).toMatchObject({ policyUrl: 'https://www.jiguang.cn/license/privacy' });
    expect(row('极光推送SDK')?.sentence).toContain('点击查看（https://www.jiguang.cn/license/privacy）');
  });

  it('a link whose text is its URL is kept once', () => {
    expect(row('高德定位SDK')?.policyUrl).toBe('https://lbs.amap.com/pages/privacy/');
    expect(row('高德定位SDK')?.sentence.match(/lbs\.amap\.com/g)).toHaveLength(1);
  });

  it('no link, or a relative one that leads nowhere we can name: the link is missing', () => {
    expect(row('微信开放平台SDK')).toMatchObject({ policyUrl: null });
    expect(row('微信开放平台SDK')?.missingFields).toContain('link');
    expect(row('支付宝SDK')?.missingFields).toContain('link');
  });

  it('outside tables, only links whose text does not say where they go get their target written', () => {
    const text = htmlToText(readFileSync(file, 'utf8'));
    expect(text).toContain('详见完整版隐私政策。');
    expect(text).toContain('请点击这里（https://shop.example.com/sdk-list.html）查看');
  });

  it('a link left open ends with its cell; javascript: targets are dropped', () => {
    expect(htmlToText('<table><tr><td>A</td><td><a href="https://a.example.com/p">隐私政策</td></tr></table>')).toBe('| A | 隐私政策（https://a.example.com/p） |');
    expect(htmlToText('<table><tr><td><a href="javascript:void(0)">隐私政策</a></td></tr></table>')).toBe('| 隐私政策 |');
  });
});
