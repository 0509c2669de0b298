// A small tolerant parser for plain-text XML (an AAR's AndroidManifest.xml). It keeps elements, attributes
// and line numbers, skips prolog, comments, CDATA, DOCTYPE and text; prefixes bound to the Android namespace
// are renamed `android` so the manifest reads the same as a compiled one.
import { ErrorCode, PiscopeError } from '../errors.ts';
import { ANDROID_NS } from '../formats/axml/parse-axml.ts';
import type { XmlElement } from './types.ts';

const MAX_DEPTH = 256;

interface Open {
  tag: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  line: number;
  androidPrefixes: Set<string>;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16) % 0x110000);
    if (e.startsWith('#')) return String.fromCodePoint(Number.parseInt(e.slice(1), 10) % 0x110000);
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e] ?? '';
  });
}

export function parseTextXml(text: string, file: string): XmlElement {
  const fail = (msg: string, at: number): never => {
    throw new PiscopeError(ErrorCode.AXML_MALFORMED, msg, { structure: 'xml', offset: at, file });
  };
  let line = 1;
  let lineAt = 0;
  const lineOf = (at: number): number => {
    for (; lineAt < at; lineAt++) if (text.charCodeAt(lineAt) === 10) line++;
    return line;
  };
  const stack: Open[] = [];
  let root: XmlElement | null = null;
  const close = (): void => {
    const o = stack.pop()!;
    const el: XmlElement = { tag: o.tag, attrs: o.attrs, children: o.children, line: o.line };
    const parent = stack.at(-1);
    if (parent !== undefined) parent.children.push(el);
    else root ??= el;
  };
  let p = 0;
  while (p < text.length) {
    const lt = text.indexOf('<', p);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const e = text.indexOf('-->', lt + 4);
      p = e < 0 ? text.length : e + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const e = text.indexOf(']]>', lt);
      p = e < 0 ? text.length : e + 3;
    } else if (text.startsWith('<?', lt) || text.startsWith('<!', lt)) {
      const e = text.indexOf('>', lt);
      p = e < 0 ? text.length : e + 1;
    } else if (text.startsWith('</', lt)) {
      const e = text.indexOf('>', lt);
      const name = text.slice(lt + 2, e < 0 ? text.length : e).trim();
      // Tolerant: close up to the matching open element, if any.
      const idx = stack.map((o) => o.tag).lastIndexOf(name.includes(':') ? name.slice(name.indexOf(':') + 1) : name);
      if (idx >= 0) while (stack.length > idx) close();
      p = e < 0 ? text.length : e + 1;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(lt, lt + 256));
      if (m === null) {
        p = lt + 1;
        continue;
      }
      const qname = m[1]!;
      const at = lineOf(lt);
      const attrRe = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')|\s*(\/?>)/y;
      attrRe.lastIndex = lt + m[0].length;
      const raw: [string, string][] = [];
      let selfClose = false;
      let ended = false;
      for (;;) {
        const a = attrRe.exec(text);
        if (a === null) break;
        if (a[5] !== undefined) {
          selfClose = a[5] === '/>';
          ended = true;
          p = attrRe.lastIndex;
          break;
        }
        raw.push([a[1]!, decodeEntities(a[3] ?? a[4] ?? '')]);
      }
      if (!ended) fail(`unterminated or malformed tag <${qname}>`, lt);
      const androidPrefixes = new Set(stack.at(-1)?.androidPrefixes ?? []);
      for (const [k, v] of raw) if (k.startsWith('xmlns:') && v === ANDROID_NS) androidPrefixes.add(k.slice(6));
      const attrs: Record<string, string> = {};
      for (const [k, v] of raw) {
        if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
        const c = k.indexOf(':');
        const key = c > 0 && androidPrefixes.has(k.slice(0, c)) ? `android:${k.slice(c + 1)}` : k;
        if (!Object.hasOwn(attrs, key)) attrs[key] = v;
      }
      if (stack.length >= MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`, lt);
      const tag = qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname;
      stack.push({ tag, attrs, children: [], line: at, androidPrefixes });
      if (selfClose) close();
    }
  }
  while (stack.length > 0) close();
  if (root === null) return fail('no element in the document', 0);
  return root;
}
