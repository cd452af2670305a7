import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type { AuditLogTable } from '../../db/schema.js';
import type { Cursor } from '../../shared/pagination.js';

/** One line of the audit log: an admin action or a security-relevant event (0020). */
export async function insertAudit(db: Db, row: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

/**
 * A page of the audit log, newest first: the lines that concern one member (audit_log_member) or, with no
 * member, everyone's (audit_log_time). A LIMITed index walk either way; who did it and whom it concerns are
 * read by primary key for the page's rows.
 */
export async function listAuditPage(
  db: Db,
  opts: { memberId?: string | undefined; cursor?: Cursor | undefined; limit: number },
) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('members as actor', 'actor.id', 'audit_log.actor_id')
    .leftJoin('members as subject', 'subject.id', 'audit_log.member_id')
    .select([
      'audit_log.id',
      'audit_log.member_id',
      'audit_log.actor_id',
      'audit_log.action',
      'audit_log.subject_type',
      'audit_log.subject_id',
      'audit_log.detail',
      'audit_log.ip',
      'audit_log.user_agent',
      'audit_log.created_at',
      'actor.handle as actor_handle',
      'actor.name as actor_name',
      'actor.deleted_at as actor_deleted_at',
      'subject.handle as member_handle',
      'subject.name as member_name',
      'subject.deleted_at as member_deleted_at',
    ]);
  if (opts.memberId !== undefined) q = q.where('audit_log.member_id', '=', opts.memberId);
  if (opts.cursor) q = q.where(pastCursor('audit_log.created_at', 'audit_log.id', opts.cursor, 'desc'));
  return q
    .orderBy('audit_log.created_at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(opts.limit + 1)
    .execute();
}

export async function findMemberIdByHandle(db: Db, handle: string): Promise<string | undefined> {
  const row = await db.selectFrom('members').select('id').where('handle', '=', handle).executeTakeFirst();
  return row?.id;
}
