// Finds calls of WeChat APIs (`wx.getLocation(...)`) in a mini-program's JavaScript with a real parser (oxc),
// following what the bundlers do to `wx`: aliases (`var t = wx`, `const o = () => wx; o().getLocation()`),
// `wx['getLocation']`, webpack's interop getter (`o = n.n(n(92954)); o().getLocation()`), the IIFE parameter
// uni-app binds (`(function (uni) {…}).call(this, n(1)["default"])`) and the Taro/uni runtime modules (by
// marker). Scope-aware: a name means what its nearest binding says, so a game engine's `touch.getLocation()` or
// a local `o` that is something else is never counted.
import { parseSync } from 'oxc-parser';
import { lineStarts, position } from './text-position.ts';

export type WxVia = 'wx' | 'alias' | 'computed' | 'taro' | 'uni';

export interface WxCall {
  readonly api: string;
  readonly file: string;
  /** 1-based line and column in the file as packaged (a minified bundle is one long line: the column says where). */
  readonly line: number;
  readonly column: number;
  /** How the receiver was known to be the API object. */
  readonly via: WxVia;
  /** The call as written, shortened. */
  readonly text: string;
  /**
   * The functions it is written in, outermost first, by the name they are given (`onLaunch`, `getLoc`) or, for a
   * callback, `cb:` and the method it is handed to (`cb:showModal`, `cb:then`): lexical, not a call graph.
   */
  readonly context: readonly string[];
  /** For each entry of context: the start of the object literal it is a method of (`Page({onShow() {…}})`), or null. */
  readonly owners: readonly (number | null)[];
}

/** `this.initLocation()` (or through `var t = this`) inside a method: which method of its object it calls. */
export interface ThisCall {
  readonly file: string;
  readonly context: readonly string[];
  readonly owners: readonly (number | null)[];
  readonly method: string;
}

export interface WxCallResult {
  readonly calls: WxCall[];
  readonly thisCalls: ThisCall[];
  /** Files that could not be parsed whole (the rest of each is still searched), or not at all. */
  readonly problems: { file: string; message: string }[];
}

// What runtime modules of the frameworks contain, that nothing else does.
const MODULE_MARKERS: readonly { marker: string; via: WxVia }[] = [
  { marker: 'initNativeApi', via: 'taro' }, // @tarojs/taro: hooks.call("initNativeApi", taro)
  { marker: '__DC_STAT_UUID', via: 'uni' }, // @dcloudio/uni-mp-weixin runtime: its device-id storage key
  { marker: 'requireNativePlugin', via: 'uni' }, // … and its stub of the App-only API, in older runtimes
];

type Node = { type: string; start: number; end: number } & Record<string, unknown>;

interface Scope {
  readonly parent: Scope | null;
  readonly vars: Map<string, Binding>;
}

interface Binding {
  kind: 'var' | 'fn' | 'param' | 'opaque' | 'require';
  readonly name: string;
  /** Initialisers and assignments, each with the scope it is evaluated in. */
  readonly values: { expr: Node; scope: Scope }[];
  fn?: Node;
  index?: number;
}

interface Site {
  readonly member: Node;
  readonly scope: Scope;
  readonly api: string;
  readonly context: readonly string[];
  readonly owners: readonly (number | null)[];
}

type Value = { k: 'api'; via: WxVia } | { k: 'getter'; via: WxVia } | null;

const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';
const isFactory = (x: Node): boolean => (x.type === 'FunctionExpression' || x.type === 'ArrowFunctionExpression') && (x.params as Node[]).length >= 2;
const FUNCTION = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

function unwrap(n: Node): Node {
  let x = n;
  while (x.type === 'ParenthesizedExpression' || x.type === 'ChainExpression' || x.type === 'TSAsExpression') x = x.expression as Node;
  return x;
}

function propName(m: Node): string | null {
  const p = m.property as Node;
  if (m.computed !== true) return p.type === 'Identifier' ? (p.name as string) : null;
  const u = unwrap(p);
  return u.type === 'Literal' && typeof u.value === 'string' ? u.value : null;
}

function patternNames(p: Node | null | undefined, out: string[]): string[] {
  if (p === null || p === undefined) return out;
  switch (p.type) {
    case 'Identifier':
      out.push(p.name as string);
      break;
    case 'AssignmentPattern':
      patternNames(p.left as Node, out);
      break;
    case 'RestElement':
      patternNames(p.argument as Node, out);
      break;
    case 'ArrayPattern':
      for (const e of p.elements as (Node | null)[]) patternNames(e, out);
      break;
    case 'ObjectPattern':
      for (const q of p.properties as Node[]) patternNames(q.type === 'RestElement' ? q : (q.value as Node), out);
      break;
  }
  return out;
}


/** One package's JavaScript files, analysed together: a subpackage requires modules of the main package. */
export function findWxCalls(files: readonly { name: string; text: string }[], apis: ReadonlySet<string>): WxCallResult {
  const problems: { file: string; message: string }[] = [];
  const thisCalls: ThisCall[] = [];
  const apiModules = new Map<string, WxVia>();
  const scopeOfFunction = new Map<Node, Scope>();
  const parsed: { name: string; text: string; sites: Site[]; iife: Map<Node, { expr: Node; scope: Scope }[]> }[] = [];

  // A file naming no API and no runtime marker can hold no call site and no alias another file uses: not parsed
  // (app-wxss.js, a megabyte of generated style code, is the usual one).
  const named = new RegExp([...apis, ...MODULE_MARKERS.map((m) => m.marker)].join('|'));
  for (const f of files) {
    if (!named.test(f.text)) continue;
    let program: Node;
    try {
      const r = parseSync(f.name, f.text, { sourceType: 'script', preserveParens: false });
      program = r.program as unknown as Node;
      if (r.errors.length > 0) problems.push({ file: f.name, message: `JavaScript syntax error, the rest of the file searched: ${r.errors[0]!.message}` });
    } catch (e) {
      problems.push({ file: f.name, message: `JavaScript not parsed: ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    const sites: Site[] = [];
    const iife = new Map<Node, { expr: Node; scope: Scope }[]>();
    const assigns: { name: string; expr: Node; scope: Scope }[] = [];
    const root: Scope = { parent: null, vars: new Map() };

    const declare = (scope: Scope, name: string, kind: Binding['kind'], extra: Partial<Binding> = {}): Binding => {
      let b = scope.vars.get(name);
      if (b === undefined) scope.vars.set(name, (b = { kind, name, values: [], ...extra }));
      else if (kind === 'fn' || kind === 'param') Object.assign(b, { kind, ...extra });
      return b;
    };
    const site = (m: Node, scope: Scope, context: readonly string[], owners: readonly (number | null)[]): void => {
      const api = propName(m);
      if (api !== null && apis.has(api)) sites.push({ member: m, scope, api, context, owners });
    };
    // A function that is a property of an object literal: the object's start, to tell Page A's onShow from B's.
    const fnOwner = new Map<Node, number>();
    // The name each function expression is given by what holds it, for WxCall.context.
    const fnNames = new Map<Node, string>();
    const nameFn = (v: unknown, name: string | null): void => {
      if (name === null || !isNode(v)) return;
      const u = unwrap(v);
      // The first name given wins: `wx.getSetting({success() {…}})` is cb:getSetting, not `success`.
      if (FUNCTION.has(u.type) && !fnNames.has(u)) fnNames.set(u, name);
    };
    const keyName = (k: Node, computed: unknown): string | null => (k.type === 'Identifier' && computed !== true ? (k.name as string) : k.type === 'Literal' ? String(k.value) : null);

    const moduleRequire = new Set<Node>();
    const factory = (key: string, fn: Node): void => {
      moduleRequire.add(fn);
      const body = f.text.slice(fn.start, fn.end);
      for (const m of MODULE_MARKERS) if (body.includes(m.marker)) apiModules.set(key, m.via);
    };
    const visit = (n: Node, scope: Scope, ctx: readonly string[], own: readonly (number | null)[]): void => {
      if (FUNCTION.has(n.type)) {
        const owners = [...own, fnOwner.get(n) ?? null];
        const here = [...ctx, n.type === 'FunctionDeclaration' && isNode(n.id) ? (n.id.name as string) : (fnNames.get(n) ?? (isNode(n.id) ? (n.id.name as string) : '(anonymous)'))];
        if (n.type === 'FunctionDeclaration' && isNode(n.id)) declare(scope, n.id.name as string, 'fn', { fn: n });
        const inner: Scope = { parent: scope, vars: new Map() };
        scopeOfFunction.set(n, inner);
        if (n.type === 'FunctionExpression' && isNode(n.id)) declare(inner, n.id.name as string, 'fn', { fn: n });
        (n.params as Node[]).forEach((p, i) => {
          const id = p.type === 'AssignmentPattern' ? (p.left as Node) : p;
          if (id.type === 'Identifier') declare(inner, id.name as string, 'param', { fn: n, index: i });
          else for (const name of patternNames(p, [])) declare(inner, name, 'opaque');
        });
        if (isNode(n.body)) visit(n.body, inner, here, owners);
        return;
      }
      switch (n.type) {
        case 'ObjectExpression':
          for (const q of n.properties as Node[]) {
            const v = isNode(q.value) ? unwrap(q.value) : null;
            if (q.type === 'Property' && v !== null && FUNCTION.has(v.type)) fnOwner.set(v, n.start);
          }
          break;
        case 'Property':
        case 'MethodDefinition':
        case 'PropertyDefinition':
          nameFn(n.value, keyName(n.key as Node, n.computed));
          break;
        case 'VariableDeclarator':
          nameFn(n.init, (n.id as Node).type === 'Identifier' ? ((n.id as Node).name as string) : null);
          break;
        case 'AssignmentExpression': {
          const l = n.left as Node;
          nameFn(n.right, l.type === 'Identifier' ? (l.name as string) : l.type === 'MemberExpression' ? propName(l) : null);
          break;
        }
        case 'CallExpression': {
          const c = unwrap(n.callee as Node);
          // An immediately invoked function runs where it is written: `iife`, and what it is handed `cb:iife`.
          const fnCallee = FUNCTION.has(c.type) ? c : c.type === 'MemberExpression' && /^(?:call|apply)$/.test(propName(c) ?? '') && FUNCTION.has(unwrap(c.object as Node).type) ? unwrap(c.object as Node) : null;
          if (fnCallee !== null) nameFn(fnCallee, 'iife');
          const by = fnCallee !== null ? 'iife' : c.type === 'MemberExpression' ? propName(c) : c.type === 'Identifier' ? (c.name as string) : null;
          for (const a of n.arguments as Node[]) nameFn(a, `cb:${by ?? '?'}`);
          // The callbacks of an options object handed to a call: `wx.showModal({success() {…}})`.
          for (const a of n.arguments as Node[]) {
            if (a.type !== 'ObjectExpression') continue;
            for (const q of a.properties as Node[]) if (q.type === 'Property' && /^(?:success|fail|complete)$/.test(keyName(q.key as Node, q.computed) ?? '')) nameFn(q.value, `cb:${by ?? '?'}`);
          }
          break;
        }
      }
      switch (n.type) {
        case 'CatchClause': {
          const inner: Scope = { parent: scope, vars: new Map() };
          for (const name of patternNames(n.param as Node | null, [])) declare(inner, name, 'opaque');
          visit(n.body as Node, inner, ctx, own);
          return;
        }
        case 'VariableDeclarator': {
          const id = n.id as Node;
          if (id.type === 'Identifier') {
            const b = declare(scope, id.name as string, 'var');
            if (isNode(n.init)) b.values.push({ expr: n.init, scope });
          } else for (const name of patternNames(id, [])) declare(scope, name, 'opaque');
          break;
        }
        case 'AssignmentExpression': {
          const left = n.left as Node;
          if (n.operator === '=' && left.type === 'Identifier') assigns.push({ name: left.name as string, expr: n.right as Node, scope });
          break;
        }
        case 'Property': {
          // A webpack module map: `{92954: function (e, t, n) {…}}`, the third parameter being `require`.
          const v = n.value as Node;
          const k = n.key as Node;
          const key = k.type === 'Literal' ? String(k.value) : k.type === 'Identifier' && n.computed !== true ? (k.name as string) : null;
          if (key !== null && isFactory(v) && /^(?:\d+|[0-9a-f]{1,8}|\.{0,2}\/.*)$/.test(key)) factory(key, v);
          break;
        }
        case 'ArrayExpression': {
          // Or a module list: `push([["common/main"], [function (module, exports, __webpack_require__) {…}, …]])`.
          const els = n.elements as (Node | null)[];
          if (els.filter((x) => x !== null && isFactory(x)).length >= 2) els.forEach((x, i) => x !== null && isFactory(x) && factory(String(i), x));
          break;
        }
        case 'CallExpression': {
          let callee = unwrap(n.callee as Node);
          // Babel's `(0, x.getLocation)()` calls the last expression of the sequence.
          if (callee.type === 'SequenceExpression') callee = unwrap((callee.expressions as Node[]).at(-1)!);
          const args = (n.arguments as Node[]).map((expr) => ({ expr, scope }));
          if (FUNCTION.has(callee.type) && callee.type !== 'FunctionDeclaration') iife.set(callee, args);
          else if (callee.type === 'MemberExpression' && propName(callee) === 'call') {
            const fn = unwrap(callee.object as Node);
            if (fn.type === 'FunctionExpression' || fn.type === 'ArrowFunctionExpression') iife.set(fn, args.slice(1));
          }
          if (callee.type === 'MemberExpression') {
            site(callee, scope, ctx, own);
            const o = unwrap(callee.object as Node);
            const m = propName(callee);
            const isThis = o.type === 'ThisExpression' || (o.type === 'Identifier' && lookup(scope, o.name as string)?.values.some((v) => unwrap(v.expr).type === 'ThisExpression') === true);
            if (isThis && m !== null && own.some((x) => x !== null)) thisCalls.push({ file: f.name, context: ctx, owners: own, method: m });
          }
          for (const a of n.arguments as Node[]) {
            const u = unwrap(a);
            if (u.type === 'MemberExpression') site(u, scope, ctx, own); // promisify(wx.getLocation)
          }
          break;
        }
      }
      for (const key in n) {
        if (key === 'type' || key === 'start' || key === 'end') continue;
        const v = n[key];
        if (Array.isArray(v)) {
          for (const c of v) if (isNode(c)) visit(c, scope, ctx, own);
        } else if (isNode(v)) visit(v, scope, ctx, own);
      }
    };
    try {
      visit(program, root, [], []);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      problems.push({ file: f.name, message: 'JavaScript nested too deeply to search' });
      continue;
    }
    for (const a of assigns) lookup(a.scope, a.name)?.values.push({ expr: a.expr, scope: a.scope });
    // The third parameter of a module factory is webpack's require.
    for (const fn of moduleRequire) {
      const req = (fn.params as Node[])[2];
      const b = req?.type === 'Identifier' ? scopeOfFunction.get(fn)?.vars.get(req.name as string) : undefined;
      if (b?.kind === 'param') b.kind = 'require';
    }
    parsed.push({ name: f.name, text: f.text, sites, iife });
  }

  const calls: WxCall[] = [];
  for (const p of parsed) {
    const starts = lineStarts(p.text);
    const seen = new Set<Binding>();
    const evaluate = (e: Node, scope: Scope, depth: number): Value => {
      if (depth > 24) return null;
      const n = unwrap(e);
      switch (n.type) {
        case 'Identifier': {
          const name = n.name as string;
          const b = lookup(scope, name);
          if (b === undefined) return name === 'wx' ? { k: 'api', via: 'wx' } : name === 'uni' ? { k: 'api', via: 'uni' } : null;
          return fromBinding(b, depth);
        }
        case 'MemberExpression': {
          // `x.default` of the API object or of its module (`e.exports.default = e.exports`).
          if (propName(n) !== 'default') return null;
          const o = evaluate(n.object as Node, scope, depth + 1);
          return o?.k === 'api' ? o : null;
        }
        case 'SequenceExpression': {
          const list = n.expressions as Node[];
          return evaluate(list[list.length - 1]!, scope, depth + 1);
        }
        case 'ConditionalExpression':
          return evaluate(n.consequent as Node, scope, depth + 1) ?? evaluate(n.alternate as Node, scope, depth + 1);
        case 'LogicalExpression':
          return evaluate(n.right as Node, scope, depth + 1) ?? evaluate(n.left as Node, scope, depth + 1);
        case 'AssignmentExpression':
          return evaluate(n.right as Node, scope, depth + 1);
        case 'ArrowFunctionExpression':
        case 'FunctionExpression':
          return returnsApi(n, depth);
        case 'CallExpression': {
          const callee = unwrap(n.callee as Node);
          const args = n.arguments as Node[];
          if (callee.type === 'Identifier') {
            const b = lookup(scope, callee.name as string);
            if ((b?.kind === 'require' || callee.name === '__webpack_require__') && args.length === 1) {
              const a = unwrap(args[0]!);
              const via = a.type === 'Literal' ? apiModules.get(String(a.value)) : undefined;
              if (via !== undefined) return { k: 'api', via };
            }
            // _interopRequireDefault(x) is {default: x}: its `.default` is x, and so is the object for our purpose.
            if (/interopRequire/i.test(callee.name as string) && args.length === 1) return evaluate(args[0]!, scope, depth + 1);
          }
          // webpack's `n.n(module)`: a getter returning the module (or its default).
          if (callee.type === 'MemberExpression' && propName(callee) === 'n' && args.length === 1) {
            const m = evaluate(args[0]!, scope, depth + 1);
            if (m?.k === 'api') return { k: 'getter', via: m.via };
          }
          const f = evaluate(callee, scope, depth + 1);
          return f?.k === 'getter' ? { k: 'api', via: f.via === 'wx' ? 'alias' : f.via } : null;
        }
        default:
          return null;
      }
    };
    const returnsApi = (fn: Node, depth: number): Value => {
      const body = fn.body as Node;
      const fnScope = scopeOfFunction.get(fn);
      if (fnScope === undefined) return null;
      if (body.type !== 'BlockStatement') {
        const v = evaluate(body, fnScope, depth + 1);
        return v?.k === 'api' ? { k: 'getter', via: v.via } : null;
      }
      for (const r of returns(body)) {
        const v = evaluate(r, fnScope, depth + 1);
        if (v?.k === 'api') return { k: 'getter', via: v.via };
      }
      return null;
    };
    const fromBinding = (b: Binding, depth: number): Value => {
      if (seen.has(b)) return null;
      seen.add(b);
      try {
        if (b.kind === 'fn' && b.fn !== undefined) return returnsApi(b.fn, depth);
        if (b.kind === 'param' && b.fn !== undefined && b.index !== undefined) {
          const arg = p.iife.get(b.fn)?.[b.index];
          if (arg !== undefined) {
            const v = evaluate(arg.expr, arg.scope, depth + 1);
            if (v !== null) return v.k === 'api' && v.via === 'wx' ? { k: 'api', via: 'alias' } : v;
          }
        }
        for (const v of b.values) {
          const r = evaluate(v.expr, v.scope, depth + 1);
          if (r !== null) return r.k === 'api' && r.via === 'wx' ? { k: 'api', via: 'alias' } : r;
        }
        // A local named `wx` whose value we cannot see is, in a mini-program, the API object.
        return b.name === 'wx' && b.values.length === 0 && b.kind !== 'fn' ? { k: 'api', via: 'alias' } : null;
      } finally {
        seen.delete(b);
      }
    };
    for (const s of p.sites) {
      const recv = s.member.object as Node;
      const v = evaluate(recv, s.scope, 0);
      if (v?.k !== 'api') continue;
      const via: WxVia = s.member.computed === true && v.via === 'wx' ? 'computed' : v.via;
      const pos = position(starts, s.member.start);
      const text = p.text.slice(s.member.start, Math.min(s.member.end, s.member.start + 120));
      calls.push({ api: s.api, file: p.name, line: pos.line, column: pos.column, via, text, context: s.context, owners: s.owners });
    }
  }
  return { calls, thisCalls, problems };

  function returns(body: Node): Node[] {
    const out: Node[] = [];
    const walk = (n: Node): void => {
      if (FUNCTION.has(n.type)) return;
      if (n.type === 'ReturnStatement' && isNode(n.argument)) out.push(n.argument);
      for (const key in n) {
        const v = n[key];
        if (Array.isArray(v)) {
          for (const c of v) if (isNode(c)) walk(c);
        } else if (isNode(v)) walk(v);
      }
    };
    for (const st of body.body as Node[]) walk(st);
    return out;
  }

  function lookup(scope: Scope, name: string): Binding | undefined {
    for (let s: Scope | null = scope; s !== null; s = s.parent) {
      const b = s.vars.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }
}
