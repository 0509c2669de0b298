import type { Manifest } from '../../package/types.ts';
import type { InvalidCase, RuleCase } from '../rule-tester.ts';

function manifest(label: string | null, launchable: string | null = 'com.example.app.Main'): Manifest {
  return {
    packageName: 'com.example.app', versionCode: 1, versionName: '1', minSdk: 21, targetSdk: 33, label, labelZh: null, applicationClass: null, appComponentFactory: null,
    permissions: [], definedPermissions: [], components: [], launchableActivity: launchable, usesFeatures: [], metaData: [], queries: [],
    root: { tag: 'manifest', attrs: {}, children: [{ tag: 'application', attrs: {}, children: [], line: 7 }], line: 2 },
  };
}

export const valid: RuleCase[] = [
  { name: 'named app', manifest: manifest('Example') },
  { name: 'label unresolved', manifest: manifest(null) },
  { name: 'blank but no launcher entry', manifest: manifest(' ', null) },
];

export const invalid: InvalidCase[] = [
  { name: 'spaces only', manifest: manifest('   '), findings: [{ severity: 'medium', confidence: 'confirmed' }] },
  { name: 'zero-width characters', manifest: manifest('\u200b\u200b'), findings: [{ severity: 'medium' }] },
];
