import { sql, type Kysely } from 'kysely';

// The network picture and keep-in-touch nudges (issue 8).
//
//   ties.completed_together   completed engagements between the pair, either direction (node size in the
//                             network picture); kept in step by formOrStrengthenTie on every completion
//   ties_a_created / ties_b_created   a member's ties in formation order, one LIMITed walk per side (the
//                             network picture reads the newest 500 and the first tie's date)
//
// The backfill is one grouped pass over the completed engagements (UPDATE … FROM, both dialects).

/** [name, table, columns] */
const INDEXES: [string, string, string[]][] = [
  ['ties_a_created', 'ties', ['member_a', 'created_at', 'id']],
  ['ties_b_created', 'ties', ['member_b', 'created_at', 'id']],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('ties')
    .addColumn('completed_together', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update ties set completed_together = s.n
    from (
      select case when owner_id < helper_id then owner_id else helper_id end as a,
        case when owner_id < helper_id then helper_id else owner_id end as b,
        count(*) as n
      from engagements where status = 'completed'
      group by case when owner_id < helper_id then owner_id else helper_id end,
        case when owner_id < helper_id then helper_id else owner_id end
    ) s
    where s.a = ties.member_a and s.b = ties.member_b`.execute(db);
  for (const [name, table, columns] of INDEXES) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).execute();
  await db.schema.alterTable('ties').dropColumn('completed_together').execute();
}
