import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PiscopeError } from '../errors.ts';
import { readWxapkg } from '../formats/wxapkg/index.ts';
import { encryptWxapkg, makeWxapkg } from '../formats/wxapkg/make-wxapkg.test-helper.ts';
import { assertValidReport } from '../report/testing/validate.ts';
import { ROOT } from '../../test/helpers/paths.ts';
import { scan } from './scan.ts';

const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'wxapkg');
const HAVE = existsSync(CORPUS);
if (!HAVE) console.warn(`wxapkg corpus scans skipped: ${CORPUS} is absent`);

const config = { pages: ['pages/index'], permission: { 'scope.userLocation': { desc: '用于推荐附近门店' } }, requiredPrivateInfos: ['getLocation', 'chooseAddress'], __usePrivacyCheck__: true };
const code = ['var t = wx;', 'App({ onShow() { t.getLocation({}) } });', 'touch.getLocation(); map.getClipboardData();', 'wx.getUserProfile({});', ''].join('\n');
const own = makeWxapkg({ '/app-config.json': JSON.stringify(config), '/app-service.js': code, '/pad.txt': 'x'.repeat(1200) });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PiscopeError) return e.code;
    throw e;
  }
  return 'ok';
}

describe('scan of a mini-program (our own package)', () => {
  it('gives a valid Report: call sites with file:line:column, data types, scopes as permissions', async () => {
    const r = await scan({ path: 'own.wxapkg', bytes: own });
    assertValidReport(r);
    expect(r.input.kind).toBe('wxapkg');
    expect(r.apiCalls).toEqual([expect.objectContaining({ api: 'wx.getLocation', dataType: 'location.precise', caller: 'app-service.js:2:18', via: 'alias' })]);
    expect(r.permissions).toEqual([expect.objectContaining({ name: 'scope.userLocation', dangerous: true, dataTypes: ['location.precise'] })]);
    expect(r.dataTypes).toEqual([{ id: 'location.precise', collectedBy: ['scope.userLocation', 'wx.getLocation'], evidence: ['api', 'permission'], declared: null }]);
    const mini = r.miniProgram as { calls: { api: string; wxData?: string }[]; config: { requiredPrivateInfos: string[]; usePrivacyCheck: boolean } };
    expect(mini.calls.map((c) => c.api)).toEqual(['wx.getLocation', 'wx.getUserProfile']);
    expect(mini.config.requiredPrivateInfos).toEqual(['getLocation', 'chooseAddress']);
    expect(mini.config.usePrivacyCheck).toBe(true);
    // chooseAddress is declared and never called; getLocation is declared and called, in App's onShow.
    expect(r.findings.map((f) => `${f.ruleId} ${f.confidence}`)).toEqual(['mini-location-on-launch likely', 'mini-unused-declaration likely']);
    expect(r.findings[0]?.evidence[0]).toMatchObject({ caller: 'app-service.js:2:18', note: 'in onShow' });
    expect(r.findings[1]?.message.en).toMatch(/requiredPrivateInfos: chooseAddress/);
  });

  it('plants an over-collection: getLocation called, requiredPrivateInfos present without it', async () => {
    const pkg = makeWxapkg({ '/app-config.json': JSON.stringify({ requiredPrivateInfos: ['chooseLocation'], permission: {} }), '/app-service.js': 'wx.getLocation({}); wx.chooseLocation({})' });
    const r = await scan({ path: 'p.wxapkg', bytes: pkg });
    assertValidReport(r);
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity}/${f.confidence}`)).toEqual(['mini-undeclared-api low/likely']);
    expect(r.findings[0]?.message.en).toMatch(/wx\.getLocation .* requiredPrivateInfos and permission\["scope\.userLocation"\]\.desc\. WeChat refuses/);
    expect(r.findings[0]?.evidence[0]).toMatchObject({ kind: 'code', caller: 'app-service.js:1:1' });
  });

  it('reads a privacy guide given as a file: each data type is declared or not', async () => {
    const guide = new TextEncoder().encode('<html><body><h1>用户隐私保护指引</h1><p>为了推荐附近门店，我们会收集您的位置信息（精确位置）。</p><p>联系我们：privacy@example.com</p></body></html>');
    const r = await scan({ path: 'own.wxapkg', bytes: own }, { policy: { bytes: guide, name: 'guide.html' } });
    assertValidReport(r);
    expect(r.policy.found).toBe(true);
    expect(r.dataTypes.find((d) => d.id === 'location.precise')?.declared).toBe(true);
    const silent = new TextEncoder().encode('<html><body><h1>用户隐私保护指引</h1><p>我们会收集您的昵称和头像，用于展示。</p></body></html>');
    const r2 = await scan({ path: 'own.wxapkg', bytes: own }, { policy: { bytes: silent, name: 'guide.html' } });
    expect(r2.dataTypes.find((d) => d.id === 'location.precise')?.declared).toBe(false);
  });

  it('decrypts with the appid of its folder, or the one given; says plainly when it is wrong', async () => {
    const enc = encryptWxapkg(own, 'wx0123456789abcdef');
    const r = await scan({ path: '/pc/Applet/wx0123456789abcdef/3/__APP__.wxapkg', bytes: enc });
    expect(r.app.packageName).toBe('wx0123456789abcdef');
    expect(r.apiCalls).toHaveLength(1);
    expect((await scan({ path: 'x.wxapkg', bytes: enc }, { appid: 'wx0123456789abcdef' })).apiCalls).toHaveLength(1);
    await expect(scan({ path: 'x.wxapkg', bytes: enc }, { appid: 'wx0123456789abcdee' })).rejects.toThrow(/wrong appid/);
    expect(await codeOf(scan({ path: 'x.wxapkg', bytes: enc }))).toBe('WXAPKG_DECRYPT_FAILED');
  });

  it('scans subpackages together: a call in the subpackage is found and named by its part', async () => {
    const sub = makeWxapkg({ '/sub/index.js': 'wx.getClipboardData()' });
    const r = await scan({ path: 'main.wxapkg', bytes: own }, { wxapkgParts: [{ path: 'sub.wxapkg', bytes: sub }] });
    assertValidReport(r);
    expect(r.apiCalls.find((c) => c.api === 'wx.getClipboardData')).toMatchObject({ caller: 'sub/index.js:1:1', container: 'sub.wxapkg' });
  });
});

describe.skipIf(!HAVE)('scan of the corpus mini-programs (../shared/corpus/wxapkg)', () => {
  const c = (p: string): string => join(CORPUS, p);
  const SECDEV = 'secdevlpr26__decrypt-unpack-wxapkg';
  const plain = HAVE ? [...readdirSync(c(`${SECDEV}/dataset`)).filter((f) => f.startsWith('wx')).map((f) => `${SECDEV}/dataset/${f}`), 'bdingtech__zhixing_20230922/__APP__.wxapkg', 'TracyZhangLei__TracyDemo/test.wxapkg'] : [];
  it.each(plain)('%s gives a valid Report', async (f) => {
    assertValidReport(await scan({ path: c(f) }));
  }, 60_000);

  it('the 2023 package: getLocation through Taro\'s alias, declared in requiredPrivateInfos and permission', async () => {
    const r = await scan({ path: c('bdingtech__zhixing_20230922/__APP__.wxapkg') });
    expect(r.apiCalls.map((x) => `${x.api}/${x.via ?? ''}`)).toEqual(['wx.getLocation/taro']);
    expect(r.permissions.map((p) => p.name)).toEqual(['scope.userLocation']);
    const mini = r.miniProgram as { calls: { api: string }[] };
    expect(mini.calls.map((x) => x.api).sort()).toEqual(['wx.getLocation', 'wx.getPrivacySetting', 'wx.getUserInfo', 'wx.getUserProfile']);
    // Declared and used: neither over-claim nor over-collection, and the scope has its reason. getPrivacySetting
    // without __usePrivacyCheck__ (a package of 2023-09-22, before the 2023-10-17 switch): the flow was off.
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity}/${f.confidence}`)).toEqual(['mini-privacy-check-off low/possible']);
    expect(r.findings[0]?.evidence[0]).toMatchObject({ kind: 'code', callee: 'wx.getPrivacySetting', note: 'via taro' });
    expect(r.findings[0]?.message.en).toMatch(/has no __usePrivacyCheck__\. Before 2023-10-17/);
    // No guide in the package (WeChat keeps it on the platform); the pop-up names it.
    expect((r.miniProgram as { privacyGuide: unknown }).privacyGuide).toEqual({ source: null, file: null, mentions: ['《小程序隐私保护指引》', '《隐私权政策》'] });
  }, 60_000);

  it('zhixing against real policies given as its guide: location missing from one, listed in another', async () => {
    const policy = (n: string): { bytes: Uint8Array; name: string } => ({ bytes: readFileSync(join(ROOT, '..', 'shared', 'corpus', 'policies', 'ca4p', 'raw', n)), name: n });
    const path = c('bdingtech__zhixing_20230922/__APP__.wxapkg');
    const without = await scan({ path }, { policy: policy('0521.html') });
    assertValidReport(without);
    const f = without.findings.find((x) => x.ruleId === 'mini-undeclared-in-guide');
    expect(f).toMatchObject({ severity: 'high', confidence: 'likely', dataTypes: ['location.precise'] });
    expect(f?.evidence[0]).toMatchObject({ kind: 'code', callee: 'wx.getLocation' });
    const withIt = await scan({ path }, { policy: policy('0496.html') });
    expect(withIt.findings.map((x) => x.ruleId)).not.toContain('mini-undeclared-in-guide');
    expect(withIt.dataTypes.find((d) => d.id === 'location.precise')?.declared).toBe(true);
  }, 120_000);

  it('a scope reason removed from zhixing\'s real config is reported; the real one holds back', async () => {
    const real = readWxapkg(readFileSync(c('bdingtech__zhixing_20230922/__APP__.wxapkg')));
    const files: Record<string, Uint8Array> = {};
    for (const e of real.entries) files[`/${e.name}`] = real.read(e);
    const cfg = JSON.parse(new TextDecoder().decode(files['/app-config.json'])) as { permission: Record<string, { desc?: string }> };
    expect(cfg.permission['scope.userLocation']?.desc).toBe('您的位置信息将用于定位您的当前所在城市');
    cfg.permission['scope.userLocation'] = {};
    files['/app-config.json'] = new TextEncoder().encode(JSON.stringify(cfg));
    const r = await scan({ path: 'zhixing-no-desc.wxapkg', bytes: makeWxapkg(files) });
    const f = r.findings.filter((x) => x.ruleId === 'mini-scope-reason-missing');
    expect(f.map((x) => `${x.severity}/${x.confidence}`)).toEqual(['medium/confirmed']);
    expect(f[0]?.message.en).toMatch(/scope\.userLocation with no desc .*\(wx\.getLocation\)/);
  }, 120_000);

  it('wx0a2b6d089ccd70d3 as a news mini-program: the getPhoneNumber buttons are beyond its necessary information', async () => {
    const path = c(`${SECDEV}/dataset/wx0a2b6d089ccd70d3-pc.wxapkg`);
    const r = await scan({ path }, { category: 'news' });
    const f = r.findings.filter((x) => x.ruleId === 'mini-beyond-necessary');
    expect(f.map((x) => `${x.severity}/${x.confidence} ${(x.dataTypes ?? []).join()}`)).toEqual(['medium/possible device.phone-number']);
    expect(f[0]?.evidence[0]).toMatchObject({ kind: 'code', caller: 'page-frame.html:4770:8', callee: 'button[open-type=getPhoneNumber]' });
    // A type whose necessary information is the phone number (online lending: 注册用户移动电话号码…) holds back.
    expect((await scan({ path }, { category: 'online_lending' })).findings.map((x) => x.ruleId)).not.toContain('mini-beyond-necessary');
  }, 120_000);

  it('sector packs apply to mini-programs: transport on wx0a2b6d089ccd70d3\'s getPhoneNumber buttons, finance on wx00a2538fe46ad466\'s getLocation', async () => {
    const phone = c(`${SECDEV}/dataset/wx0a2b6d089ccd70d3-pc.wxapkg`);
    const transport = await scan({ path: phone }, { sector: 'transport' });
    assertValidReport(transport);
    const t = transport.findings.filter((x) => x.ruleId === 'transport-forced-phone-number');
    expect(t.map((x) => `${x.severity}/${x.confidence} ${(x.dataTypes ?? []).join()}`)).toEqual(['low/possible device.phone-number']);
    // What WeChat hands over is a number bound to the account, picked by the user: never called the SIM's number.
    expect(t[0]?.message.en).toMatch(/bound to the user's WeChat account \(button\[open-type=getPhoneNumber\]\)/);
    expect(t[0]?.message.zh).not.toMatch(/本机号码/);
    expect(t[0]?.evidence.map((e) => (e.kind === 'code' ? e.caller : ''))).toEqual(['page-frame.html:4770:8', 'page-frame.html:5341:9']);
    // No sector, or another one with nothing to say: no sector finding; the other findings are the same.
    const none = await scan({ path: phone });
    const sectorRules = ['transport-forced-phone-number', 'finance-risk-control-collection', 'health-sensitive-consent', 'education-face-recognition', 'advertising-tags-not-deletable'];
    expect(none.findings.filter((x) => sectorRules.includes(x.ruleId))).toEqual([]);
    expect(transport.findings.filter((x) => x.ruleId !== 'transport-forced-phone-number').map((x) => x.ruleId)).toEqual(none.findings.map((x) => x.ruleId));
    expect((await scan({ path: phone }, { sector: 'health' })).findings.filter((x) => sectorRules.includes(x.ruleId))).toEqual([]);

    const located = await scan({ path: c(`${SECDEV}/dataset/wx00a2538fe46ad466-pc.wxapkg`) }, { sector: 'finance' });
    const f = located.findings.filter((x) => x.ruleId === 'finance-risk-control-collection');
    expect(f.map((x) => `${x.severity}/${x.confidence} ${(x.dataTypes ?? []).join()}`)).toEqual(['low/possible location.precise']);
    // Hand-checked in app-service.js: lines 3 and 6 open the map picker (wx.chooseLocation), line 54 reads the position.
    expect(f[0]?.evidence.map((e) => (e.kind === 'code' ? `${e.callee ?? ''} ${e.caller}` : e.kind))).toEqual(['wx.chooseLocation app-service.js:3:117', 'wx.chooseLocation app-service.js:6:1033']);
  }, 180_000);

  it('an older package calling getLocation with no requiredPrivateInfos key: a possible over-collection', async () => {
    const r = await scan({ path: c(`${SECDEV}/dataset/wx000b96cc505e1149-pc.wxapkg`) });
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity}/${f.confidence} ${(f.dataTypes ?? []).join()}`)).toEqual(['mini-location-on-launch medium/possible location.precise', 'mini-undeclared-api low/possible location.precise']);
    expect(r.findings[1]?.evidence.filter((e) => e.kind === 'code')).toHaveLength(3);
    // The statistics SDK bundled in app-service.js reads the location in its module code (after getSetting).
    expect(r.findings[0]?.message.en).toMatch(/is called in module load \(2 site\(s\)\)/);
    expect(r.findings[0]?.evidence[0]).toMatchObject({ caller: 'app-service.js:2119:45', note: 'in cb:define > cb:iife > cb:getSetting' });
  }, 60_000);

  it('a getPhoneNumber button in the compiled WXML is a phone-number read, with its template, file and line', async () => {
    const r = await scan({ path: c(`${SECDEV}/dataset/wx0a2b6d089ccd70d3-pc.wxapkg`) });
    assertValidReport(r);
    const phone = r.apiCalls.filter((x) => x.dataType === 'device.phone-number');
    expect(phone.map((x) => `${x.api} ${(x as { wxml?: string }).wxml ?? ''} ${x.caller}`)).toEqual([
      'button[open-type=getPhoneNumber] components/login/login.wxml page-frame.html:4770:8',
      'button[open-type=getPhoneNumber] pages/index/index.wxml page-frame.html:5341:9',
      'button[open-type=getPhoneNumber] pages/index/index.wxml page-frame.html:5418:9',
      'button[open-type=getPhoneNumber] pages/invite/invite.wxml page-frame.html:5657:9',
      'button[open-type=getPhoneNumber] pages/myInvite/myInvite.wxml page-frame.html:5804:9',
    ]);
    expect(r.dataTypes.find((d) => d.id === 'device.phone-number')?.collectedBy).toEqual(['button[open-type=getPhoneNumber]']);
    const mini = r.miniProgram as { buttons: { openType: string; handlers: { handler: string }[] }[] };
    expect(mini.buttons.filter((b) => b.openType === 'getPhoneNumber').every((b) => b.handlers.some((h) => h.handler === 'getPhoneNumberHandle'))).toBe(true);
    expect(mini.buttons.map((b) => b.openType).filter((o) => o !== 'getPhoneNumber').sort()).toEqual(['getUserInfo', 'share', 'share', 'share']);
  }, 60_000);

  it('wx00a2538fe46ad466: App onShow reaches getLocation through its own methods (this.initLogin → initLocation → getlocate)', async () => {
    const r = await scan({ path: c(`${SECDEV}/dataset/wx00a2538fe46ad466-pc.wxapkg`) });
    const f = r.findings.filter((x) => x.ruleId === 'mini-location-on-launch');
    expect(f.map((x) => `${x.severity}/${x.confidence}`)).toEqual(['medium/possible']);
    expect(f[0]?.message.en).toMatch(/called in onShow > this\.initLogin\(\) > this\.initLocation\(\) > this\.getlocate\(\) \(1 site/);
    expect(f[0]?.evidence[0]).toMatchObject({ caller: 'app-service.js:54:3476', callee: 'wx.getLocation' });
  }, 60_000);

  it('the base library is recognised and nothing in it is counted', async () => {
    const r = await scan({ path: c('ZaratustraN__wxapp-parser/test.wxapkg') });
    assertValidReport(r);
    expect(r.apiCalls).toEqual([]);
    expect(r.diagnostics?.map((d) => d.code)).toContain('WXAPKG_BASE_LIBRARY');
  });

  it('the 36-byte mangled header fails with WXAPKG_MALFORMED naming the file', async () => {
    const f = c('jamielhf__wxappUnpacker/test1.wxapkg');
    await expect(scan({ path: f })).rejects.toMatchObject({ code: 'WXAPKG_MALFORMED', structure: 'wxapkg.header', offset: 0, file: f });
  });

  it('mutated real packages (index and code bytes) give a Report or a PiscopeError, never a crash', async () => {
    const real = readFileSync(c(`${SECDEV}/decrypted_files/wx0a38143339d51696-out.wxapkg`));
    let s = 7;
    const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const index = 14 + real.readUInt32BE(5);
    for (let i = 0; i < 150; i++) {
      const m = Buffer.from(real);
      // Half the flips in the index, half anywhere (JavaScript, JSON, images).
      for (let k = 0; k < 8; k++) m[Math.floor(rnd() * (k % 2 === 0 ? index : m.length))] = Math.floor(rnd() * 256);
      const outcome = await codeOf(scan({ path: `m${i}.wxapkg`, bytes: m }).then((r) => assertValidReport(r)));
      expect(['ok', 'WXAPKG_MALFORMED']).toContain(outcome);
    }
  }, 120_000);

  it('an encrypted subpackage whose appid is unknown says so', async () => {
    expect(await codeOf(scan({ path: c(`${SECDEV}/dataset/_others_.wxapkg`) }))).toBe('WXAPKG_DECRYPT_FAILED');
  });
});
