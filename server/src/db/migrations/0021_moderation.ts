import { sql, type Kysely } from 'kysely';

// Frozen: moderation (issue 10).
// - The admin members list walks members in handle order: all of them (the handle's unique index), by role
//   (members_role_handle), the suspended ones (members_suspended_handle, partial), and a name prefix
//   (members_name_lower, on lower(name)); an email prefix walks the email's unique index.
// - The report queue by status, newest first (reports_status). One open report per reporter and subject
//   (reports_one_open, unique and partial): a second report while the first is open is the same report.
// - A suspended member's open overflow moves to status 'suspended' (overflow and overflow_skills), so every
//   walk of open overflow (overflow_board, overflow_skills_board, …) passes it by without reading it; it needs
//   no index of its own: reinstatement finds it through overflow_owner.

/** [name, table, columns or an expression, partial predicate] */
const INDEXES: [string, string, string[] | string, string | null][] = [
  ['members_role_handle', 'members', ['role', 'handle'], null],
  ['members_suspended_handle', 'members', ['handle'], 'suspended_at is not null'],
  ['members_name_lower', 'members', 'lower(name), handle', null],
  ['reports_status', 'reports', ['status', 'created_at', 'id'], null],
];

const UNIQUE_INDEXES: [string, string, string[], string][] = [
  ['reports_one_open', 'reports', ['reporter_id', 'subject_type', 'subject_id'], "status = 'open'"],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns, where] of INDEXES) {
    let b = db.schema.createIndex(name).on(table);
    b = typeof columns === 'string' ? b.expression(sql.raw(columns)) : b.columns(columns);
    if (where) b = b.where(sql.raw<boolean>(where));
    await b.execute();
  }
  for (const [name, table, columns, where] of UNIQUE_INDEXES)
    await db.schema
      .createIndex(name)
      .on(table)
      .columns(columns)
      .unique()
      .where(sql.raw<boolean>(where))
      .execute();
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  // Suspended overflow was open before: it goes back to open (its owner is reinstated by the older schema).
  await sql`update overflow_skills set status = 'open' where status = 'suspended'`.execute(db);
  await sql`update overflow set status = 'open' where status = 'suspended'`.execute(db);
  for (const [name] of [...UNIQUE_INDEXES, ...INDEXES].reverse()) await db.schema.dropIndex(name).execute();
}
