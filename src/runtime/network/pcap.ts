// pcap and pcapng → what a capture shows of the app's requests without decrypting anything: plain HTTP
// requests whole (TCP segments put back in order per connection), and for TLS only the server name of the
// ClientHello (SNI), and DNS lookups. Written here because tshark is not installed on every lab machine and
// the parts needed are small; what is inside TLS (paths, headers, bodies) cannot be seen and is not guessed.
import type { CaptureProblem, NetRequest } from './types.ts';
import { MAX_BODY } from './types.ts';
import { CaptureError, type ReadCapture } from './har.ts';

const FLOW_MAX = 4 << 20;
const FLOWS_MAX = 20_000;

export function isPcap(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  const m = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  return m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1 || m === 0x0a0d0d0a;
}

interface Packet {
  readonly ts: number;
  readonly link: number;
  readonly data: Buffer;
  readonly n: number;
}

function* pcapPackets(b: Buffer, file: string): Generator<Packet> {
  const magic = b.readUInt32BE(0);
  const le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  if (b.length < 24) throw new CaptureError(file, 'pcap header cut short');
  const u32 = (o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const link = u32(20) & 0xffff;
  let off = 24;
  let n = 0;
  while (off + 16 <= b.length) {
    const sec = u32(off);
    const frac = u32(off + 4);
    const incl = u32(off + 8);
    if (off + 16 + incl > b.length) return;
    n++;
    yield { ts: sec * 1000 + (nano ? frac / 1e6 : frac / 1e3), link, data: b.subarray(off + 16, off + 16 + incl), n };
    off += 16 + incl;
  }
}

function* pcapngPackets(b: Buffer, file: string): Generator<Packet> {
  let le = true;
  const links: { link: number; tsres: number }[] = [];
  let off = 0;
  let n = 0;
  while (off + 12 <= b.length) {
    const type = le ? b.readUInt32LE(off) : b.readUInt32BE(off);
    if (type === 0x0a0d0d0a) {
      le = b.readUInt32LE(off + 8) === 0x1a2b3c4d;
      links.length = 0;
    }
    const len = le ? b.readUInt32LE(off + 4) : b.readUInt32BE(off + 4);
    if (len < 12 || off + len > b.length) {
      if (off + len > b.length) return;
      throw new CaptureError(file, `pcapng block at byte ${off} has a length of ${len}`);
    }
    const u32 = (o: number): number => (le ? b.readUInt32LE(off + o) : b.readUInt32BE(off + o));
    if (type === 1 && len >= 20) {
      // Interface: link type, and the timestamp resolution option (if_tsresol, code 9) when present.
      let tsres = 1e-6;
      let o = off + 16;
      while (o + 4 <= off + len - 4) {
        const code = le ? b.readUInt16LE(o) : b.readUInt16BE(o);
        const olen = le ? b.readUInt16LE(o + 2) : b.readUInt16BE(o + 2);
        if (code === 0) break;
        if (code === 9 && olen >= 1) {
          const v = b[o + 4]!;
          tsres = v & 0x80 ? 2 ** -(v & 0x7f) : 10 ** -(v & 0x7f);
        }
        o += 4 + ((olen + 3) & ~3);
      }
      links.push({ link: u32(8) & 0xffff, tsres });
    } else if ((type === 6 && len >= 32) || (type === 3 && len >= 16)) {
      n++;
      const iface = type === 6 ? links[u32(8)] : links[0];
      if (iface !== undefined) {
        const caplen = type === 6 ? u32(20) : Math.min(u32(8), len - 16);
        const start = off + (type === 6 ? 28 : 12);
        const ts = type === 6 ? (u32(12) * 2 ** 32 + u32(16)) * iface.tsres * 1000 : 0;
        if (start + caplen <= off + len) yield { ts, link: iface.link, data: b.subarray(start, start + caplen), n };
      }
    }
    off += len;
  }
}

/** The IP packet inside a link-layer frame, or null for link types not read here. */
function ipOf(p: Packet): Buffer | null {
  const d = p.data;
  let off: number;
  switch (p.link) {
    case 1: {
      // Ethernet, with any 802.1Q tags.
      off = 12;
      while (off + 2 <= d.length && (d.readUInt16BE(off) === 0x8100 || d.readUInt16BE(off) === 0x88a8)) off += 4;
      const et = off + 2 <= d.length ? d.readUInt16BE(off) : 0;
      return et === 0x0800 || et === 0x86dd ? d.subarray(off + 2) : null;
    }
    case 113:
      return d.length > 16 ? d.subarray(16) : null;
    case 276:
      return d.length > 20 ? d.subarray(20) : null;
    case 0:
    case 108:
      return d.length > 4 ? d.subarray(4) : null;
    case 101:
    case 228:
    case 229:
    case 12:
      return d;
    default:
      return null;
  }
}

interface Segment {
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  readonly proto: 'tcp' | 'udp';
  readonly seq: number;
  readonly syn: boolean;
  readonly payload: Buffer;
}

function transport(ip: Buffer): Segment | null {
  if (ip.length < 20) return null;
  const v = ip[0]! >> 4;
  let proto: number;
  let src: string;
  let dst: string;
  let off: number;
  if (v === 4) {
    off = (ip[0]! & 0x0f) * 4;
    if (off < 20) return null;
    proto = ip[9]!;
    src = [...ip.subarray(12, 16)].join('.');
    dst = [...ip.subarray(16, 20)].join('.');
    const total = ip.readUInt16BE(2);
    if (total >= off && total < ip.length) ip = ip.subarray(0, total);
  } else if (v === 6 && ip.length >= 40) {
    off = 40;
    proto = ip[6]!;
    src = ip.subarray(8, 24).toString('hex');
    dst = ip.subarray(24, 40).toString('hex');
  } else return null;
  if (proto === 6 && ip.length >= off + 20) {
    const doff = (ip[off + 12]! >> 4) * 4;
    return { src, dst, sport: ip.readUInt16BE(off), dport: ip.readUInt16BE(off + 2), proto: 'tcp', seq: ip.readUInt32BE(off + 4), syn: (ip[off + 13]! & 0x02) !== 0, payload: ip.subarray(off + doff) };
  }
  if (proto === 17 && ip.length >= off + 8) return { src, dst, sport: ip.readUInt16BE(off), dport: ip.readUInt16BE(off + 2), proto: 'udp', seq: 0, syn: false, payload: ip.subarray(off + 8) };
  return null;
}

/** The names asked in a DNS query (QR = 0). */
function dnsNames(m: Buffer): string[] {
  if (m.length < 12 || (m[2]! & 0x80) !== 0) return [];
  const qd = m.readUInt16BE(4);
  const out: string[] = [];
  let off = 12;
  for (let q = 0; q < qd && q < 8; q++) {
    const labels: string[] = [];
    while (off < m.length && m[off] !== 0) {
      const l = m[off]!;
      if (l > 63 || off + 1 + l > m.length) return out;
      labels.push(m.subarray(off + 1, off + 1 + l).toString('latin1'));
      off += 1 + l;
    }
    off += 5;
    if (labels.length > 0) out.push(labels.join('.').toLowerCase());
  }
  return out;
}

/** The server name of a TLS ClientHello at the start of a connection's bytes, or null. */
export function sniOf(b: Buffer): string | null {
  if (b.length < 43 || b[0] !== 0x16 || b[1] !== 0x03 || b[5] !== 0x01) return null;
  let off = 5 + 4 + 2 + 32;
  const sid = b[off]!;
  off += 1 + sid;
  if (off + 2 > b.length) return null;
  off += 2 + b.readUInt16BE(off);
  if (off + 1 > b.length) return null;
  off += 1 + b[off]!;
  if (off + 2 > b.length) return null;
  const end = Math.min(b.length, off + 2 + b.readUInt16BE(off));
  off += 2;
  while (off + 4 <= end) {
    const type = b.readUInt16BE(off);
    const len = b.readUInt16BE(off + 2);
    if (type === 0 && off + 9 <= end) {
      const nlen = b.readUInt16BE(off + 7);
      if (b[off + 6] === 0 && off + 9 + nlen <= end) return b.subarray(off + 9, off + 9 + nlen).toString('latin1').toLowerCase();
    }
    off += 4 + len;
  }
  return null;
}

const METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP\/1\.[01]\r\n/u;

interface Flow {
  next: number | null;
  parts: Buffer[];
  size: number;
  /** Byte offset in the flow → time of the segment that starts there, for each request's time. */
  readonly times: { at: number; ts: number; n: number }[];
  readonly dst: string;
  readonly dport: number;
  gaps: number;
}

/** HTTP/1 requests in a connection's bytes (several on a kept-alive connection). */
function httpRequests(flow: Flow, file: string, out: NetRequest[], problems: CaptureProblem[]): void {
  const b = Buffer.concat(flow.parts, flow.size);
  let off = 0;
  while (off < b.length) {
    const headEnd = b.indexOf('\r\n\r\n', off, 'latin1');
    if (headEnd === -1) break;
    const head = b.subarray(off, headEnd).toString('latin1');
    const m = METHOD.exec(`${head}\r\n`);
    if (m === null) break;
    const lines = head.split('\r\n').slice(1);
    const headers = lines.map((l) => ({ name: l.slice(0, Math.max(0, l.indexOf(':'))).trim(), value: l.slice(l.indexOf(':') + 1).trim() })).filter((h) => h.name !== '');
    const hostHeader = headers.find((h) => h.name.toLowerCase() === 'host')?.value ?? flow.dst;
    const len = Number(headers.find((h) => h.name.toLowerCase() === 'content-length')?.value ?? '0');
    const bodyStart = headEnd + 4;
    const bodyLen = Number.isInteger(len) && len > 0 ? Math.min(len, b.length - bodyStart) : 0;
    const t = [...flow.times].reverse().find((x) => x.at <= off) ?? flow.times[0]!;
    const target = m[2]!;
    let url: URL;
    try {
      url = new URL(target.startsWith('http://') ? target : `http://${hostHeader}${target.startsWith('/') ? target : `/${target}`}`);
    } catch {
      problems.push({ file, where: `packet ${t.n}`, message: `HTTP request target is not a URL: ${target.slice(0, 80)}` });
      off = bodyStart + bodyLen;
      continue;
    }
    const ctype = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
    const text = b.subarray(bodyStart, bodyStart + Math.min(bodyLen, MAX_BODY)).toString('utf8');
    out.push({ file, where: `packet ${t.n}`, started: t.ts, method: m[1]!, url: url.href, scheme: 'http', host: url.hostname.toLowerCase(), headers, body: bodyLen > 0 ? { mimeType: ctype, text, truncated: bodyLen > MAX_BODY || len > bodyLen } : null, params: [], visibility: 'full' });
    off = bodyStart + bodyLen;
  }
}

/** pcap or pcapng bytes → plain HTTP requests, TLS server names and DNS lookups. */
export function parsePcap(b: Buffer, file: string): ReadCapture {
  const packets = b.readUInt32BE(0) === 0x0a0d0d0a ? pcapngPackets(b, file) : pcapPackets(b, file);
  const requests: NetRequest[] = [];
  const problems: CaptureProblem[] = [];
  const flows = new Map<string, Flow>();
  const named = new Set<string>();
  for (const p of packets) {
    const ip = ipOf(p);
    if (ip === null) continue;
    const s = transport(ip);
    if (s === null) continue;
    if (s.proto === 'udp') {
      if (s.dport === 53) {
        for (const name of dnsNames(s.payload)) {
          if (named.has(`dns:${name}`)) continue;
          named.add(`dns:${name}`);
          requests.push({ file, where: `packet ${p.n}`, started: p.ts || null, method: 'DNS', url: `dns://${name}`, scheme: 'other', host: name, headers: [], body: null, params: [], visibility: 'dns' });
        }
      }
      continue;
    }
    const key = `${s.src}:${s.sport}>${s.dst}:${s.dport}`;
    let f = flows.get(key);
    if (f === undefined) {
      if (flows.size >= FLOWS_MAX) continue;
      flows.set(key, (f = { next: null, parts: [], size: 0, times: [], dst: s.dst, dport: s.dport, gaps: 0 }));
    }
    if (s.syn) {
      f.next = (s.seq + 1) >>> 0;
      continue;
    }
    if (s.payload.length === 0) continue;
    if (f.next === null) f.next = s.seq;
    if (s.seq !== f.next) {
      // A retransmission (already held) is skipped; a gap (a lost or reordered segment) ends what can be read.
      if (((s.seq - f.next) | 0) > 0) f.gaps++;
      continue;
    }
    if (f.size + s.payload.length > FLOW_MAX) continue;
    f.times.push({ at: f.size, ts: p.ts, n: p.n });
    // A view of the capture's bytes (held whole anyway, within the 256 MiB bound): nothing is copied per segment.
    f.parts.push(s.payload);
    f.size += s.payload.length;
    f.next = (s.seq + s.payload.length) >>> 0;
  }
  for (const f of flows.values()) {
    if (f.size === 0) continue;
    const first = f.parts[0]!;
    const sni = sniOf(first.length >= 5 ? Buffer.concat(f.parts.slice(0, 4)) : first);
    if (sni !== null) {
      requests.push({ file, where: `packet ${f.times[0]!.n}`, started: f.times[0]!.ts || null, method: 'TLS', url: `tls://${sni}`, scheme: 'https', host: sni, headers: [], body: null, params: [], visibility: 'tls-sni' });
      continue;
    }
    if (METHOD.test(first.subarray(0, 2048).toString('latin1'))) {
      httpRequests(f, file, requests, problems);
      if (f.gaps > 0) problems.push({ file, where: `packet ${f.times[0]!.n}`, message: `${f.gaps} TCP segment(s) missing or out of order in a connection to ${f.dst}:${f.dport}: what follows a gap is not read` });
    }
  }
  requests.sort((a, b2) => (a.started ?? 0) - (b2.started ?? 0));
  return { requests, problems };
}
