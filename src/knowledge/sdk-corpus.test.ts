// SDK prefixes against the real SDK binaries of the corpus (test/helpers/corpus-list.ts): the catalogue's
// prefixes must occur in them, and the longest-prefix lookup must attribute their classes to the SDKs they are.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../../test/helpers/corpus-list.ts';
import { corpusFiles } from '../../test/helpers/paths.ts';
import { sdkById, sdkForClass, sdks } from './index.ts';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function jarClasses(jar: string): string[] {
  return execFileSync('unzip', ['-Z1', jar], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n')
    .filter((l) => l.endsWith('.class'))
    .map((l) => l.slice(0, -'.class'.length).replaceAll('/', '.'));
}

/** Dotted class names of a JAR, or of every JAR inside an AAR (classes.jar and libs/*.jar). */
function classesOf(file: string): string[] {
  if (!file.endsWith('.aar')) return jarClasses(file);
  const dir = mkdtempSync(join(tmpdir(), 'piscope-aar-'));
  temps.push(dir);
  execFileSync('unzip', ['-q', '-o', file, '*.jar', '-d', dir]);
  const jars: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.jar')) jars.push(p);
    }
  };
  walk(dir);
  return jars.flatMap(jarClasses);
}

// SDKs that a binary legitimately bundles besides the one it is (observed with `unzip -l`).
const BUNDLED: Record<string, string[]> = {
  jcore: ['jpush'],
  jshare: ['weibo'],
  alipay: ['utdid'],
  'xiaomi-push': ['apache-thrift', 'protobuf'],
  'aliyun-third-push': ['xiaomi-push', 'oppo-push', 'vivo-push', 'huawei-push'],
};

const items = CORPUS.filter((c) => c.sdks !== undefined);

describe('SDK catalogue against the real SDK binaries', () => {
  it('has corpus items to check', () => {
    expect(items.length).toBeGreaterThanOrEqual(15);
  });

  for (const item of items) {
    it(`${item.id}: prefixes occur and classes are attributed to ${item.sdks!.join(', ')}`, () => {
      const classes = corpusFiles(item.id).flatMap(classesOf);
      expect(classes.length).toBeGreaterThan(20);
      const expected = new Set(item.sdks);
      const allowed = new Set([...expected, ...(BUNDLED[item.id] ?? [])]);

      // Each expected SDK: known, cites this binary as observed, and at least one of its prefixes occurs.
      for (const id of expected) {
        const sdk = sdkById(id);
        expect(sdk, id).toBeDefined();
        expect(sdk!.sources.some((s) => s.startsWith(`observed: ${item.id} `)), `${id} cites observed: ${item.id}`).toBe(true);
        const hit = sdk!.packages.filter((p) => classes.some((c) => c.startsWith(`${p}.`)));
        expect(hit.length, `${id} prefixes in ${item.id}`).toBeGreaterThan(0);
      }

      // Attribution: most classes go to the expected SDKs, none to an SDK the binary does not hold.
      const byId = new Map<string, number>();
      let attributed = 0;
      for (const c of classes) {
        const m = sdkForClass(c);
        if (m === undefined) continue;
        attributed++;
        byId.set(m.sdk.id, (byId.get(m.sdk.id) ?? 0) + 1);
      }
      const strangers = [...byId.keys()].filter((id) => !allowed.has(id));
      expect(strangers, `classes of ${item.id} attributed to other SDKs`).toEqual([]);
      const mine = [...expected].reduce((n, id) => n + (byId.get(id) ?? 0), 0);
      expect(attributed / classes.length, `${item.id} attributed share`).toBeGreaterThan(0.8);
      expect(mine, `${item.id} classes attributed to ${[...expected].join(',')}`).toBeGreaterThan(0);
      // The binary's main SDK owns the largest share, unless it is a thin adapter (Aliyun's third-push AAR).
      if (item.id !== 'aliyun-third-push') {
        const top = [...byId].sort((a, b) => b[1] - a[1])[0]![0];
        expect(expected.has(top), `${item.id}: top SDK ${top}`).toBe(true);
      }
    });
  }

  it('every "observed:" SDK source names a corpus item where one of its prefixes occurs', () => {
    const byItem = new Map<string, string[]>();
    for (const sdk of sdks()) {
      for (const s of sdk.sources) {
        const m = /^observed: ([a-z0-9-]+) /u.exec(s);
        if (m === null) continue;
        const id = m[1]!;
        expect(CORPUS.some((c) => c.id === id), `${sdk.id} cites unknown corpus item ${id}`).toBe(true);
        if (s.includes('AndroidManifest.xml')) {
          // A manifest observation: one of the SDK's manifest hints is written in the AAR's manifest.
          const manifest = corpusFiles(id).map((f) => execFileSync('unzip', ['-p', f, 'AndroidManifest.xml'], { encoding: 'utf8' })).join('\n');
          const h = sdk.manifest;
          const hints = [...(h?.metaData ?? []), ...(h?.actions ?? []), ...(h?.permissionSuffixes ?? [])];
          expect(hints.some((x) => manifest.includes(x)), `${sdk.id} manifest hints in ${id}`).toBe(true);
          continue;
        }
        if (!byItem.has(id)) byItem.set(id, corpusFiles(id).flatMap(classesOf));
        const classes = byItem.get(id)!;
        expect(sdk.packages.some((p) => classes.some((c) => c.startsWith(`${p}.`))), `${sdk.id} in ${id}`).toBe(true);
      }
    }
    expect(byItem.size).toBeGreaterThanOrEqual(15);
  });
});
