// The text report on real apps of ../shared/corpus/real-apps (skipped when ../shared is absent): it fits a
// terminal, Chinese breaks between words, one owner's pre-consent reads are one finding, and only the app's
// own code reads as the app.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cut } from '@node-rs/jieba';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/helpers/paths.ts';
import { displayWidth } from '../report/terminal.ts';
import { TEXT_WIDTH, textReporter } from '../report/text-reporter.ts';
import { scan } from './scan.ts';

const REAL = join(ROOT, '..', 'shared', 'corpus', 'real-apps', 'files');
const APPS = existsSync(REAL) ? readdirSync(REAL).filter((f) => f.endsWith('.apk')).sort() : [];

describe.runIf(APPS.length > 0)('text reports of real apps (../shared/corpus/real-apps)', () => {
  for (const name of APPS) {
    it(name, { timeout: 120_000 }, async () => {
      const path = join(REAL, name);
      const r = await scan({ bytes: new Uint8Array(readFileSync(path)), path: name });
      const text = textReporter(r, { color: false });
      for (const line of text.split('\n')) {
        const w = displayWidth(line);
        if (w <= TEXT_WIDTH) continue;
        // Wider only by one unbreakable token (a smali method), after a short lead ("│     → ").
        const longest = line.trim().split(/\s+/).reduce((a, b) => (displayWidth(b) > displayWidth(a) ? b : a), '');
        expect(w - displayWidth(longest), line).toBeLessThanOrEqual(30);
      }
      // Chinese wraps between words, as the segmenter cuts them: a line ending in Chinese text and the next one
      // going on with it never part inside a word (通讯|录).
      const lines = text.split('\n');
      for (let i = 0; i + 1 < lines.length; i++) {
        const tail = /[\p{Script=Han}]+$/u.exec(lines[i]!)?.[0];
        const head = /^ *([\p{Script=Han}]+)/u.exec(lines[i + 1]!)?.[1];
        if (tail === undefined || head === undefined) continue;
        let at = 0;
        const starts = new Set(cut(tail + head, true).map((w) => (at += w.length) - w.length));
        expect(starts.has(tail.length), `${lines[i]!}\n${lines[i + 1]!}`).toBe(true);
      }
      // One finding per owner and level of certainty: no two pre-consent findings of the same severity and
      // confidence name the same owner.
      const keys = r.findings.filter((f) => f.ruleId === 'collection-before-consent').map((f) => `${f.severity}|${f.confidence}|${f.sdk ?? f.message.en.split(' collects')[0]!.split(' code ')[0]!}`);
      expect(new Set(keys).size, keys.join('\n')).toBe(keys.length);
      // Only calls of the app's own code are worded as the app's, in the data-type table too.
      const appTypes = new Set(r.apiCalls.filter((c) => c.callerOwner.party === 'app' && c.reachable !== false).map((c) => c.dataType));
      for (const d of r.dataTypes) expect(d.collectedBy.includes('app'), d.id).toBe(appTypes.has(d.id));
    });
  }
});
