// The audit log: every change made by a person, with who, when and why. Append-only (the database refuses
// updates and deletes of its rows, see the migration).
import { now, type Db } from '../db/schema.ts';
import type { Principal } from './identity.ts';

export async function audit(db: Db, who: Principal, action: string, target: string, reason: string | null, detail: unknown = {}): Promise<void> {
  await db.insertInto('audit_log').values({ org_id: who.orgId, user_id: who.userId, action, target, reason, detail: JSON.stringify(detail), at: now() }).execute();
}
