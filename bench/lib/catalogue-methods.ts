// The methods of the sensitive-API catalogue (src/knowledge/sensitive-apis.json) as androguard queries:
// [class descriptor, method name, prototype or null for every overload].
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FILE = resolve(import.meta.dirname, '..', '..', 'src', 'knowledge', 'sensitive-apis.json');

export function catalogueMethods(): [string, string, string | null][] {
  const j = JSON.parse(readFileSync(FILE, 'utf8')) as { apis: { kind: string; signature?: string }[] };
  const out: [string, string, string | null][] = [];
  for (const a of j.apis) {
    if (a.kind !== 'method' || a.signature === undefined) continue;
    const m = /^(L[^;]+;)->([^(*]+)(\*|\(.*)$/.exec(a.signature);
    if (m === null) throw new Error(`sensitive-apis.json: cannot read signature ${a.signature}`);
    out.push([m[1]!, m[2]!, m[3] === '*' ? null : m[3]!]);
  }
  if (out.length === 0) throw new Error(`${FILE}: no method entries`);
  return out;
}
