import type { Kysely } from 'kysely';

// Merit (issue 7): the scores of the last recomputation, per member overall (skill '') and per skill, the
// members an admin marks as trusted (the pre-trusted set with the admins), and a claim row per scheduled job so
// a recomputation runs once across processes. See docs/merit.md.
//
// engagements.effort_hours: the overflow's effort, copied when the offer is accepted (an overflow can be edited
// only while open, so the copy never goes stale). The merit recomputation reads every engagement in one scan;
// joining `overflow` for the effort made that scan several times slower at 1 M engagements.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('members')
    .addColumn('trusted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .alterTable('engagements')
    .addColumn('effort_hours', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db
    .updateTable('engagements')
    .set((eb) => ({
      effort_hours: eb
        .selectFrom('overflow')
        .select('overflow.effort_hours')
        .whereRef('overflow.id', '=', 'engagements.overflow_id'),
    }))
    .execute();

  await db.schema
    .createTable('merit_scores')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('skill', 'text', (c) => c.notNull()) // '' = overall
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull()) // 1 = highest in this skill
    .addColumn('top_fraction', 'double precision', (c) => c.notNull()) // 0.05 = in the top 5 %
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('merit_scores_pk', ['member_id', 'skill'])
    .execute();
  // Ranking people in a skill walks this index from the top.
  await db.schema
    .createIndex('merit_scores_skill_rank')
    .on('merit_scores')
    .columns(['skill', 'rank', 'member_id'])
    .execute();

  await db.schema
    .createTable('job_claims')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('claimed_until', 'text')
    .addColumn('last_started_at', 'text')
    .addColumn('last_finished_at', 'text')
    .execute();

  for (const [name, table, columns] of READ_PATH_INDEXES) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

/**
 * Read paths that the scaled benchmark showed sorting or summing a busy member's whole history: the
 * engagements that earned a profile's merit (newest completed first), and the ledger's balances, which sum
 * weights per counterpart (covering, so a sum reads the index alone).
 */
const READ_PATH_INDEXES: [string, string, string[]][] = [
  ['engagements_helper_completed', 'engagements', ['helper_id', 'status', 'completed_at', 'id']],
  ['ledger_giver_weight', 'ledger_entries', ['giver_id', 'receiver_id', 'weight']],
  ['ledger_receiver_weight', 'ledger_entries', ['receiver_id', 'giver_id', 'weight']],
];

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...READ_PATH_INDEXES].reverse()) await db.schema.dropIndex(name).execute();
  await db.schema.dropTable('job_claims').execute();
  await db.schema.dropTable('merit_scores').execute();
  await db.schema.alterTable('engagements').dropColumn('effort_hours').execute();
  await db.schema.alterTable('members').dropColumn('trusted').execute();
}
