// Finding the policy inside real APKs built from our fixture apps (apktool layout, fixtures/apps/policy-*).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureApk } from '../../test/helpers/paths.ts';
import { openPackage } from '../package/open-package.ts';
import { analyzePolicyText } from './analyze.ts';
import { findPolicyInPackage, packagePolicyUrls } from './find-in-package.ts';

function open(name: string): ReturnType<typeof openPackage> {
  const apk = fixtureApk(name);
  return openPackage(new Uint8Array(readFileSync(apk)), { path: apk });
}

describe('policy-demo: a policy HTML in assets and URLs in strings and code', () => {
  const pkg = open('policy-demo');

  it('finds the policy file, not the other HTML or raw text', () => {
    const found = findPolicyInPackage(pkg);
    expect(found?.source).toBe('assets/web/privacy.html');
    expect(found?.encoding).toBe('utf-8');
    const p = analyzePolicyText(found!.text, found!.source);
    expect(p.hasAccountDeletion).toBe(true);
    expect(p.declaredSdks).toContain('umeng-analytics');
  });

  it('reports the policy URLs of string resources, assets and code', () => {
    const urls = packagePolicyUrls(pkg);
    expect(urls).toContain('https://policy.example.com/app/privacy.html');
    expect(urls).toContain('https://policy.example.com/app/user-agreement.html');
  });
});

describe('policy-strings: policy text in a localised string resource', () => {
  it('finds the zh-rCN string and reads it', () => {
    const found = findPolicyInPackage(open('policy-strings'));
    expect(found?.source).toBe('@string/privacy_content');
    const p = analyzePolicyText(found!.text, found!.source);
    expect(p.declaredDataTypes).toEqual(expect.arrayContaining(['location.precise', 'device.info']));
    expect(p.declaredDataTypes).not.toContain('contacts');
    expect(p.hasComplaintChannel).toBe(true);
  });

  it('finds nothing in an app without a policy', () => {
    expect(findPolicyInPackage(open('hello'))).toBeNull();
  });
});
