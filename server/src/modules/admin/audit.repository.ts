import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { AdminAuditTable } from '../../db/schema.js';

/** One line of the admin audit: what an admin did or read that members would want to know about. */
export async function insertAudit(db: Db, row: Insertable<AdminAuditTable>): Promise<void> {
  await db.insertInto('admin_audit').values(row).execute();
}
