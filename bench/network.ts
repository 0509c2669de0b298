// Network capture speed and memory: a generated HAR (default 100 MB: requests to real SDK hosts, JSON and
// form bodies, some carrying a known android_id) read by piscope (--har's reader, field split, digest match,
// host attribution) against the floor of reading the file and JSON.parse alone, each in its own process for
// its peak RSS. Ratios to that floor, in the same run.
// Run: node bench/network.ts [megabytes]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const mode = process.argv[2];
if (mode === '--child-floor' || mode === '--child-piscope') {
  const file = process.argv[3]!;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let out: Record<string, number>;
  if (mode === '--child-floor') {
    const o = JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: unknown[] } };
    out = { entries: o.log.entries.length };
  } else {
    const { collectNetwork } = await import('../src/runtime/network/collect.ts');
    const { parseGivenValues } = await import('../src/runtime/network/collect.ts');
    const given = parseGivenValues(JSON.stringify({ 'device.android-id': 'ba44af50580c13ed', 'device.imei': '490154203237518' }), 'values.json', new Set(['device.android-id', 'device.imei']));
    const n = await collectNetwork([{ path: file, open: () => createReadStream(file, { highWaterMark: 1 << 16 }) }], { sdks: [], urls: [] }, 'com.example.app', undefined, given);
    out = { entries: n.requests, withPersonalInformation: n.transfers.length };
  }
  const cpu = process.cpuUsage(c0);
  console.log(JSON.stringify({ ...out, wallMs: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  process.exit(0);
}

const mb = Number(process.argv[2] ?? 100);
const dir = join(import.meta.dirname, '..', '.cache', 'bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `network-${mb}mb.har`);
const hosts = ['ulogs.umeng.com', 'aaid.umeng.com', 'stats.jpush.cn', 'mi.gdt.qq.com', 'log.snssdk.com', 'logs.amap.com', 'api.example.com', 'img.cdn.example.net'];
const aid = 'ba44af50580c13ed';
const parts: string[] = [];
let size = 0;
for (let i = 0; size < mb * 1e6; i++) {
  const host = hosts[i % hosts.length]!;
  const carries = i % 50 === 0;
  const body = i % 3 === 0 ? { mimeType: 'application/json', text: JSON.stringify({ header: { sdk: '9.6.1', ts: 1749035919000 + i, did: carries ? createHash('md5').update(aid).digest('hex') : createHash('md5').update(String(i)).digest('hex') }, events: Array.from({ length: 8 }, (_, k) => ({ id: `e${k}`, page: `com.example.app.ui.Page${k}`, dur: k * 13 })) }) } : i % 3 === 1 ? { mimeType: 'application/x-www-form-urlencoded', text: `v=2&ch=huawei&seq=${i}&aid=${carries ? aid : `x${i.toString(16).padStart(15, '0')}`}` } : undefined;
  const entry = { startedDateTime: new Date(1749035919000 + i * 10).toISOString(), time: 30, request: { method: body === undefined ? 'GET' : 'POST', url: `${i % 4 === 0 ? 'http' : 'https'}://${host}/api/v${i % 7}/collect?seq=${i}&os=android`, httpVersion: 'HTTP/1.1', headers: [{ name: 'User-Agent', value: 'okhttp/3.12.0' }, { name: 'Cookie', value: `sid=${i}; lang=zh` }], queryString: [], cookies: [], headersSize: -1, bodySize: -1, ...(body === undefined ? {} : { postData: body }) }, response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 600, mimeType: 'application/json', text: 'x'.repeat(600) }, redirectURL: '', headersSize: -1, bodySize: 600 }, cache: {}, timings: { send: 0, wait: 28, receive: 2 } };
  const s = JSON.stringify(entry);
  parts.push(s);
  size += s.length + 1;
}
writeFileSync(file, `{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"entries":[\n${parts.join(',\n')}\n]}}`);
const child = (m: string): Record<string, number> => JSON.parse(execFileSync(process.execPath, [import.meta.filename, m, file], { encoding: 'utf8', maxBuffer: 1 << 20 })) as Record<string, number>;
const floor = child('--child-floor');
const piscope = child('--child-piscope');
const idle = JSON.parse(execFileSync(process.execPath, ['-e', 'console.log(JSON.stringify({maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024)}))'], { encoding: 'utf8' })) as { maxRssMb: number };
console.log(JSON.stringify({ file, mb: Math.round(statSync(file).size / 1e6), idle, floor, piscope, ratio: { wall: +(piscope.wallMs! / floor.wallMs!).toFixed(2), cpu: +(piscope.cpuMs! / floor.cpuMs!).toFixed(2), rss: +(piscope.maxRssMb! / floor.maxRssMb!).toFixed(2) } }, null, 1));
