import type { Kysely } from 'kysely';

// Matching (issue 7): an owner's invitation to a member to offer on one overflow. Not an ask: the member still
// decides. The primary key is the rule "never invited twice for one overflow", claimed with ON CONFLICT DO
// NOTHING, so a double click or two processes still notify once.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('overflow_invitations')
    .addColumn('overflow_id', 'text', (c) => c.notNull().references('overflow.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('invited_by', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('overflow_invitations_pk', ['overflow_id', 'member_id'])
    .execute();
  // Deleting a member cascades through member_id; the key above serves every read by overflow.
  await db.schema
    .createIndex('overflow_invitations_member')
    .on('overflow_invitations')
    .columns(['member_id'])
    .execute();
  // "Has this member ever offered on this overflow?" as one point lookup: recommendOverflow asks it for every
  // candidate it walks, and the helper's other indexes would scan all of a long history for each.
  await db.schema
    .createIndex('offers_helper_overflow')
    .on('offers')
    .columns(['helper_id', 'overflow_id'])
    .execute();
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('offers_helper_overflow').execute();
  await db.schema.dropTable('overflow_invitations').execute();
}
