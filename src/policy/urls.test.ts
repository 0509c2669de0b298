// Which URLs may stand for the app's policy page: words of a policy page in the path, query or fragment; an
// API endpoint, a bare host or an SDK vendor's page never.
import { describe, expect, it } from 'vitest';
import { isAppPolicyPageUrl, isEndpointUrl, isPolicyPageUrl, sdkOfHost, urlsIn } from './urls.ts';

describe('isPolicyPageUrl', () => {
  it.each([
    'https://www.example.com/legal/privacy.html',
    'https://m.example.cn/h5/yinsi.html',
    'https://m.example.cn/xieyi?type=2',
    'http://weibo.cn/dpool/ttt/h5/regagreement.php?from=h5&lang=',
    'https://www.example.com/#/user-protocol',
    'https://www.example.com/%E9%9A%90%E7%A7%81.html',
    'https://www.example.com/privacy-policy',
    'https://www.example.com/terms',
  ])('a policy page: %s', (url) => {
    expect(isPolicyPageUrl(url)).toBe(true);
  });

  it.each([
    'https://privacy.example.com/',
    'https://api.example.com/v1/privacy/report',
    'https://example.com/api/agreement/status',
    'https://example.com/conf/privacy.json',
    'https://example.com/sdk/config?cachePolicy=1',
    'https://example.com/report_policyx',
    'https://example.com/download/app.apk',
    'ftp://example.com/privacy.html',
    'not a url',
  ])('not a policy page: %s', (url) => {
    expect(isPolicyPageUrl(url)).toBe(false);
  });
});

describe('SDK hosts and endpoints', () => {
  it('names the SDK whose vendor domain hosts the URL, subdomains included', () => {
    expect(sdkOfHost('https://www.umeng.com/page/policy')).toBe('umeng-analytics');
    expect(sdkOfHost('https://www.example.com/privacy.html')).toBeNull();
  });

  it('object storage and document sites are anyone\'s, not the SDK vendor\'s', () => {
    expect(sdkOfHost('https://app-x.oss-cn-hangzhou.aliyuncs.com/privacy.html')).toBeNull();
    expect(isAppPolicyPageUrl('https://app-x.oss-cn-hangzhou.aliyuncs.com/privacy.html')).toBe(true);
  });

  it('an SDK vendor\'s policy page is never the app\'s', () => {
    expect(isPolicyPageUrl('https://www.umeng.com/page/policy')).toBe(true);
    expect(isAppPolicyPageUrl('https://www.umeng.com/page/policy')).toBe(false);
  });

  it('a URL held under a policy name needs no policy word, but is still no endpoint', () => {
    expect(isAppPolicyPageUrl('https://www.example.com/p/123', true)).toBe(true);
    expect(isAppPolicyPageUrl('https://www.example.com/p/123')).toBe(false);
    expect(isAppPolicyPageUrl('https://www.example.com/api/p/123', true)).toBe(false);
    expect(isEndpointUrl('https://www.example.com/v2/x')).toBe(true);
  });

  it('finds every URL in a string, without trailing punctuation', () => {
    expect(urlsIn('见 https://a.example.com/privacy.html, 或 http://b.example.com/x。')).toEqual(['https://a.example.com/privacy.html', 'http://b.example.com/x']);
  });
});
