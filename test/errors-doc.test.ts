import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, PiscopeError, describeError } from '../src/errors.ts';
import { ROOT } from './helpers/paths.ts';

describe('error codes', () => {
  it('docs/errors.md lists exactly the codes of src/errors.ts', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ErrorCode).sort());
  });
  it('every code maps to itself, so codes are stable strings', () => {
    for (const [k, v] of Object.entries(ErrorCode)) expect(v).toBe(k);
  });
  it('a message names the structure, the offset and the file', () => {
    const e = new PiscopeError(ErrorCode.DEX_INDEX_OUT_OF_RANGE, 'method index 9000 not in [0, 812)', { structure: 'dex.method_ids', offset: 0x1f4 });
    expect(describeError(e, 'app.apk')).toBe('app.apk: dex.method_ids: method index 9000 not in [0, 812) at 0x1f4 [DEX_INDEX_OUT_OF_RANGE]');
  });
});
