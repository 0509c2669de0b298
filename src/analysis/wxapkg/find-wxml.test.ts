import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../test/helpers/paths.ts';
import { decodeUtf8 } from '../../binary/byte-reader.ts';
import { readWxapkg } from '../../formats/wxapkg/index.ts';
import { wxOpenTypes } from '../../knowledge/wx-apis.ts';
import { findWxmlOpenTypes, type WxmlOpenType } from './find-wxml.ts';

const OPEN_TYPES = new Set([...wxOpenTypes().values()].filter((o) => o.element !== 'input').map((o) => o.openType));
const short = (o: WxmlOpenType): string => `${o.openType}${o.dynamic ? '?' : ''} ${o.wxml ?? '-'} ${o.file}:${o.line}:${o.column} ${o.handlers.map((h) => `${h.attr}=${h.handler ?? '?'}`).join(',')}`.trim();

// The compiler's two shapes, written as wcc writes them (see the header of find-wxml.ts).
const perFile = [
  "var x=['./pages/a/a.wxml','./pages/b/b.wxml'];d_[x[0]]={}",
  'var m0=function(e,s,r,gg){',
  'var z=gz$gwx_1()',
  // A first index of 0 leaves the base at 0: the next index is the base (the runtime's _mz does this).
  "var oB=_mz(z,'button',['bindgetphonenumber',0,'class',1,'openType',1],[],e,s,gg)",
  "var xC=_n('button')",
  "_rz(z,xC,'openType',3,e,s,gg)",
  "var oD=_mz(z,'navigator',['openType',2],[],e,s,gg)",
  'return r',
  '}',
  'e_[x[0]]={f:m0,j:[],i:[],ti:[],ic:[]}',
  'd_[x[1]]={}',
  'var m1=function(e,s,r,gg){',
  'var z=gz$gwx_2()',
  "var oE=_mz(z,'button',['bindgetuserinfo',0,'data-event-opts',1,'openType',1],[],e,s,gg)",
  'return r',
  '}',
  'e_[x[1]]={f:m1,j:[],i:[],ti:[],ic:[]}',
  'function gz$gwx_1(){',
  '__WXML_GLOBAL__.ops_cached.$gwx_1=[];',
  "(function(z){var a=11;function Z(ops){z.push(ops)}",
  "Z([3,'onPhone'])",
  "Z([3,'btn'])",
  "Z([3,'getPhoneNumber'])",
  "Z([[2,'?:'],[[7],[3,'vip']],[1,'contact'],[1,'share']])",
  '})(__WXML_GLOBAL__.ops_cached.$gwx_1);return __WXML_GLOBAL__.ops_cached.$gwx_1',
  '}',
  'function gz$gwx_2(){',
  "(function(z){var a=11;function Z(ops){z.push(ops)}",
  "Z([3,'__e'])",
  "Z([[4],[[5],[[4],[[5],[[5],[1,'getuserinfo']],[[4],[[5],[[4],[[5],[[5],[1,'bindGetUserInfo']],[[4],[[5],[1,'$event']]]]]]]]]]])",
  "Z(z[0][1].length>0?[3,'x']:[3,'getUserInfo'])",
  '})(__WXML_GLOBAL__.ops_cached.$gwx_2);return __WXML_GLOBAL__.ops_cached.$gwx_2',
  '}',
].join('\n');

describe('findWxmlOpenTypes on compiled WXML we wrote', () => {
  it('reads _mz attribute lists (absolute then relative indices), _n + _rz, and names the template', () => {
    const r = findWxmlOpenTypes([{ name: 'page-frame.js', text: perFile }], OPEN_TYPES);
    expect(r.openTypes.map(short)).toEqual([
      'getPhoneNumber pages/a/a.wxml page-frame.js:4:8 bindgetphonenumber=onPhone',
      // A conditional value: either constant it can take.
      'contact? pages/a/a.wxml page-frame.js:5:8',
      'share? pages/a/a.wxml page-frame.js:5:8',
    ]);
    // The navigator's openType is not a button's; the third Z of gz$gwx_2 is not the literal form: said.
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.message).toMatch(/1 attribute value\(s\) not read/);
    expect(r.templates).toBe(2);
  });

  it('reads the older global array (z[idx_st_+k]) with _m and _r, and uni-app handlers named in data-event-opts', () => {
    const old = [
      "var z=[];(function(z){var a=11;function Z(ops){z.push(ops)}",
      "Z([3,'__e']);Z([[4],[[5],[[4],[[5],[[5],[1,'getuserinfo']],[[4],[[5],[[4],[[5],[[5],[1,'login']],[[4],[[5],[1,'$event']]]]]]]]]]]);Z([3,'getUserInfo']);Z(z[idx_st_+2]);",
      '})(z);',
      "var x=['./pages/login/login.wxml'];",
      'var m0=function(e,s,r,gg){',
      "var oB=_m('button',['bindgetuserinfo',0,'data-event-opts',1,'openType',1],[],e,s,gg)",
      "var xC=_n('button')",
      "_r(xC,'openType',3,e,s,gg)",
      '}',
      'e_[x[0]]={f:m0,j:[],i:[],ti:[],ic:[]}',
    ].join('\n');
    const r = findWxmlOpenTypes([{ name: 'page-frame.html', text: `<html><script>${old}</script></html>` }], OPEN_TYPES);
    expect(r.openTypes.map(short)).toEqual(['getUserInfo pages/login/login.wxml page-frame.html:6:8 bindgetuserinfo=login', 'getUserInfo pages/login/login.wxml page-frame.html:7:8']);
    expect(r.problems).toEqual([]);
  });

  it('counts a template once when app-service.js repeats it, from the view layer', () => {
    const r = findWxmlOpenTypes([{ name: 'app-service.js', text: perFile }, { name: 'page-frame.js', text: perFile }], OPEN_TYPES);
    expect(new Set(r.openTypes.map((o) => o.file))).toEqual(new Set(['page-frame.js']));
  });

  it('reads a framework\'s JSX props, not a navigator\'s openType', () => {
    const js = 'n(v.Button,{className:"b",openType:"getPhoneNumber",onGetPhoneNumber:this.onPhone,children:"x"});n(v.Navigator,{openType:"navigate"})';
    expect(findWxmlOpenTypes([{ name: 'app-service.js', text: js }], OPEN_TYPES).openTypes.map(short)).toEqual(['getPhoneNumber - app-service.js:1:27 onGetPhoneNumber=onPhone']);
  });

  it('reads <input type="nickname"> with its handlers, as the pseudo open-type nickname; not another input, nor a field named nickname', () => {
    const text = [
      "var x=['./pages/me/me.wxml'];d_[x[0]]={}",
      'var m0=function(e,s,r,gg){',
      'var z=gz$gwx_1()',
      "var oB=_mz(z,'input',['bindblur',0,'class',1,'type',1,'placeholder',2],[],e,s,gg)",
      "var oC=_mz(z,'input',['bindinput',4,'name',1,'type',2],[],e,s,gg)",
      "var oD=_n('input')",
      "_rz(z,oD,'type',7,e,s,gg)",
      "_rz(z,oD,'bindnicknamereview',8,e,s,gg)",
      'return r',
      '}',
      'e_[x[0]]={f:m0,j:[],i:[],ti:[],ic:[]}',
      'function gz$gwx_1(){',
      '__WXML_GLOBAL__.ops_cached.$gwx_1=[];',
      "(function(z){var a=11;function Z(ops){z.push(ops)}",
      "Z([3,'onNickBlur'])",
      "Z([3,'nick'])",
      "Z([3,'nickname'])",
      "Z([3,'请输入昵称'])",
      "Z([3,'onName'])",
      "Z([3,'nickname'])",
      "Z([3,'text'])",
      "Z([[2,'?:'],[[7],[3,'edit']],[1,'nickname'],[1,'text']])",
      "Z([3,'onReview'])",
      '})(__WXML_GLOBAL__.ops_cached.$gwx_1);return __WXML_GLOBAL__.ops_cached.$gwx_1',
      '}',
    ].join('\n');
    const r = findWxmlOpenTypes([{ name: 'page-frame.js', text }], OPEN_TYPES);
    expect(r.openTypes.map((o) => `${o.element} ${short(o)}`)).toEqual([
      'input nickname pages/me/me.wxml page-frame.js:4:8 bindblur=onNickBlur',
      'input nickname? pages/me/me.wxml page-frame.js:6:8 bindnicknamereview=onReview',
    ]);
    // Taro's Input props; an object that merely has type "nickname" is not an input.
    const js = 'n(v.Input,{className:"n",type:"nickname",onBlur:this.onNick,placeholder:"昵称"});var k={type:"nickname",label:"x"}';
    expect(findWxmlOpenTypes([{ name: 'app-service.js', text: js }], OPEN_TYPES).openTypes.map((o) => `${o.element} ${short(o)}`)).toEqual(['input nickname - app-service.js:1:26 onBlur=onNick']);
  });

  it('never throws on mangled compiled code', () => {
    for (let cut = 0; cut < perFile.length; cut += 7) {
      const r = findWxmlOpenTypes([{ name: 'page-frame.js', text: perFile.slice(0, cut) + "Z([3,'\\u12" + perFile.slice(cut) }], OPEN_TYPES);
      expect(Array.isArray(r.openTypes)).toBe(true);
    }
  });
});

// Third-party packages (../shared/corpus/wxapkg/SOURCES.md), read in place. Expected values hand-checked against
// the unpacked packages: every button element whose compiled attribute list has openType, by grep.
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'wxapkg');
const HAVE = existsSync(CORPUS);
const DEC = 'secdevlpr26__decrypt-unpack-wxapkg/decrypted_files';

function found(path: string): string[] {
  const p = readWxapkg(readFileSync(join(CORPUS, path)));
  const files = p.entries.filter((e) => /\.(?:js|html)$/.test(e.name)).map((e) => ({ name: e.name, text: decodeUtf8(p.read(e)) }));
  const r = findWxmlOpenTypes(files, OPEN_TYPES);
  expect(r.problems).toEqual([]);
  return r.openTypes.map(short);
}

describe.skipIf(!HAVE)('findWxmlOpenTypes on the corpus packages', () => {
  it('wx0a2b6d089ccd70d3 (page-frame.html, per-file arrays): four getPhoneNumber buttons with their handlers', () => {
    const r = found(`${DEC}/wx0a2b6d089ccd70d3-out.wxapkg`);
    expect(r.filter((x) => x.startsWith('getPhoneNumber'))).toEqual([
      'getPhoneNumber components/login/login.wxml page-frame.html:4770:8 binderror=getPhoneError,bindgetphonenumber=getPhoneNumberHandle',
      'getPhoneNumber pages/index/index.wxml page-frame.html:5341:9 binderror=getPhoneError,bindgetphonenumber=getPhoneNumberHandle',
      'getPhoneNumber pages/index/index.wxml page-frame.html:5418:9 binderror=getPhoneError,bindgetphonenumber=getPhoneNumberHandle',
      'getPhoneNumber pages/invite/invite.wxml page-frame.html:5657:9 binderror=getPhoneError,bindgetphonenumber=getPhoneNumberHandle',
      'getPhoneNumber pages/myInvite/myInvite.wxml page-frame.html:5804:9 binderror=getPhoneError,bindgetphonenumber=getPhoneNumberHandle',
    ]);
    expect(r.filter((x) => x.startsWith('getUserInfo'))).toEqual(['getUserInfo pages/invite/invite.wxml page-frame.html:5585:9 binderror=getUserInfoErrHandle,bindgetuserinfo=getUserInfoHandle']);
    expect(r.filter((x) => x.startsWith('share'))).toHaveLength(3);
  });

  it('wx00a2538fe46ad466 (older global array with z[idx_st_+k]): the login page\'s getUserInfo button', () => {
    expect(found(`${DEC}/wx00a2538fe46ad466-out.wxapkg`)).toEqual(['getUserInfo pages/mine/login/login.wxml page-frame.html:4614:10 bindgetuserinfo=getUserInfo']);
  });

  it('一起学党史 (uni-app, app-wxss.js): the handler named in data-event-opts', () => {
    expect(found('WankkoRee__PartyHistoryofLearning/applet/18/__APP__.dec.wxapkg')).toEqual([
      'share pages/index/index.wxml app-wxss.js:3440:9',
      'getUserInfo pages/index/index.wxml app-wxss.js:3612:9 bindgetuserinfo=bindGetUserInfo',
    ]);
  });

  it('zhixing (Taro: one generic template, open-type a variable): the JSX props instead', () => {
    expect(found('bdingtech__zhixing_20230922/__APP__.wxapkg').map((x) => x.split(' ')[0])).toEqual(['share', 'openSetting', 'share']);
  });

  it('wx0a2d2adf56db69d9: all three open-type buttons, none of the navigators', () => {
    expect(found(`${DEC}/wx0a2d2adf56db69d9-out.wxapkg`).map((x) => x.split(' ').slice(0, 2).join(' '))).toEqual([
      'getUserInfo wurui_house/pages/login/index.wxml',
      'getUserInfo wurui_house/pages/login/login.wxml',
      'contact wurui_house/pages/message/index.wxml',
    ]);
  });
});
