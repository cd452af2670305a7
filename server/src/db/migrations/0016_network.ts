import { sql, type Kysely } from 'kysely';

// The network picture and keep-in-touch nudges (issue 8).
//
//   ties.completed_together   completed engagements between the pair, either direction (node size in the
//                             network picture); kept in step by formOrStrengthenTie on every completion
// The network picture walks a member's ties in formation order through 0015's ties_a_created / ties_b_created
// (member, created_at, id): one LIMITed walk per side, the newest 500 and the first tie's date.
//
// The backfill is one grouped pass over the completed engagements (UPDATE … FROM, both dialects).

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
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ties').dropColumn('completed_together').execute();
}
