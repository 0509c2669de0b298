// The screen as `uiautomator dump` writes it (one <node> per view, with text, content-desc, package, clickable
// and bounds="[x1,y1][x2,y2]"), and the privacy dialog's two answers found in it. Pure: tested on dumps.

export interface UiNode {
  readonly text: string;
  readonly desc: string;
  readonly id: string;
  readonly cls: string;
  readonly pkg: string;
  readonly clickable: boolean;
  readonly enabled: boolean;
  readonly bounds: { x1: number; y1: number; x2: number; y2: number } | null;
}

export interface ConsentChoice {
  readonly answer: 'given' | 'refused';
  readonly label: string;
  readonly x: number;
  readonly y: number;
}

export interface ConsentDialog {
  /** The tap for each answer the screen offers. */
  readonly given: ConsentChoice | null;
  readonly refused: ConsentChoice | null;
  /** The text that makes it a privacy dialog (cut). */
  readonly mention: string;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (m, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
    return ENTITY[e.toLowerCase()] ?? m;
  });
}

/** Every <node> of a dump, in document order. Throws on text that is no dump at all. */
export function parseUiDump(xml: string): UiNode[] {
  if (!xml.includes('<hierarchy')) throw new Error(`not a uiautomator dump (no <hierarchy>): ${JSON.stringify(xml.slice(0, 80))}`);
  const nodes: UiNode[] = [];
  for (const m of xml.matchAll(/<node\b([^>]*)>/gu)) {
    const attrs = new Map<string, string>();
    for (const a of m[1]!.matchAll(/([\w:-]+)="([^"]*)"/gu)) attrs.set(a[1]!, unescape(a[2]!));
    const b = /^\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]$/u.exec(attrs.get('bounds') ?? '');
    nodes.push({
      text: attrs.get('text') ?? '', desc: attrs.get('content-desc') ?? '', id: attrs.get('resource-id') ?? '', cls: attrs.get('class') ?? '', pkg: attrs.get('package') ?? '',
      clickable: attrs.get('clickable') === 'true', enabled: attrs.get('enabled') !== 'false',
      bounds: b === null ? null : { x1: Number(b[1]), y1: Number(b[2]), x2: Number(b[3]), y2: Number(b[4]) },
    });
  }
  return nodes;
}

// Labels of the dialog's buttons, whole (after trimming and dropping spaces): a sentence of the policy text
// that contains 同意 is never a button. Refusals first: 不同意 contains 同意.
const REFUSE = /^(?:不同意|不同意并退出|暂不同意|拒绝|拒绝并退出|不同意，退出|退出|放弃使用|暂不使用|disagree|decline|reject|refuse|don'?tagree|notnow|exit)$/iu;
const AGREE = /^(?:同意|我同意|同意并继续|同意并使用|同意并进入|同意并开始使用|同意，继续|同意继续|已阅读并同意|接受|我知道了并同意|好的，同意|agree|iagree|accept|agreeandcontinue|acceptandcontinue|agree&continue)$/iu;
const PRIVACY = /隐私|个人信息|用户协议|服务协议|privacy|personal (?:data|information)/iu;

function label(n: UiNode): string {
  return (n.text !== '' ? n.text : n.desc).trim();
}

/**
 * The privacy dialog's answers on this screen of the app (its own package's nodes only: a system dialog is not
 * the app's), or null when the screen shows no answer next to privacy wording.
 */
export function findConsentDialog(nodes: readonly UiNode[], pkg: string): ConsentDialog | null {
  const own = nodes.filter((n) => n.pkg === pkg && n.enabled && n.bounds !== null && n.bounds.x2 > n.bounds.x1 && n.bounds.y2 > n.bounds.y1);
  const mention = own.map(label).find((t) => PRIVACY.test(t));
  if (mention === undefined) return null;
  const pick = (re: RegExp, answer: ConsentChoice['answer']): ConsentChoice | null => {
    const n = own.find((x) => label(x).length <= 20 && re.test(label(x).replace(/[\s\u3000]/gu, '')));
    if (n === undefined) return null;
    const b = n.bounds!;
    return { answer, label: label(n), x: Math.round((b.x1 + b.x2) / 2), y: Math.round((b.y1 + b.y2) / 2) };
  };
  const given = pick(AGREE, 'given');
  const refused = pick(REFUSE, 'refused');
  if (given === null && refused === null) return null;
  return { given, refused, mention: mention.slice(0, 120) };
}
