// Opens the platform's database: a SQLite file (embedded) or a postgres:// URL (scale), migrated to latest.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrate } from './migrations.ts';
import type { DB, Db, Dialect } from './schema.ts';

// int8 and count() come back as strings from pg unless told otherwise; our counts and sizes fit a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface Database {
  db: Db;
  dialect: Dialect;
  /** The postgres URL, for the queue that shares the database. */
  url: string | null;
  close(): Promise<void>;
}

export const isPostgresUrl = (s: string): boolean => /^postgres(ql)?:\/\//.test(s);

export async function openDatabase(target: string, opts: { poolSize?: number } = {}): Promise<Database> {
  let db: Db;
  let dialect: Dialect;
  if (isPostgresUrl(target)) {
    dialect = 'postgres';
    // No JIT: list queries at scale are planned as costly (LIMIT over millions) and JIT compiled them for
    // 300-500 ms before a 1 ms answer (bench/PLATFORM-SCALE.md).
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target, max: opts.poolSize ?? 10, options: '-c jit=off' }) }) });
  } else {
    dialect = 'sqlite';
    mkdirSync(dirname(target), { recursive: true });
    const file = new SQLite(target);
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = NORMAL');
    file.pragma('busy_timeout = 10000');
    file.pragma('foreign_keys = ON');
    db = new Kysely<DB>({ dialect: new SqliteDialect({ database: file }) });
  }
  await migrate(db as unknown as Kysely<unknown>, dialect);
  return { db, dialect, url: dialect === 'postgres' ? target : null, close: () => db.destroy() };
}
