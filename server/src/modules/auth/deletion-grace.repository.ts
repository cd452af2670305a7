import type { Db } from '../../db/database.js';

/**
 * The grace period of a member's deletion request (members.deletion_requested_at / deletion_due_at, 0020):
 * clearing it is a conditional update, so a sign-in and the deletion job never both win.
 */
export async function clearDeletionRequest(db: Db, memberId: string, now: string): Promise<boolean> {
  const res = await db
    .updateTable('members')
    .set({ deletion_requested_at: null, deletion_due_at: null, updated_at: now })
    .where('id', '=', memberId)
    .where('deletion_due_at', 'is not', null)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
