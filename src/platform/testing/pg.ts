// Tests that need PostgreSQL find it at PISCOPE_TEST_PG and make their own database, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_PG = process.env.PISCOPE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `piscope_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG });
      await c.connect();
      try {
        // A closed pool's connections may still be on their way out; FORCE would then terminate them and their
        // clients report an error nobody listens to. Wait (up to 5 s) until the server has let them go.
        for (let i = 0; i < 50; i++) {
          const r = await c.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (r.rows[0]!.n === '0') break;
          await new Promise((res) => setTimeout(res, 100));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
