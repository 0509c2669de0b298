// The engine fetches an online policy only through the caller's function (the CLI's --fetch-policy); here
// the function serves a real policy file from disk, as a web server would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureApk, ROOT } from '../../test/helpers/paths.ts';
import { scan } from './scan.ts';

describe('scan() with an online policy', () => {
  const path = fixtureApk('rule-online-policy');
  const bytes = readFileSync(path);

  it('without fetching: no policy, but the URL is named and the finding is only possible', async () => {
    const r = await scan({ bytes, path });
    const f = r.findings.find((x) => x.ruleId === 'no-privacy-policy');
    expect(f).toMatchObject({ severity: 'medium', confidence: 'possible' });
    expect(f?.evidence.some((e) => e.kind === 'network' && e.url === 'https://www.example.com/legal/privacy.html')).toBe(true);
  });

  it('with fetching: the policy at that URL is analysed and judged', async () => {
    const asked: string[] = [];
    const r = await scan({ bytes, path }, {
      fetchPolicy: (url) => {
        asked.push(url);
        return Promise.resolve({ bytes: readFileSync(join(ROOT, 'fixtures', 'policies', 'rule-preconsent.html')), name: 'privacy.html' });
      },
    });
    expect(asked).toEqual(['https://www.example.com/legal/privacy.html']);
    expect(r.policy).toMatchObject({ found: true, source: 'https://www.example.com/legal/privacy.html' });
    expect(r.findings.some((x) => x.ruleId === 'no-privacy-policy')).toBe(false);
    expect(r.dataTypes.find((d) => d.id === 'device.imei')?.declared).toBe(true);
  });

  it('a failed fetch is a diagnostic, not a crash', async () => {
    const r = await scan({ bytes, path }, { fetchPolicy: () => Promise.reject(new Error('connection refused')) });
    expect(r.policy.found).toBe(false);
    expect(r.diagnostics?.some((d) => /connection refused/.test(d.message))).toBe(true);
  });
});
