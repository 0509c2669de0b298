import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import labels from './labels.json' with { type: 'json' };
import { categoryName, clauseTitle, dataTypeName } from './labels.ts';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared');
const hasShared = existsSync(join(SHARED, 'reference'));

describe('labels', () => {
  it.skipIf(!hasShared)('agree with the shared catalogues', () => {
    const catalog = JSON.parse(readFileSync(join(SHARED, 'reference', 'rules-catalog.json'), 'utf8')) as { id: string; title_zh: string; summary_en: string }[];
    expect(Object.keys(labels.clauses).sort()).toEqual(catalog.map((c) => c.id).sort());
    for (const c of catalog) expect(clauseTitle(c.id)).toEqual({ zh: c.title_zh, en: c.summary_en });
    const types = (JSON.parse(readFileSync(join(SHARED, 'spec', 'data-types.json'), 'utf8')) as { types: { id: string; zh: string; en: string }[] }).types;
    expect(Object.keys(labels.dataTypes).sort()).toEqual(types.map((t) => t.id).sort());
    for (const t of types) expect(dataTypeName(t.id)).toEqual({ zh: t.zh, en: t.en });
    const cats = JSON.parse(readFileSync(join(SHARED, 'reference', 'necessary-scope.json'), 'utf8')) as { code: string; name_zh: string }[];
    expect(cats).toHaveLength(39);
    for (const c of cats) expect(categoryName(c.code).zh).toBe(c.name_zh);
  });

  it('falls back to the id for unknown ids', () => {
    expect(clauseTitle('XX-9')).toEqual({ zh: 'XX-9', en: 'XX-9' });
    expect(dataTypeName('device.new')).toEqual({ zh: 'device.new', en: 'device.new' });
    expect(clauseTitle('RD-3.1').zh).toContain('征得用户同意前');
  });
});
