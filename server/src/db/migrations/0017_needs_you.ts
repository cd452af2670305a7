import type { Kysely } from 'kysely';

// Frozen: indexes for the member home's "needs you" (issue 8). No table changes. Each of its lists is one
// LIMITed walk of an index that starts with the member: the owner's delivered engagements oldest delivery first
// (engagements_owner has no order within a status), the owner's open overflow newest first (overflow_owner
// walks their whole history to find the open ones), and a member's unread notifications of one type newest
// first (notifications_unread has no type and no order).

/** [name, table, columns] */
const INDEXES: [string, string, string[]][] = [
  ['engagements_owner_delivered', 'engagements', ['owner_id', 'status', 'delivered_at', 'id']],
  ['overflow_owner_status', 'overflow', ['owner_id', 'status', 'created_at', 'id']],
  ['notifications_unread_type', 'notifications', ['member_id', 'type', 'read_at', 'created_at', 'id']],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).execute();
}
