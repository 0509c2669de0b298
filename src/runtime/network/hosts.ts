// Who receives a request: a host → an SDK of the catalogue (src/knowledge/sdks.json `domains`, each entry with
// its sources), its vendor when several SDKs of one vendor share the domain, the app itself when the host is
// one the app's own code names, or nobody known. Only a host attributed to an SDK or vendor is a third party:
// an unknown host is never called one.
import type { AnalysisFacts } from '../../analysis/facts.ts';
import { sdks } from '../../knowledge/index.ts';
import type { Sdk } from '../../knowledge/types.ts';

export type HostOwner =
  | {
      readonly kind: 'sdk';
      readonly sdk: string;
      readonly name: string;
      readonly vendor: string;
      readonly domain: string;
      readonly inPackage: boolean;
      /** Set when the domain is the vendor's and the trace showed this SDK's code reading the values sent. */
      readonly readBy?: 'trace';
    }
  | { readonly kind: 'vendor'; readonly vendor: string; readonly sdks: readonly string[]; readonly domain: string }
  | { readonly kind: 'app'; readonly domain: string; readonly why: string }
  | { readonly kind: 'unknown' };

const SECOND_LEVEL = new Set(['com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn', 'ac.cn', 'co.uk', 'com.hk', 'com.tw', 'co.jp', 'com.au', 'com.sg', 'co.kr']);

/** The registrable domain, near enough for attribution (no public-suffix list is installed): `a.b.umeng.com` → `umeng.com`. */
export function siteOf(host: string): string {
  if (/^[\d.]+$/u.test(host) || host.includes(':')) return host;
  const labels = host.split('.');
  const two = labels.slice(-2).join('.');
  return SECOND_LEVEL.has(two) && labels.length >= 3 ? labels.slice(-3).join('.') : two;
}

let byDomain: Map<string, Sdk[]> | null = null;
function domainIndex(): Map<string, Sdk[]> {
  if (byDomain !== null) return byDomain;
  byDomain = new Map();
  for (const s of sdks()) {
    // Libraries collect nothing of their own: a host of theirs (a CDN, an image server) is not a recipient.
    if (s.category === 'library') continue;
    for (const d of s.domains) {
      const k = d.toLowerCase();
      let l = byDomain.get(k);
      if (l === undefined) byDomain.set(k, (l = []));
      l.push(s);
    }
  }
  return byDomain;
}

/** The catalogue's SDK ids that use a domain (the recipients a policy may name for it). */
export function sdksOfDomain(domain: string): string[] {
  return (domainIndex().get(domain.toLowerCase()) ?? []).map((s) => s.id);
}

export type HostAttributor = (host: string) => HostOwner;

/** Attribution for one app: SDKs found in its package win when several share a domain; the app's own hosts are its own. */
export function hostAttributor(facts: Pick<AnalysisFacts, 'sdks' | 'urls'>, packageName: string | null): HostAttributor {
  const present = new Set(facts.sdks.map((s) => s.id));
  const own = new Map<string, string>();
  for (const u of facts.urls) {
    if (u.owner.kind !== 'app') continue;
    try {
      const site = siteOf(new URL(u.url).hostname.toLowerCase());
      if (!own.has(site)) own.set(site, `named in the app's own code (${u.caller})`);
    } catch {
      // not a URL
    }
  }
  const cache = new Map<string, HostOwner>();
  return (host) => {
    const h = host.toLowerCase();
    const hit = cache.get(h);
    if (hit !== undefined) return hit;
    let owner: HostOwner = { kind: 'unknown' };
    const labels = h.split('.');
    for (let i = 0; i < labels.length - 1; i++) {
      const domain = labels.slice(i).join('.');
      const list = domainIndex().get(domain);
      if (list === undefined) continue;
      const inPkg = list.filter((s) => present.has(s.id));
      const pick = inPkg.length === 1 ? inPkg : list.length === 1 ? list : [];
      if (pick.length === 1) owner = { kind: 'sdk', sdk: pick[0]!.id, name: pick[0]!.name, vendor: pick[0]!.vendorZh ?? pick[0]!.vendor, domain, inPackage: present.has(pick[0]!.id) };
      else {
        // The SDKs of the package that share the domain name the vendor; without any, every SDK of the domain.
        const cands = inPkg.length > 0 ? inPkg : list;
        const vendors = [...new Set(cands.map((s) => s.vendorZh ?? s.vendor))];
        owner = { kind: 'vendor', vendor: vendors.join(' / '), sdks: cands.map((s) => s.id), domain };
      }
      break;
    }
    if (owner.kind === 'unknown') {
      const site = siteOf(h);
      const why = own.get(site);
      if (why !== undefined) owner = { kind: 'app', domain: site, why };
      else if (packageName !== null) {
        // com.example.app → example.com: the developer's own domain, by the usual naming.
        const p = packageName.split('.');
        if (p.length >= 2 && ['com', 'cn', 'net', 'org'].includes(p[0]!) && site === `${p[1]}.${p[0]}`) owner = { kind: 'app', domain: site, why: `the app's package name ${packageName}` };
      }
    }
    if (cache.size < 10_000) cache.set(h, owner);
    return owner;
  };
}

export function ownerLabel(o: HostOwner): { zh: string; en: string } {
  switch (o.kind) {
    case 'sdk':
      return o.readBy === 'trace' ? { zh: `${o.name}（${o.vendor}；运行记录显示其代码读取了该值）`, en: `${o.name} (${o.vendor}; the trace shows its code reading the value)` } : { zh: `${o.name}（${o.vendor}）`, en: `${o.name} (${o.vendor})` };
    case 'vendor':
      return { zh: `${o.vendor}（SDK：${o.sdks.join('、')}）`, en: `${o.vendor} (SDKs ${o.sdks.join(', ')})` };
    case 'app':
      return { zh: '应用自身的服务器', en: "the app's own server" };
    default:
      return { zh: '未识别归属的服务器', en: 'a server of no identified owner' };
  }
}

export function isThirdParty(o: HostOwner): o is Extract<HostOwner, { kind: 'sdk' | 'vendor' }> {
  return o.kind === 'sdk' || o.kind === 'vendor';
}
