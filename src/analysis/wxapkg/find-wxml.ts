// Finds `<button open-type="…">` and `<input type="nickname">` with their event handlers in a mini-program's
// compiled WXML. A package holds no
// .wxml: WeChat's compiler (wcc) turns each template into JavaScript in page-frame.html (older packages),
// app-wxss.js or page-frame.js (newer ones, and each subpackage's own). Its shape, read on the corpus packages:
//   var x=['./pages/a/a.wxml', …]                          the template files of the block
//   (function(z){var a=11;function Z(ops){z.push(ops)} Z([3,'getPhoneNumber']) …})(…ops_cached.$gwx_1)
//                                                          each file's attribute values ("ops"), pushed in order
//   var m0=function(e,s,r,gg){var z=gz$gwx_1() … _mz(z,'button',['bindgetphonenumber',12,'openType',1],…)}
//   e_[x[0]]={f:m0,…}                                      template m0 renders x[0]
// An attribute list is name, index pairs: the first non-zero index is absolute into z and the base of the rest
// (as the runtime's _mz/_m read them; a first index of 0 leaves the base at 0). Older packages push into one global z and call _m(tag, attrs) / _r(node, …).
// An op is [3,'text'] (static text), [1,v] (literal), [[7],[3,'name']] (a variable), [a=11, …parts]
// (concatenation), [[2,'?:'],c,t,f] (an operator). The source line of the .wxml is not in the package: the
// evidence is the compiled file's line and column with the template's .wxml path.
// Taro and similar frameworks render every button through one generic template whose open-type is a variable;
// their JSX props (`openType:"share"`) in the JavaScript are read instead.
import { lineStarts, position } from './text-position.ts';

export interface WxmlHandler {
  /** The attribute as compiled: bindgetphonenumber, catchchooseavatar, bind:getuserinfo. */
  readonly attr: string;
  /** The page or component method it names; null when computed. */
  readonly handler: string | null;
}

export interface WxmlOpenType {
  /** The open-type; `nickname` for `<input type="nickname">` (element `input`). */
  readonly openType: string;
  readonly element: 'button' | 'input';
  /** The value was an expression (`{{…}}`) that can take this constant; not a fixed attribute. */
  readonly dynamic: boolean;
  /** `wxml`: a compiled template; `jsx`: a framework's props in JavaScript. */
  readonly source: 'wxml' | 'jsx';
  /** The template (`pages/index/index.wxml`), when the compiled block names it. */
  readonly wxml: string | null;
  /** The package file holding the compiled template or the JSX, and where in it. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly handlers: readonly WxmlHandler[];
}

export interface WxmlResult {
  readonly openTypes: WxmlOpenType[];
  readonly problems: { file: string; message: string }[];
  /** Templates read (distinct .wxml paths). */
  readonly templates: number;
  /** The static text of each compiled template (its op array's fixed strings): where a page's own text is. */
  readonly texts: { readonly file: string; readonly wxml: string | null; readonly text: string }[];
}

type Op = unknown;

const HANDLER_EVENT = /^(?:bind|catch|capture-bind|capture-catch|mut-bind):?(getphonenumber|getrealtimephonenumber|getuserinfo|chooseavatar|contact|opensetting|launchapp|agreeprivacyauthorization|error)$/i;
const JSX_HANDLER = /^on(GetPhoneNumber|GetRealtimePhoneNumber|GetUserInfo|ChooseAvatar|Contact|OpenSetting|LaunchApp|AgreePrivacyAuthorization|Error)$/;


/** Static text of an op, or null when it depends on data. */
function staticText(op: Op): string | null {
  if (!Array.isArray(op)) return null;
  if ((op[0] === 3 || op[0] === 1) && op.length === 2 && (typeof op[1] === 'string' || typeof op[1] === 'number' || typeof op[1] === 'boolean')) return String(op[1]);
  if (op[0] === 11) {
    let s = '';
    for (const p of op.slice(1)) {
      const t = staticText(p);
      if (t === null) return null;
      s += t;
    }
    return s;
  }
  return null;
}

/** Every string constant in an op (the values a `{{c ? 'getPhoneNumber' : ''}}` can take). */
function constants(op: Op, out: string[] = []): string[] {
  if (!Array.isArray(op)) return out;
  if ((op[0] === 3 || op[0] === 1) && op.length === 2 && typeof op[1] === 'string') out.push(op[1]);
  // [[7],[3,'name']] names a variable: its name is no value.
  else if (!(Array.isArray(op[0]) && op[0][0] === 7)) for (const p of op) constants(p, out);
  return out;
}

const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/**
 * Reads the literals wcc writes (arrays, numbers, quoted strings, `a`, `z[3][1]`, true/false/null) at `i`.
 * Our own reader rather than a JavaScript parser: the compiled templates sit in bundles of megabytes that a
 * full parse and AST walk takes seconds over (2.3 s and 4.7 s for zhixing's 1.6 MB app-service.js here), and
 * wcc's output is a fixed, generated grammar. Anything else ends the read (null): that op is then unknown.
 */
class LiteralReader {
  i: number;
  readonly s: string;
  readonly z: readonly Op[];
  constructor(s: string, at: number, z: readonly Op[]) {
    this.s = s;
    this.i = at;
    this.z = z;
  }
  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }
  value(depth = 0): Op {
    if (depth > 200) throw new Error('nested too deeply');
    this.ws();
    const c = this.s[this.i];
    if (c === '[') {
      this.i++;
      const out: Op[] = [];
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        return out;
      }
      for (;;) {
        out.push(this.value(depth + 1));
        this.ws();
        const d = this.s[this.i++];
        if (d === ']') return out;
        if (d !== ',') throw new Error(`expected , or ] at ${this.i - 1}`);
      }
    }
    if (c === "'" || c === '"') return this.string(c);
    const m = /^(?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false|null|a\b|z\[)/.exec(this.s.slice(this.i, this.i + 40));
    if (m === null) throw new Error(`unexpected ${JSON.stringify(this.s.slice(this.i, this.i + 10))}`);
    this.i += m[0].length;
    if (m[0] === 'a') return 11;
    if (m[0] === 'true' || m[0] === 'false') return m[0] === 'true';
    if (m[0] === 'null') return null;
    if (m[0] === 'z[') {
      let v: Op = this.z;
      this.i--;
      while (this.s[this.i] === '[') {
        this.i++;
        // Older compilers index from the block's start in a global array: z[idx_st_+7] is the block's 7th.
        if (this.s.startsWith('idx_st_+', this.i)) this.i += 8;
        const k = this.value(depth + 1);
        if (this.s[this.i++] !== ']') throw new Error('expected ]');
        v = Array.isArray(v) && typeof k === 'number' ? v[k] : null;
      }
      return v;
    }
    return Number(m[0]);
  }
  string(q: string): string {
    let out = '';
    this.i++;
    for (;;) {
      if (this.i >= this.s.length) throw new Error('unterminated string');
      const c = this.s[this.i++]!;
      if (c === q) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++]!;
      if (e === 'x') {
        out += String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 2), 16));
        this.i += 2;
      } else if (e === 'u') {
        if (this.s[this.i] === '{') {
          const end = this.s.indexOf('}', this.i);
          out += String.fromCodePoint(parseInt(this.s.slice(this.i + 1, end), 16));
          this.i = end + 1;
        } else {
          out += String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 4), 16));
          this.i += 4;
        }
      } else if (e === '\n') continue;
      else out += ESC[e] ?? e;
    }
  }
}

/** The JavaScript string literal starting at the quote at `at`, unescaped; null when it does not close. */
export function readJsString(s: string, at: number): { value: string; end: number } | null {
  try {
    const r = new LiteralReader(s, at, []);
    const value = r.string(s[at]!);
    return { value, end: r.i };
  } catch {
    return null;
  }
}

function readLiteral(s: string, at: number, z: readonly Op[]): { value: Op; end: number } | null {
  const r = new LiteralReader(s, at, z);
  try {
    const value = r.value();
    return { value, end: r.i };
  } catch {
    return null;
  }
}

const Z_BLOCK = /\(function\((\w+)\)\{var a=11;function Z\(ops\)\{\1\.push\(ops\)\}/g;
const X_LIST = /\bvar x=\[((?:\s*(?:'[^'\\]*'|"[^"\\]*")\s*,?)*)\]/g;
const REGISTER = /\be_\[x\[(\d+)\]\]=\{f:([\w$]+)/g;
const OPENER = /\bvar ([\w$]+)=function\([\w$,]*\)\{|\bd_\[x\[(\d+)\]\]\[(?:'[^']*'|"[^"]*")\]=function\([\w$,]*\)\{/g;
const GZ = /^\s*var z=gz(\$[\w$]+)\(\)/;
// Buttons (open-type) and inputs (type="nickname"): created with their attributes (_mz/_m), or created bare
// (_n) and given attributes one by one (_rz/_r).
const ELEMENT = /\b_mz\(z,'(?<mz>button|input)',\[|\b_m\('(?<m>button|input)',\[|\bvar (?<nv>[\w$]+)=_n\('(?<n>button|input)'\)|\b_rz\(z,(?<rzv>[\w$]+),'(?<rza>[^']+)',(?<rzi>-?\d+)|\b_r\((?<rv>[\w$]+),'(?<ra>[^']+)',(?<ri>-?\d+)/g;

interface Element {
  readonly tag: 'button' | 'input';
  readonly at: number;
  readonly wxml: string | null;
  readonly attrs: Map<string, Op>;
}

/** The compiled templates of one file: its open-type buttons, each with the template it is in. */
function readCompiled(name: string, text: string, openTypes: ReadonlySet<string>, out: WxmlOpenType[], problems: WxmlResult['problems'], templates: Set<string>, texts: WxmlResult['texts']): void {
  // The ops: one array per template file (pushed into `…ops_cached.$gwx_1`) or, in older packages, one global z.
  const cached = new Map<string, Op[]>();
  const globals: { at: number; z: Op[] }[] = [];
  const skip: [number, number][] = [];
  let bad = 0;
  for (const m of text.matchAll(Z_BLOCK)) {
    const z: Op[] = [];
    let i = m.index + m[0].length;
    for (;;) {
      while (i < text.length && /[\s;]/.test(text[i]!)) i++;
      if (!text.startsWith('Z(', i)) break;
      const r = readLiteral(text, i + 2, z);
      if (r === null || text[r.end] !== ')') {
        bad++;
        z.push(null);
        // On to the next Z( statement (older compilers write them all on one line).
        const next = /[;\n]\s*Z\(/g;
        next.lastIndex = i + 2;
        const n = next.exec(text);
        if (n === null) break;
        i = n.index + 1;
        continue;
      }
      z.push(r.value);
      i = r.end + 1;
    }
    const tail = /^\s*\}\)\(([^)]*)\)/.exec(text.slice(i, i + 200));
    const key = tail === null ? null : /ops_cached\.(\$[\w$]+)$/.exec(tail[1]!.trim());
    if (key !== null && key !== undefined) cached.set(key[1]!, z);
    else globals.push({ at: m.index, z });
    skip.push([m.index, i]);
  }
  if (bad > 0) problems.push({ file: name, message: `compiled WXML: ${bad} attribute value(s) not read (not the compiler's literal form)` });
  const lists: { at: number; files: string[] }[] = [];
  for (const m of text.matchAll(X_LIST)) {
    const files = [...m[1]!.matchAll(/'([^'\\]*)'|"([^"\\]*)"/g)].map((q) => (q[1] ?? q[2]!).replace(/^\.\//, ''));
    if (files.some((f) => f.endsWith('.wxml'))) {
      lists.push({ at: m.index, files });
      for (const f of files) if (f.endsWith('.wxml')) templates.add(f);
    }
  }
  const listAt = (off: number): { at: number; files: string[] } | undefined => {
    let best: { at: number; files: string[] } | undefined;
    for (const l of lists) if (l.at <= off) best = l;
    return best;
  };
  const registered = new Map<string, string>();
  for (const m of text.matchAll(REGISTER)) {
    const l = listAt(m.index);
    const f = l?.files[Number(m[1])];
    if (l !== undefined && f !== undefined) registered.set(`${l.at}:${m[2]}`, f);
  }
  // Template functions in file order: what renders from here on, and with which ops.
  const openers: { at: number; wxml: string; z: Op[] | null }[] = [];
  for (const m of text.matchAll(OPENER)) {
    const l = listAt(m.index);
    if (l === undefined) continue;
    const wxml = m[1] !== undefined ? registered.get(`${l.at}:${m[1]}`) : l.files[Number(m[2])];
    if (wxml === undefined) continue;
    const gz = GZ.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 200));
    let z: Op[] | null = null;
    if (gz !== null) z = cached.get(gz[1]!) ?? null;
    else for (const g of globals) if (g.at <= m.index) z = g.z;
    openers.push({ at: m.index, wxml, z });
  }
  for (const z of [...cached.values(), ...globals.map((g) => g.z)]) {
    const strings = z.map((op) => (Array.isArray(op) && op[0] === 3 && typeof op[1] === 'string' ? op[1].trim() : '')).filter((x) => x !== '');
    if (strings.length > 0) texts.push({ file: name, wxml: openers.find((o) => o.z === z)?.wxml ?? null, text: strings.join('\n') });
  }
  const starts = lineStarts(text);
  const elements: Element[] = [];
  const byVar = new Map<string, Element>();
  let o = -1;
  let s = 0;
  for (const m of text.matchAll(ELEMENT)) {
    while (s < skip.length && skip[s]![1] <= m.index) s++;
    if (s < skip.length && skip[s]![0] <= m.index) continue;
    while (o + 1 < openers.length && openers[o + 1]!.at <= m.index) o++;
    const op = o >= 0 ? openers[o]! : null;
    const z = op?.z ?? null;
    const g = m.groups!;
    if (m[0].endsWith('[')) {
      const list = readLiteral(text, m.index + m[0].length - 1, []);
      if (list === null || !Array.isArray(list.value)) continue;
      const el: Element = { tag: (g.mz ?? g.m) === 'input' ? 'input' : 'button', at: m.index, wxml: op?.wxml ?? null, attrs: new Map() };
      const items = list.value as unknown[];
      let base = 0;
      for (let i = 0; i + 1 < items.length; i += 2) {
        const an = items[i];
        const ix = items[i + 1];
        if (typeof an !== 'string' || typeof ix !== 'number') continue;
        if (base + ix < 0) el.attrs.set(an, [1, true]);
        else {
          el.attrs.set(an, z?.[base + ix] ?? null);
          if (base === 0) base = ix;
        }
      }
      elements.push(el);
    } else if (g.nv !== undefined) {
      const el: Element = { tag: g.n === 'input' ? 'input' : 'button', at: m.index + m[0].indexOf('_n('), wxml: op?.wxml ?? null, attrs: new Map() };
      byVar.set(`${o}:${g.nv}`, el);
      elements.push(el);
    } else {
      const el = byVar.get(`${o}:${g.rzv ?? g.rv!}`);
      const ix = Number(g.rzi ?? g.ri);
      if (el !== undefined) el.attrs.set(g.rza ?? g.ra!, ix < 0 ? [1, true] : (z?.[ix] ?? null));
    }
  }

  for (const el of elements) {
    if (el.tag === 'input') {
      nicknameInput(el, name, starts, out);
      continue;
    }
    const ot = el.attrs.get('openType') ?? el.attrs.get('open-type');
    if (ot === undefined) continue;
    const fixed = staticText(ot);
    const values = fixed !== null ? fixed.split(/\s+/).filter((v) => openTypes.has(v)) : [...new Set(constants(ot))].filter((v) => openTypes.has(v));
    if (values.length === 0) continue;
    const handlers: WxmlHandler[] = [];
    for (const [attr, op] of el.attrs) {
      if (!HANDLER_EVENT.test(attr)) continue;
      let h = staticText(op);
      // uni-app binds every event to `__e` and names the method in data-event-opts.
      if (h === '__e') h = constants(el.attrs.get('data-event-opts')).find((c) => !HANDLER_EVENT.test(`bind${c}`) && /^[A-Za-z_$][\w$]*$/.test(c)) ?? h;
      handlers.push({ attr, handler: h });
    }
    const pos = position(starts, el.at);
    for (const v of values) out.push({ openType: v, element: 'button', dynamic: fixed === null, source: 'wxml', wxml: el.wxml, file: name, line: pos.line, column: pos.column, handlers });
  }
}

const INPUT_EVENT = /^(?:bind|catch|capture-bind|capture-catch|mut-bind):?(blur|input|change|confirm|nicknamereview)$/i;

/**
 * `<input type="nickname">`: WeChat's nickname field, which offers the user's WeChat nickname above the
 * keyboard (personal information handed to the page, like open-type="chooseAvatar"). Reported as the
 * pseudo open-type `nickname` with its handlers (where the value arrives), `element: 'input'`.
 */
function nicknameInput(el: Element, name: string, starts: readonly number[], out: WxmlOpenType[]): void {
  const t = el.attrs.get('type');
  if (t === undefined) return;
  const fixed = staticText(t);
  if (fixed !== null ? fixed.trim() !== 'nickname' : !constants(t).includes('nickname')) return;
  const handlers: WxmlHandler[] = [];
  for (const [attr, op] of el.attrs) {
    if (!INPUT_EVENT.test(attr)) continue;
    let h = staticText(op);
    if (h === '__e') h = constants(el.attrs.get('data-event-opts')).find((c) => !INPUT_EVENT.test(`bind${c}`) && /^[A-Za-z_$][\w$]*$/.test(c)) ?? h;
    handlers.push({ attr, handler: h });
  }
  const pos = position(starts, el.at);
  out.push({ openType: 'nickname', element: 'input', dynamic: fixed === null, source: 'wxml', wxml: el.wxml, file: name, line: pos.line, column: pos.column, handlers });
}

/** The object literal holding the property at `at` (nested braces skipped, 600 characters each way at most). */
function objectAround(js: string, at: number): string | null {
  let depth = 0;
  let start = -1;
  for (let i = at; i >= Math.max(0, at - 600); i--) {
    const c = js[i];
    if (c === '}') depth++;
    else if (c === '{' && depth-- === 0) {
      start = i;
      break;
    }
  }
  if (start < 0) return null;
  depth = 0;
  for (let i = start + 1; i < Math.min(js.length, at + 600); i++) {
    const c = js[i];
    if (c === '{') depth++;
    else if (c === '}' && depth-- === 0) return js.slice(start, i + 1);
  }
  return null;
}

/** How a found component is named in evidence: `button[open-type=getPhoneNumber]`, `input[type=nickname]`. */
export function componentName(b: { readonly element?: 'button' | 'input'; readonly openType: string }): string {
  return b.element === 'input' ? `input[type=${b.openType}]` : `button[open-type=${b.openType}]`;
}

/** JSX props of a framework's Button (`{className:…, openType:"getPhoneNumber", onGetPhoneNumber:…}`). */
function readJsx(name: string, js: string, openTypes: ReadonlySet<string>, out: WxmlOpenType[]): void {
  const re = /\bopenType\s*:\s*(["'])([A-Za-z]+)\1/g;
  let starts: number[] | null = null;
  for (let m = re.exec(js); m !== null; m = re.exec(js)) {
    if (!openTypes.has(m[2]!)) continue;
    starts ??= lineStarts(js);
    // The handlers are sibling props in the same object literal: read forward to its end, at most 600 chars.
    const around = js.slice(Math.max(0, m.index - 600), Math.min(js.length, m.index + 600));
    const handlers: WxmlHandler[] = [];
    for (const h of around.matchAll(/\b(on[A-Z][A-Za-z]+)\s*:\s*(?:this\.)?([A-Za-z_$][\w$.]*)?/g)) {
      if (JSX_HANDLER.test(h[1]!)) handlers.push({ attr: h[1]!, handler: h[2] ?? null });
    }
    const pos = position(starts, m.index);
    out.push({ openType: m[2]!, element: 'button', dynamic: false, source: 'jsx', wxml: null, file: name, line: pos.line, column: pos.column, handlers });
  }
  // Taro's <Input type="nickname">: the props object of an input (another object's `type: "nickname"` has no
  // input's handlers or placeholder beside it).
  const nick = /\btype\s*:\s*(["'])nickname\1/g;
  for (let m = nick.exec(js); m !== null; m = nick.exec(js)) {
    const around = objectAround(js, m.index);
    if (around === null) continue;
    const handlers: WxmlHandler[] = [];
    for (const h of around.matchAll(/\b(on(?:Blur|Input|Change|Confirm|NickNameReview|NicknameReview))\s*:\s*(?:this\.)?([A-Za-z_$][\w$.]*)?/g)) handlers.push({ attr: h[1]!, handler: h[2] ?? null });
    if (handlers.length === 0 && !/\bplaceholder\s*:/.test(around)) continue;
    starts ??= lineStarts(js);
    const pos = position(starts, m.index);
    out.push({ openType: 'nickname', element: 'input', dynamic: false, source: 'jsx', wxml: null, file: name, line: pos.line, column: pos.column, handlers });
  }
}

/**
 * Open-type buttons of a package's files. A template compiled into several files (app-service.js repeats
 * some) is counted once, from the first file that holds it: view-layer files come first.
 */
export function findWxmlOpenTypes(files: readonly { name: string; text: string }[], openTypes: ReadonlySet<string>): WxmlResult {
  const out: WxmlOpenType[] = [];
  const problems: WxmlResult['problems'] = [];
  const templates = new Set<string>();
  const texts: WxmlResult['texts'] = [];
  const rank = (n: string): number => (/(?:^|\/)(?:page-frame\.html|page-frame\.js|app-wxss\.js|pageframe\.js)$/.test(n) ? 0 : /\.webview\.js$/.test(n) ? 1 : 2);
  const ordered = [...files].sort((a, b) => rank(a.name) - rank(b.name));
  const seenWxml = new Set<string>();
  for (const f of ordered) {
    const html = /\.html?$/i.test(f.name);
    if (!html && !f.name.endsWith('.js')) continue;
    if (f.text.includes('function Z(ops)')) {
      const found: WxmlOpenType[] = [];
      readCompiled(f.name, f.text, openTypes, found, problems, templates, seenWxml.size === 0 || rank(f.name) < 2 ? texts : []);
      const here = new Set(found.map((x) => x.wxml).filter((x) => x !== null));
      out.push(...found.filter((x) => x.wxml === null || !seenWxml.has(x.wxml)));
      for (const w of here) seenWxml.add(w);
    }
    if (!html && (f.text.includes('openType') || f.text.includes('nickname'))) readJsx(f.name, f.text, openTypes, out);
  }
  return { openTypes: out, problems, templates: templates.size, texts };
}
