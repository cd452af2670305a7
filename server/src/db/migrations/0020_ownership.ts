import { sql, type Kysely } from 'kysely';

// Frozen: ownership and sharing (issue 10).
// - members: suspended_at (an admin suspended them: signed out, open overflow hidden, history kept);
//   deletion_requested_at / deletion_due_at (a deletion waits out its grace period; signing in cancels it);
//   deleted_at (the personal data is gone; the row stays so what others own keeps pointing at "a former
//   member"). members_deletion_due is the deletion job's walk.
// - sessions.ip: where a session signed in from (the member's list of sessions; a new device is an event).
// - email_tokens.new_email: the address an 'email_change' token confirms.
// - audit_log replaces admin_audit (0011): every admin action and every security-relevant event. member_id is
//   whom the event concerns (the member sees their own), actor_id who did it (NULL for the instance itself).
// - member_exports: an export job per request, with progress; the document is stored until the link expires.
// - reports: a member reports content; admins resolve it (hidden, suspended, dismissed); the reporter is told.
// - hidden_at on reportable content that had no such column (questions have one since 0011): a hidden item
//   stays in its owner's history and in exports but leaves every other view.

const HIDDEN_AT = ['overflow', 'offers', 'engagement_messages', 'noticed_notes', 'thanks_notes'];

/** [name, table, columns, partial predicate] */
const INDEXES: [string, string, string[], string | null][] = [
  ['members_deletion_due', 'members', ['deletion_due_at', 'id'], 'deletion_due_at is not null'],
  ['members_suspended', 'members', ['suspended_at', 'id'], 'suspended_at is not null'],
  ['audit_log_time', 'audit_log', ['created_at', 'id'], null],
  ['audit_log_member', 'audit_log', ['member_id', 'created_at', 'id'], null],
  ['audit_log_subject', 'audit_log', ['subject_type', 'subject_id', 'created_at'], null],
  ['member_exports_member', 'member_exports', ['member_id', 'created_at', 'id'], null],
  ['member_exports_pending', 'member_exports', ['created_at', 'id'], "status in ('queued', 'running')"],
  ['member_exports_expiry', 'member_exports', ['expires_at', 'id'], 'expires_at is not null'],
  ['reports_open', 'reports', ['created_at', 'id'], "status = 'open'"],
  ['reports_time', 'reports', ['created_at', 'id'], null],
  ['reports_reporter', 'reports', ['reporter_id', 'created_at', 'id'], null],
  ['reports_subject', 'reports', ['subject_type', 'subject_id', 'status'], null],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  for (const c of ['suspended_at', 'deletion_requested_at', 'deletion_due_at', 'deleted_at'])
    await db.schema.alterTable('members').addColumn(c, 'text').execute();
  await db.schema.alterTable('sessions').addColumn('ip', 'text').execute();
  await db.schema.alterTable('email_tokens').addColumn('new_email', 'text').execute();
  for (const t of HIDDEN_AT) await db.schema.alterTable(t).addColumn('hidden_at', 'text').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.references('members.id'))
    .addColumn('actor_id', 'text', (c) => c.references('members.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Admin reads of a member's data concern that member when the subject is one.
  await sql`insert into audit_log (id, member_id, actor_id, action, subject_type, subject_id, detail, created_at)
    select id, case when subject_type = 'member' then subject_id else null end, actor_id, action, subject_type,
      subject_id, detail, created_at
    from admin_audit`.execute(db);
  await db.schema.dropTable('admin_audit').execute();

  await db.schema
    .createTable('member_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('token_hash', 'text')
    .addColumn('data', 'text')
    .addColumn('bytes', 'integer')
    .addColumn('error', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('ready_at', 'text')
    .addColumn('expires_at', 'text')
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reporter_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('subject_member_id', 'text', (c) => c.references('members.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text', (c) => c.references('members.id'))
    .addColumn('resolved_at', 'text')
    .addColumn('resolution_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  for (const [name, table, columns, where] of INDEXES) {
    let b = db.schema.createIndex(name).on(table).columns(columns);
    if (where) b = b.where(sql.raw<boolean>(where));
    await b.execute();
  }
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).execute();
  await db.schema.dropTable('reports').execute();
  await db.schema.dropTable('member_exports').execute();
  await db.schema
    .createTable('admin_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('actor_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into admin_audit (id, actor_id, action, subject_type, subject_id, detail, created_at)
    select id, actor_id, action, subject_type, subject_id, detail, created_at
    from audit_log where actor_id is not null`.execute(db);
  await db.schema.dropTable('audit_log').execute();
  await db.schema.createIndex('admin_audit_time').on('admin_audit').columns(['created_at', 'id']).execute();
  await db.schema
    .createIndex('admin_audit_subject')
    .on('admin_audit')
    .columns(['subject_type', 'subject_id', 'created_at'])
    .execute();
  for (const t of [...HIDDEN_AT].reverse()) await db.schema.alterTable(t).dropColumn('hidden_at').execute();
  await db.schema.alterTable('email_tokens').dropColumn('new_email').execute();
  await db.schema.alterTable('sessions').dropColumn('ip').execute();
  for (const c of ['deleted_at', 'deletion_due_at', 'deletion_requested_at', 'suspended_at'])
    await db.schema.alterTable('members').dropColumn(c).execute();
}
