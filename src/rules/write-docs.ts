// Rewrites docs/rules from the rules' metadata: `node src/rules/write-docs.ts`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogDoc, ruleDoc } from './docs.ts';
import { ALL_RULES } from './index.ts';

const dir = join(import.meta.dirname, '..', '..', 'docs', 'rules');
mkdirSync(dir, { recursive: true });
for (const r of ALL_RULES) writeFileSync(join(dir, `${r.meta.id}.md`), ruleDoc(r));
writeFileSync(join(dir, 'README.md'), catalogDoc());
