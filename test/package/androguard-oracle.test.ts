// Components against a second independent oracle: androguard 3.4 (Debian), one Python run for all APKs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPackage } from '../../src/package/open-package.ts';
import { corpusFiles, corpusItems, fixtureApk } from '../helpers/paths.ts';

const SCRIPT = `
import sys, json, logging
logging.disable(logging.CRITICAL)
from androguard.core.bytecodes.apk import APK
out = {}
for f in sys.argv[1:]:
    a = APK(f)
    out[f] = {k: sorted(getattr(a, 'get_' + k)()) for k in ['activities', 'services', 'receivers', 'providers']}
print(json.dumps(out))
`;

const apks = [...corpusItems('apk').flatMap((c) => corpusFiles(c.id)), fixtureApk('pkg-full'), fixtureApk('pkg-alias')];

describe('components agree with androguard', () => {
  // Debian's androguard lives in the system Python, not in a pyenv one that may shadow it.
  const oracle = JSON.parse(execFileSync('/usr/bin/python3', ['-c', SCRIPT, ...apks], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] })) as Record<
    string,
    Record<'activities' | 'services' | 'receivers' | 'providers', string[]>
  >;
  it.each(apks)('%s', (apk) => {
    const m = openPackage(readFileSync(apk), { path: apk }).manifest!;
    const names = (type: string): string[] => m.components.filter((c) => c.type === type).map((c) => c.name).sort();
    expect({ activities: names('activity'), services: names('service'), receivers: names('receiver'), providers: names('provider') }).toEqual({
      activities: oracle[apk]!.activities,
      services: oracle[apk]!.services,
      receivers: oracle[apk]!.receivers,
      providers: oracle[apk]!.providers,
    });
  });
});
