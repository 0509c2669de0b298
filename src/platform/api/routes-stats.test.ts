// The dashboard's figures are the counts of the lists they open: each one equals the length of the list the
// same filter gives, on SQLite and on PostgreSQL, for real corpus packages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test/helpers/paths.ts';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../testing/harness.ts';
import type { Client, Reply } from '../testing/client.ts';

interface Row {
  ruleId: string;
  owner: string;
}
interface Stats {
  scans: { total: number; byStatus: Record<string, number> };
  findings: { total: number; bySeverity: Record<string, number>; byRule: { ruleId: string; title: { zh: string }; count: number }[]; byOwner: { owner: string; count: number }[] };
}

async function all(c: Client, path: string): Promise<Row[]> {
  const out: Row[] = [];
  let cursor: string | null = null;
  do {
    const r: Reply<{ items: Row[]; nextCursor: string | null }> = await c.get(`${path}${path.includes('?') ? '&' : '?'}limit=500${cursor === null ? '' : `&cursor=${cursor}`}`);
    expect(r.status, r.text).toBe(200);
    out.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor !== null);
  return out;
}

describe.each(BACKENDS)('GET /stats on %s', (backend) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform(backend);
    for (const id of ['appium-settings', 'android-apidemos']) {
      const up = await p.admin.upload<{ scan: { id: number } }>(corpusFile(id));
      expect(up.status, up.text).toBe(201);
      expect(((await p.admin.waitScan(up.body.scan.id)) as { status: string }).status).toBe('done');
    }
  });
  afterAll(async () => {
    await p.close();
  });

  /** Each figure of `c`'s stats equals the length of the list the same filter gives `c`. */
  const figuresAreLists = async (c: Client): Promise<Stats> => {
    const s = (await c.get<Stats>('/api/v1/stats?top=100')).body;
    const findings = await all(c, '/api/v1/findings');
    expect(findings.length).toBeGreaterThan(1);
    expect(s.findings.total).toBe(findings.length);
    expect(s.scans.total).toBe((await all(c, '/api/v1/scans')).length);
    for (const [severity, n] of Object.entries(s.findings.bySeverity)) expect((await all(c, `/api/v1/findings?severity=${severity}`)).length, severity).toBe(n);
    for (const r of s.findings.byRule) expect((await all(c, `/api/v1/findings?ruleId=${r.ruleId}`)).length, r.ruleId).toBe(r.count);
    for (const o of s.findings.byOwner) expect((await all(c, `/api/v1/findings?owner=${encodeURIComponent(o.owner)}`)).length, o.owner).toBe(o.count);
    // Most first, and every rule and owner of the findings is there (top=100 is more than there are).
    expect(s.findings.byRule.map((r) => r.count)).toEqual(s.findings.byRule.map((r) => r.count).sort((a, b) => b - a));
    expect(new Set(s.findings.byRule.map((r) => r.ruleId))).toEqual(new Set(findings.map((f) => f.ruleId)));
    expect(new Set(s.findings.byOwner.map((o) => o.owner))).toEqual(new Set(findings.map((f) => f.owner)));
    return s;
  };

  it('counts what the lists behind each figure show', async () => {
    const s = await figuresAreLists(p.admin);
    expect(s.scans.byStatus).toEqual({ done: 2 });
    expect(s.findings.byRule[0]!.title.zh).toMatch(/\p{Script=Han}/u);
    const top1 = (await p.admin.get<Stats>('/api/v1/stats?top=1')).body;
    expect(top1.findings.byRule).toHaveLength(1);
    expect((await p.admin.get('/api/v1/stats?top=0')).status).toBe(400);
  });

  it("a province's figures are its own lists: what it uploaded, not the other upload", async () => {
    const org = await p.admin.post<{ id: number }>('/api/v1/orgs', { name: '广东省', code: 'GD', level: 'provincial' });
    expect(org.status, org.text).toBe(201);
    const u = await p.admin.post('/api/v1/users', { name: 'gd', email: 'gd@example.cn', password: 'correct horse battery', roles: ['admin'], orgId: org.body.id });
    expect(u.status, u.text).toBe(201);
    const login = await p.admin.post<{ token: string }>('/api/v1/auth/login', { email: 'gd@example.cn', password: 'correct horse battery' });
    const gd = p.admin.as(login.body.token);
    // The same bytes as the national upload: the province sees that scan, and only it.
    const up = await gd.upload<{ scan: { id: number } }>(corpusFile('appium-settings'));
    expect(up.status, up.text).toBe(200);
    const s = await figuresAreLists(gd);
    expect(s.scans).toEqual({ total: 1, byStatus: { done: 1 } });
    const national = (await p.admin.get<Stats>('/api/v1/stats?top=100')).body;
    expect(s.findings.total).toBeLessThan(national.findings.total);
  });
});
