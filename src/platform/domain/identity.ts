// Who is calling: passwords (scrypt, never stored), API tokens (random, stored as their sha256, revocable),
// and the bootstrap of a fresh platform (PISCOPE_BOOTSTRAP_TOKEN → national organisation + administrator).
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { now, type Db } from '../db/schema.ts';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export const ROLES = ['admin', 'inspector', 'reviewer', 'viewer', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: number;
  orgId: number;
  national: boolean;
  roles: Role[];
  companyId: number | null;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || n === undefined || salt === undefined || hash === undefined) return false;
  const want = Buffer.from(hash, 'base64url');
  const got = await scrypt(password, Buffer.from(salt, 'base64url'), want.length, { ...SCRYPT, N: Number(n) });
  return timingSafeEqual(got, want);
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
export const newToken = (): string => `psc_${randomBytes(32).toString('base64url')}`;

export async function issueToken(db: Db, userId: number, name: string, token: string = newToken()): Promise<{ id: number; token: string }> {
  const row = await db.insertInto('api_tokens').values({ user_id: userId, name, token_hash: hashToken(token), created_at: now(), revoked_at: null }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, token };
}

export async function principalForToken(db: Db, token: string): Promise<Principal | null> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .innerJoin('orgs as o', 'o.id', 'u.org_id')
    .select(['u.id as userId', 'u.org_id as orgId', 'o.level', 'u.roles', 'u.company_id as companyId'])
    .where('t.token_hash', '=', hashToken(token))
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) return null;
  return { userId: row.userId, orgId: row.orgId, national: row.level === 'national', roles: JSON.parse(row.roles) as Role[], companyId: row.companyId };
}

/** With no user yet and a bootstrap token: the national organisation and its administrator. */
export async function bootstrap(db: Db, token: string | undefined): Promise<boolean> {
  if (token === undefined || token === '') return false;
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any !== undefined) return false;
  const t = now();
  await db.transaction().execute(async (trx) => {
    const org = await trx.insertInto('orgs').values({ name: '国家', level: 'national', code: 'CN', parent_id: null, created_at: t }).onConflict((oc) => oc.column('code').doNothing()).returning('id').executeTakeFirst();
    const orgId = org?.id ?? (await trx.selectFrom('orgs').select('id').where('code', '=', 'CN').executeTakeFirstOrThrow()).id;
    const user = await trx.insertInto('users').values({ org_id: orgId, name: 'admin', email: null, password_hash: null, roles: JSON.stringify(['admin', 'inspector', 'reviewer']), company_id: null, created_at: t }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('api_tokens').values({ user_id: user.id, name: 'bootstrap', token_hash: hashToken(token), created_at: t, revoked_at: null }).execute();
  });
  return true;
}
