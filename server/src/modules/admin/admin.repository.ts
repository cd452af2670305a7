import type { Db } from '../../db/database.js';
import type { InstanceSettingsTable } from '../../db/schema.js';
import type { Updateable } from 'kysely';

export async function getInstanceSettings(db: Db) {
  return db.selectFrom('instance_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

/**
 * Inside a transaction, takes the settings row's write lock until commit (a no-op UPDATE works on both
 * dialects; SQLite transactions are serialised anyway). Sign-ups take it so two first accounts cannot both
 * see an empty instance and both become administrator.
 */
export async function lockInstanceSettings(db: Db): Promise<void> {
  await db
    .updateTable('instance_settings')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('id', '=', 1)
    .execute();
}

export async function updateInstanceSettings(
  db: Db,
  patch: Updateable<InstanceSettingsTable>,
): Promise<void> {
  await db.updateTable('instance_settings').set(patch).where('id', '=', 1).execute();
}

export async function insertInvite(
  db: Db,
  i: { codeHash: string; createdBy: string; now: string; expiresAt: string },
) {
  await db
    .insertInto('invites')
    .values({ code_hash: i.codeHash, created_by: i.createdBy, created_at: i.now, expires_at: i.expiresAt })
    .execute();
}

/** Uses an invite once: the conditional UPDATE is the claim. */
export async function claimInvite(db: Db, codeHash: string, memberId: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('invites')
    .set({ used_at: now, used_by: memberId })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findUsableInvite(db: Db, codeHash: string, now: string) {
  return db
    .selectFrom('invites')
    .select('code_hash')
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}
