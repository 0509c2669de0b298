// SDK identification on the real SDK binaries of the corpus, by package and by fingerprint, with the JShare
// jars and our own fixtures as negative controls for the fingerprints.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFiles, corpusItems, fixtureApk } from '../../test/helpers/paths.ts';
import { fixtureNames } from '../../scripts/build-fixtures.ts';
import { openPackage } from '../package/open-package.ts';
import { analyze } from './analyze.ts';
import { fingerprintProfiles } from './fingerprint-match.ts';

function facts(file: string): ReturnType<typeof analyze> {
  return analyze(openPackage(new Uint8Array(readFileSync(file)), { path: file }));
}

const sdkItems = [...corpusItems('jar'), ...corpusItems('aar')].filter((i) => i.sdks !== undefined);

describe('SDKs of the corpus are identified from their real binaries', () => {
  for (const item of sdkItems) {
    for (const file of corpusFiles(item.id)) {
      it(`${item.id}: ${basename(file)} → ${item.sdks!.join(', ')}`, { timeout: 120_000 }, () => {
        const f = facts(file);
        for (const id of item.sdks!) {
          const hit = f.sdks.find((s) => s.id === id);
          expect(hit, id).toBeDefined();
          expect(hit!.evidenceClasses.length).toBeGreaterThan(0);
          expect(hit!.prefixes.length + hit!.packages.length).toBeGreaterThan(0);
        }
        // A library's public API is its entry: nothing in it is claimed dead. (An aar's own manifest
        // components do run, so some of its calls can be reachable.)
        expect(f.apiCalls.every((c) => c.reachable !== false && c.beforeConsent !== false)).toBe(true);
        if (item.kind === 'jar') expect(f.apiCalls.every((c) => c.reachable === null)).toBe(true);
        if (item.id !== 'jshare') {
          for (const id of item.sdks!) {
            const profile = fingerprintProfiles().profiles.find((p) => p.sdk === id && p.sources.some((src) => src.includes(basename(file))));
            if (profile !== undefined) expect(f.sdks.find((s) => s.id === id)?.matchedBy, `${id} by fingerprint too`).toBe('both');
          }
        }
      });
    }
  }
});

describe('fingerprints invent no SDK', () => {
  for (const file of corpusFiles('jshare')) {
    it(`JShare ${basename(file)}: jshare by package, nothing by fingerprint alone`, { timeout: 120_000 }, () => {
      const f = facts(file);
      expect(f.sdks.find((s) => s.id === 'jshare')?.matchedBy).toBe('package');
      expect(f.sdks.filter((s) => s.matchedBy === 'fingerprint')).toEqual([]);
    });
  }
  // Our own fixtures (other helpers' fixtures are built concurrently and may hold SDK packages on purpose).
  for (const name of fixtureNames().filter((n) => n.startsWith('an-') || n === 'hello')) {
    it(`fixture ${name}`, { timeout: 120_000 }, () => {
      expect(facts(fixtureApk(name)).sdks.filter((s) => s.matchedBy === 'fingerprint')).toEqual([]);
    });
  }
});
