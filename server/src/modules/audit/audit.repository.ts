import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { AuditLogTable } from '../../db/schema.js';

/** One line of the audit log: an admin action or a security-relevant event (0020). */
export async function insertAudit(db: Db, row: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}
