import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogDoc, HEADINGS, ruleDoc } from './docs.ts';
import { ALL_RULES } from './index.ts';

const DIR = join(import.meta.dirname, '..', '..', 'docs', 'rules');

describe('docs/rules', () => {
  it('has exactly one page per rule plus the catalogue', () => {
    expect(readdirSync(DIR).sort()).toEqual(['README.md', ...ALL_RULES.map((r) => `${r.meta.id}.md`)].sort());
  });
  it('matches the metadata (run `node src/rules/write-docs.ts` after changing a rule)', () => {
    for (const r of ALL_RULES) expect(readFileSync(join(DIR, `${r.meta.id}.md`), 'utf8'), r.meta.id).toBe(ruleDoc(r));
    expect(readFileSync(join(DIR, 'README.md'), 'utf8')).toBe(catalogDoc());
  });
  it('gives every page its id in the title and the headings in order', () => {
    for (const r of ALL_RULES) {
      const doc = ruleDoc(r);
      expect(doc.startsWith(`# ${r.meta.id}:`)).toBe(true);
      const at = HEADINGS.map((h) => doc.indexOf(`\n## ${h}\n`));
      expect(at.every((i) => i > 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    }
  });
});
