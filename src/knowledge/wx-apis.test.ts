import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { dataTypes } from './index.ts';
import { generatedEntries, GENERATOR, typingDocs } from '../../scripts/wx-apis-from-typings.ts';
import { wxApis, wxOpenTypes } from './wx-apis.ts';

const here = (f: string): unknown => JSON.parse(readFileSync(new URL(f, import.meta.url), 'utf8'));

describe('wx-apis.json', () => {
  it('validates against its schema, and the schema can fail', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(here('./schemas/wx-apis.schema.json') as object);
    expect(validate(here('./wx-apis.json'))).toBe(true);
    expect(validate({ $comment: '', apis: [{ api: 'getLocation', dataTypes: [], zh: '', en: '', privacyApi: false, scope: 'userLocation', permissionKey: null, requiredPrivateInfo: true, inTypings: true, sources: ['x'] }] })).toBe(false);
  });

  it('maps only to known data types', () => {
    const ids = new Set(dataTypes().map((d) => d.id));
    for (const a of wxApis().values()) for (const d of a.dataTypes) expect(ids, `${a.api} → ${d}`).toContain(d);
    for (const o of wxOpenTypes().values()) for (const d of o.dataTypes) expect(ids, `${o.openType} → ${d}`).toContain(d);
    expect(wxOpenTypes().get('getPhoneNumber')?.dataTypes).toEqual(['device.phone-number']);
  });

  it('names methods of `interface Wx` in the official typings (miniprogram-api-typings)', () => {
    const file = createRequire(import.meta.url).resolve('miniprogram-api-typings/types/wx/lib.wx.api.d.ts');
    const text = readFileSync(file, 'utf8');
    const wx = text.slice(text.indexOf('    interface Wx {'));
    const methods = new Set([...wx.matchAll(/^ {8}([a-zA-Z]+)\s*[<(]/gm)].map((m) => m[1]));
    const inTypings = [...wxApis().values()].filter((a) => a.inTypings);
    expect(inTypings.length).toBeGreaterThan(30);
    for (const a of inTypings) expect(methods.has(a.api), a.api).toBe(true);
    // The eight APIs app.json's requiredPrivateInfos accepts (reference/configuration/app.html).
    const required = [...wxApis().values()].filter((a) => a.requiredPrivateInfo).map((a) => a.api).sort();
    expect(required).toEqual(['chooseAddress', 'chooseLocation', 'choosePoi', 'getFuzzyLocation', 'getLocation', 'onLocationChange', 'startLocationUpdate', 'startLocationUpdateBackground']);
  });

  it('holds exactly what the generator takes from the typings (description and page of each API)', () => {
    const generated = [...wxApis().values()].filter((a) => a.generatedBy === GENERATOR);
    expect(generated.length).toBeGreaterThanOrEqual(15);
    expect(generated).toEqual(generatedEntries());
    const docs = typingDocs();
    // Every catalogued API the typings know has its page there; the hand-written entries cite the same page.
    for (const a of wxApis().values()) if (a.inTypings) expect(docs.has(a.api), a.api).toBe(true);
    for (const a of wxApis().values()) if (a.inTypings && docs.get(a.api)?.url.includes('/api/')) expect(a.sources.some((x) => x.startsWith('https://developers.weixin.qq.com/')), a.api).toBe(true);
  });
});
