// Hostile input: random bytes and pathological markup end in a result or a typed PiscopeError, never a crash
// or a hang (each case must simply finish; no timings are asserted).
import { describe, expect, it } from 'vitest';
import { PiscopeError } from '../errors.ts';
import { analyzePolicy, analyzePolicyText } from './analyze.ts';
import { htmlToText } from './html-text.ts';

function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) & 0x7fffffff;
    return a / 0x7fffffff;
  };
}

describe('hostile policy input', () => {
  it('random bytes under every supported name give a result or a typed error', async () => {
    const r = prng(42);
    for (const name of ['x.html', 'x.txt', 'x.md', 'x.pdf']) {
      for (let k = 0; k < 5; k++) {
        const bytes = new Uint8Array(2000 + Math.floor(r() * 4000)).map(() => Math.floor(r() * 256));
        if (name.endsWith('.pdf')) bytes.set([0x25, 0x50, 0x44, 0x46, 0x2d], 0);
        try {
          const p = await analyzePolicy({ bytes, name });
          expect(p.garbled).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(PiscopeError);
        }
      }
    }
  });

  it('empty and oversized input are typed errors', async () => {
    await expect(analyzePolicy({ bytes: new Uint8Array(0), name: 'e.txt' })).rejects.toBeInstanceOf(PiscopeError);
    await expect(analyzePolicy({ bytes: new Uint8Array(21 * 1024 * 1024), name: 'big.txt' })).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE' });
  });

  it('pathological markup finishes', () => {
    expect(htmlToText('<'.repeat(200_000))).toBe('<'.repeat(200_000).replace(/\s+/g, ' '));
    expect(htmlToText('<script>' + 'x'.repeat(100_000))).toBe('');
    expect(htmlToText('<td>'.repeat(50_000) + '隐私')).toContain('隐私');
    expect(htmlToText('<!--' + '-'.repeat(100_000))).toBe('');
    expect(htmlToText('&#99999999;&#xD800;&bogus;')).toBe('&#99999999;&#xD800;&bogus;');
  });

  it('one enormous line without punctuation finishes', () => {
    const line = '我们会收集您的位置信息和设备信息'.repeat(20_000);
    const p = analyzePolicyText(line, 'long.txt');
    expect(p.declaredDataTypes).toContain('location.precise');
  });
});
