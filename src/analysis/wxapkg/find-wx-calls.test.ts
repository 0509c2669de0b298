import { describe, expect, it } from 'vitest';
import { findWxCalls } from './find-wx-calls.ts';

const APIS = new Set(['getLocation', 'getUserProfile', 'chooseImage', 'getClipboardData']);
const find = (text: string): string[] => findWxCalls([{ name: 'a.js', text }], APIS).calls.map((c) => `${c.api}@${c.line}:${c.column}/${c.via}`);

describe('findWxCalls', () => {
  it('finds direct and computed calls with line and column', () => {
    expect(find('wx.getLocation({})\n  wx["getUserProfile"]()')).toEqual(['getLocation@1:1/wx', 'getUserProfile@2:3/computed']);
  });

  it('follows aliases: variables, getters, assignments, sequences, promisify arguments', () => {
    expect(find('const o = () => wx; o().getLocation()')).toEqual(['getLocation@1:21/alias']);
    expect(find('var t = wx; t.chooseImage()')).toEqual(['chooseImage@1:13/alias']);
    expect(find('var t; t = wx; (0, t.getClipboardData)()')).toEqual(['getClipboardData@1:20/alias']);
    expect(find('function g(){ return wx } g().getLocation()')).toEqual(['getLocation@1:27/alias']);
    expect(find('promisify(wx.getUserProfile)')).toEqual(['getUserProfile@1:11/wx']);
  });

  it('does not count other objects\' methods, nor a local that shadows an alias', () => {
    expect(find('touch.getLocation(); map.getLocation(); this.getLocation()')).toEqual([]);
    expect(find('var o = () => wx; function f(o){ o().getLocation() } f(() => engine)')).toEqual([]);
    expect(find('var t = wx; (function(){ var t = touch; t.getLocation() })()')).toEqual([]);
    expect(find('"wx.getLocation()"; // wx.getLocation()')).toEqual([]);
  });

  it('resolves Taro through webpack (marker module, n.n getter) and uni-app through its IIFE parameter', () => {
    const taro = '(self.w=self.w||[]).push([[1],{11:function(e,t,n){var r=n(2).hooks,i=n(3).Z;r.isExist("initNativeApi")&&r.call("initNativeApi",i),e.exports=i},22:function(e,t,n){var i=n(11),o=n.n(i);o().getLocation({})}}])';
    expect(find(taro)).toEqual(['getLocation@1:184/taro']);
    // The same shape without the Taro marker is not the API object.
    expect(find(taro.replaceAll('initNativeApi', 'somethingElse'))).toEqual([]);
    const uni = '(global.webpackJsonp=[]).push([["v"],[,function(module,exports,__webpack_require__){var uni={};exports.default=uni;var k="__DC_STAT_UUID"},function(module,exports,__webpack_require__){(function(uni){uni.getUserProfile({})}).call(this,__webpack_require__(1)["default"])}]])';
    expect(find(uni)).toEqual([expect.stringMatching(/^getUserProfile@1:\d+\/uni$/)]);
  });

  it('reports a syntax error and still searches the file', () => {
    const r = findWxCalls([{ name: 'b.js', text: 'wx.getLocation(); function (' }], APIS);
    expect(r.problems[0]?.message).toMatch(/syntax error/);
  });
});
