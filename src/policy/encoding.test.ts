// Encodings are detected, not assumed: GBK, UTF-16 with and without BOM; mojibake is reported, not analysed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePolicy } from './analyze.ts';
import { decodeText } from './decode.ts';
import { detectGarbled } from './garbled.ts';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'policies');
const source = readFileSync(join(DIR, 'sdk-prose.txt'), 'utf8');

/** A GBK encoder built from the platform's own GBK decoder (Node has no GBK encoder). */
function encodeGbk(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const b = table.get(ch);
      if (b === undefined) throw new Error(`no GBK code for ${ch}`);
      out.push(...b);
    }
  }
  return new Uint8Array(out);
}

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  if (bigEndian) for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return new Uint8Array(le);
}

describe('encoding detection', () => {
  it('reads GBK bytes as GB18030 and analyses them like UTF-8', async () => {
    const bytes = encodeGbk(source);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const p = await analyzePolicy({ bytes, name: 'gbk.txt' });
    expect(p.encoding).toBe('gb18030');
    expect(p.garbled).toBe(false);
    expect(p.text).toBe(source);
    expect(p.declaredSdks).toContain('umeng-analytics');
  });

  it('reads UTF-16 with a BOM (both byte orders) and without one', () => {
    expect(decodeText(utf16(source, false, true))).toEqual({ text: source, encoding: 'utf-16le' });
    expect(decodeText(utf16(source, true, true))).toEqual({ text: source, encoding: 'utf-16be' });
    expect(decodeText(utf16(source, false, false))).toEqual({ text: source, encoding: 'utf-16le' });
    expect(decodeText(utf16(source, true, false))).toEqual({ text: source, encoding: 'utf-16be' });
  });

  it('reads BOM-less UTF-16 of pure hanzi, which has almost no NUL bytes', () => {
    const hanzi = '我们会收集您的位置信息和设备信息用于提供天气服务我们不会收集您的通讯录';
    expect(decodeText(utf16(hanzi, false, false))).toEqual({ text: hanzi, encoding: 'utf-16le' });
    expect(decodeText(utf16(hanzi, true, false))).toEqual({ text: hanzi, encoding: 'utf-16be' });
    // And GBK of the same text is still GBK.
    expect(decodeText(encodeGbk(hanzi)).encoding).toBe('gb18030');
  });

  it('reads UTF-8 with and without a BOM', () => {
    const utf8 = new TextEncoder().encode(source);
    expect(decodeText(utf8)).toEqual({ text: source, encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text: source, encoding: 'utf-8' });
  });

  it('reads a UTF-16 HTML policy through the whole pipeline', async () => {
    const html = readFileSync(join(DIR, 'full.html'), 'utf8');
    const p = await analyzePolicy({ bytes: utf16(html, false, false), name: 'full.html' });
    expect(p.encoding).toBe('utf-16le');
    expect(p.hasAccountDeletion).toBe(true);
  });
});

describe('mojibake', () => {
  const utf8 = new TextEncoder().encode(source);

  it('reports UTF-8 text that was read as GBK and saved again', async () => {
    const moji = new TextDecoder('gbk').decode(utf8);
    expect(detectGarbled(moji).garbled).toBe(true);
    const p = await analyzePolicy({ text: moji, name: 'moji.txt' });
    expect(p.garbled).toBe(true);
    expect(p.garbledReason).not.toBeNull();
    // Without the replacement characters, the rare-hanzi test alone still catches it.
    expect(detectGarbled(moji.replace(/\ufffd/g, '')).reason).toMatch(/common characters/);
    // Nothing is answered from noise.
    expect(p.hasContact).toBeNull();
    expect(p.declaredDataTypes).toEqual([]);
  });

  it('reports UTF-8 text that was read as Latin-1', () => {
    const moji = new TextDecoder('latin1').decode(utf8);
    const g = detectGarbled(moji);
    expect(g.garbled).toBe(true);
    expect(g.reason).toMatch(/Latin-1/);
  });

  it('reports replacement characters from damaged bytes', async () => {
    const damaged = new Uint8Array(utf8);
    for (let i = 10; i < damaged.length; i += 40) damaged[i] = 0xff;
    const p = await analyzePolicy({ bytes: damaged, name: 'damaged.txt' });
    expect(p.garbled).toBe(true);
  });

  it('does not flag traditional Chinese', () => {
    const trad = '我們會收集您的個人資訊，包括裝置識別碼、位置資訊與聯絡人。本政策說明我們如何處理、儲存與保護這些資料，以及您的權利。'.repeat(5);
    expect(detectGarbled(trad).garbled).toBe(false);
  });

  it('does not flag a clean policy', () => {
    expect(detectGarbled(source).garbled).toBe(false);
    expect(detectGarbled(readFileSync(join(DIR, 'full.html'), 'utf8')).garbled).toBe(false);
  });
});
