// The national-scale generator (bench/platform-scale.ts --generate) at a tiny scale, against a real
// PostgreSQL database of its own, dropped after; and the list indexes on SQLite too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, PROVINCES, slots } from '../bench/lib/platform-scale-data.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { RULES } from '../src/rules/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/platform/testing/pg.ts';

describe('slots', () => {
  it('gives each item a share of the slots proportional to its weight', () => {
    const s = slots(['a', 'b', 'c'], (x) => ({ a: 1, b: 3, c: 0 })[x]!, 100);
    expect(s).toHaveLength(100);
    expect(s.filter((x) => x === 'a')).toHaveLength(25);
    expect(s.filter((x) => x === 'b')).toHaveLength(75);
    expect(s).not.toContain('c');
  });
});

describe('platform-scale generator (tiny scale, PostgreSQL)', () => {
  let tdb: TestDatabase;
  let c: pg.Client;
  const V = 3000;
  const F = 30_000;
  const one = async (sqlText: string): Promise<string> => String(Object.values((await c.query<Record<string, unknown>>(sqlText)).rows[0]!)[0]);

  beforeAll(async () => {
    tdb = await createTestDatabase();
    await generate(tdb.url, { versions: V, findings: F, seed: 7, connections: 2 });
    c = new pg.Client({ connectionString: tdb.url });
    await c.connect();
  });
  afterAll(async () => {
    await c?.end();
    await tdb?.drop();
  });

  it('makes exactly the versions and findings asked for, one package each, ids dense', async () => {
    expect(Number(await one('SELECT count(*) FROM versions'))).toBe(V);
    expect(Number(await one('SELECT count(*) FROM packages'))).toBe(V);
    expect(await one('SELECT count(*) || \',\' || min(id) || \',\' || max(id) FROM findings')).toBe(`${F},1,${F}`);
    // Every scan's finding_count is the number of its findings.
    expect(Number(await one(`SELECT count(*) FROM scans s WHERE s.status = 'done' AND s.finding_count <> (SELECT count(*) FROM findings f WHERE f.scan_id = s.id)`))).toBe(0);
  });

  it('has the national organisation and the 31 provinces, nearly all with uploads, the big ones more', async () => {
    expect(await one(`SELECT count(*) FILTER (WHERE level = 'provincial') || '+' || count(*) FILTER (WHERE level = 'national') FROM orgs`)).toBe(`${PROVINCES.length}+1`);
    expect(PROVINCES).toHaveLength(31);
    const per = (await c.query<{ code: string; n: string }>('SELECT o.code, count(u.id) n FROM orgs o LEFT JOIN uploads u ON u.org_id = o.id GROUP BY o.code')).rows;
    const n = (code: string) => Number(per.find((r) => r.code === code)!.n);
    // At this tiny scale the smallest provinces (weights 0.1 to 0.2 of 100) may have no upload yet.
    expect(per.filter((r) => Number(r.n) > 0).length).toBeGreaterThanOrEqual(28);
    expect(n('CN')).toBeGreaterThan(0);
    expect(n('GD')).toBeGreaterThan(n('XZ') * 10);
  });

  it('skews versions per app and keeps fingerprints across an app\'s versions, with churn', async () => {
    expect(Number(await one('SELECT count(*) FROM (SELECT app_id FROM versions GROUP BY app_id HAVING count(*) = 1) x'))).toBeGreaterThan(0);
    expect(Number(await one('SELECT max(n) FROM (SELECT count(*) n FROM versions GROUP BY app_id) x'))).toBeGreaterThan(15);
    // Share of an app's fingerprints seen in more than one of its scans (persisting), and some seen once (new or fixed).
    const persisting = Number(await one('SELECT avg((n > 1)::int) FROM (SELECT fingerprint, count(DISTINCT scan_id) n FROM findings GROUP BY fingerprint) x'));
    expect(persisting).toBeGreaterThan(0.2);
    expect(persisting).toBeLessThan(0.95);
  });

  it('uses the rules of src/rules with their titles and severities, and makes review states', async () => {
    const rules = (await c.query<{ rule_id: string; title_en: string }>('SELECT DISTINCT rule_id, title_en FROM findings')).rows;
    for (const r of rules) expect(RULES[r.rule_id]?.meta.title.en).toBe(r.title_en);
    expect(rules.length).toBeGreaterThan(20);
    const states = (await c.query<{ state: string }>('SELECT DISTINCT state FROM reviews ORDER BY 1')).rows.map((r) => r.state);
    expect(states).toEqual(['accepted', 'confirmed', 'false_positive', 'open']);
  });

  it('leaves the schema as the migrations made it, keys and indexes included', async () => {
    const idx = (await c.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename IN ('findings','scans') ORDER BY 1`)).rows.map((r) => r.indexname);
    expect(idx).toEqual(expect.arrayContaining(['findings_pkey', 'findings_scan_idx', 'findings_fingerprint', 'findings_rule', 'scans_identity', 'scans_app']));
    // Sequences continue after the generated ids.
    expect(Number(await one(`SELECT nextval('findings_id_seq')`))).toBe(F + 1);
  });

  it('is reproducible: the same seed gives the same rows', async () => {
    const sum = () => one(`SELECT md5(string_agg(id || fingerprint || rule_id || scan_id, ',' ORDER BY id)) FROM findings WHERE id % 50 = 0`);
    const before = await sum();
    await c.end();
    await generate(tdb.url, { versions: V, findings: F, seed: 7, connections: 3 });
    c = new pg.Client({ connectionString: tdb.url });
    await c.connect();
    expect(await sum()).toBe(before);
  });
});

describe('list indexes', () => {
  it('are made on SQLite too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'piscope-idx-'));
    try {
      const d = await openDatabase(join(dir, 'p.db'));
      const names = (await d.db.selectFrom('sqlite_master' as never).select('name' as never).where('type' as never, '=', 'index' as never).execute()).map((r) => (r as { name: string }).name);
      await d.close();
      expect(names).toEqual(expect.arrayContaining(['findings_rule', 'findings_severity', 'scans_app', 'apps_package_name', 'audit_org']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
