import { describe, expect, it } from 'vitest';
import { htmlReporter } from './html-reporter.ts';
import { sampleReport } from './testing/sample-report.ts';

describe('html reporter', () => {
  const r = sampleReport();
  const html = htmlReporter(r);

  it('escapes hostile strings from the app', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('演示&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('/data/in/demo&lt;1&gt;.apk');
    expect(html).toContain('app_logs?x=&lt;b&gt;');
    expect(html).toContain('&amp; 第三方 &quot;域名&quot;');
  });

  it('is self-contained: no script, no external fetch', () => {
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).toContain("default-src 'none'");
  });

  it('is in Chinese and English with a language switch', () => {
    expect(html).toContain('<span class="zh" lang="zh-CN">个人信息合规检测报告</span><span class="en sep" lang="en">Personal-information compliance report</span>');
    expect(html).toMatch(/id="lang-zh"/);
    expect(html).toMatch(/#lang-zh:checked~main \.en/);
  });

  it('shows findings with evidence, the SDK table and the data types', () => {
    expect(html.indexOf('RD-2.1')).toBeLessThan(html.indexOf('RD-6.1'));
    expect(html).toContain('<li><code>Lcom/example/demo/App;-&gt;onCreate()V</code></li>');
    expect(html).toContain('AndroidManifest.xml:12');
    expect(html).toContain('<mark>我们会收集您的位置信息，用于为您提供附近的新闻。</mark>');
    expect(html).toMatch(/友盟统计 \(Umeng Analytics\)[\s\S]*友盟同欣/);
    // Who collects each data type, and whether the policy declares it.
    expect(html).toMatch(/IMEI<\/span>[\s\S]*?友盟统计 \(Umeng Analytics\)<\/td>[\s\S]*?未声明/);
    // The SDK the policy discloses (by catalogue id) is marked so; the other is not.
    expect(html).toMatch(/高德定位 \(AMap Location\)[\s\S]*?class="yes"/);
  });

  it('highlights a policy sentence inside its context when the report carries the policy text', () => {
    const withText = sampleReport();
    const text = '前文'.repeat(60) + '我们会收集您的位置信息，用于为您提供附近的新闻。' + '后文<b>'.repeat(40);
    const start = text.indexOf('我们会');
    withText.policy.text = text;
    const ev = withText.findings[3]!.evidence[1]!;
    if (ev.kind !== 'policy') throw new Error('fixture changed');
    ev.start = start;
    ev.end = start + '我们会收集您的位置信息，用于为您提供附近的新闻。'.length;
    const out = htmlReporter(withText);
    expect(out).toMatch(/<span class="ctx">…(前文)+<\/span><mark>我们会收集您的位置信息，用于为您提供附近的新闻。<\/mark><span class="ctx">(后文&lt;b&gt;)+/);
  });

  it('names whose code reads each data type and what backs it; only the app\'s own code is App自身', () => {
    const row = (id: string): string => html.slice(html.lastIndexOf('<tr>', html.indexOf(`<code>${id}</code>`)), html.indexOf('</tr>', html.indexOf(`<code>${id}</code>`)));
    expect(row('device.mac')).toContain('未识别的第三方代码 com.xxx.loc');
    expect(row('device.mac')).not.toContain('App自身');
    expect(row('device.imsi')).toContain('仅申请权限');
    expect(row('device.imsi')).toContain('<td>—</td>');
    expect(row('location.coarse')).toContain('平台库 androidx.appcompat');
    expect(row('location.coarse')).toContain('仅不可达代码');
    expect(row('location.precise')).toContain('App自身');
  });

  it('labels code evidence by its owner: third-party and platform code never as the app', () => {
    const third = sampleReport();
    third.findings[0]!.evidence = [{ kind: 'code', caller: 'Lcom/xxx/loc/a;->b()V', owner: { kind: 'unknown', party: 'third-party', prefix: 'com.xxx.loc' } }, { kind: 'code', caller: 'Landroidx/appcompat/app/TwilightManager;->x()V', owner: { kind: 'unknown', party: 'platform', prefix: 'androidx.appcompat' } }];
    const out = htmlReporter(third);
    expect(out).toContain('未识别的第三方代码 com.xxx.loc');
    expect(out).toContain('平台库 androidx.appcompat');
  });
});
