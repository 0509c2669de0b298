// `node scripts/owner-parties.ts`: call sites per owner party (app, sdk, third-party, platform) and the
// pre-consent findings of every real app in ../shared/corpus/real-apps/files (evaluation data, not part of the
// project) and of ApiDemos from the corpus. Says so and stops when ../shared is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { partyOf } from '../src/analysis/facts-build.ts';
import { scan } from '../src/engine/index.ts';

const root = resolve(import.meta.dirname, '..');
const dir = resolve(root, '..', 'shared', 'corpus', 'real-apps', 'files');
if (!existsSync(dir)) {
  console.error(`${dir} is absent: nothing to measure (it holds third-party apps that the project does not ship)`);
  process.exit(2);
}
const files = readdirSync(dir).sort().map((f) => join(dir, f));
const demos = join(root, '.cache', 'corpus', 'android-apidemos', 'ApiDemos-debug.apk');
if (existsSync(demos)) files.push(demos);

console.log(['file', 'calls', 'app', 'sdk', 'third-party', 'platform', 'pre-consent findings', 'high'].join('\t'));
for (const f of files) {
  const r = await scan({ bytes: new Uint8Array(readFileSync(f)), path: f });
  const n = { app: 0, sdk: 0, 'third-party': 0, platform: 0 };
  for (const c of r.apiCalls) n[partyOf(c.callerOwner)]++;
  const pre = r.findings.filter((x) => x.ruleId === 'collection-before-consent').length;
  const high = r.findings.filter((x) => x.severity === 'high').length;
  console.log([f.slice(f.lastIndexOf('/') + 1), r.apiCalls.length, n.app, n.sdk, n['third-party'], n.platform, pre, high].join('\t'));
}
