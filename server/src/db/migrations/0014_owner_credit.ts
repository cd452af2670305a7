import { sql, type Kysely } from 'kysely';

// Fair credit (issue 8): the ledger counts what an owner gives, and a member's figures by kind.
//
//   ledger_entries        at completion the owner gives the helper 'opportunity' (the work itself), 'review'
//                         (a review within the review window) and 'endorsement' (a written endorsement);
//                         backfilled here for every engagement already completed (ADR 0008 has the weights)
//   members.endorsements_written  recounted without auto-completions' neutral endorsements
//   member_ledger_kinds   per member and ledger kind: weight and count given and received (kept in step by
//                         addLedgerEntry like 0010's totals), so the giving style can say why in one read
//
// The backfill writes the entries an owner would have been credited with: opportunity = H − 2·⌊H/4⌋,
// review = ⌊H/4⌋ for an engagement the owner completed (an auto-completed one was not reviewed in time),
// endorsement = ⌊H/4⌋ when the owner wrote one (not the neutral auto-completion text), H = effort hours.
// A direct ask's entry weighs 0 from here on (it weighed 1). Then every stored figure is recomputed with one grouped statement each, as 0010 did.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('member_ledger_kinds')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('given_weight', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('given_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('received_weight', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('received_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('member_ledger_kinds_pk', ['member_id', 'kind'])
    .execute();

  const completed = sql`from engagements e join overflow o on o.id = e.overflow_id
    where e.status = 'completed' and e.completed_at is not null`;
  await sql`insert into ledger_entries (id, giver_id, receiver_id, kind, weight, source_type, source_id, created_at)
    select 'bf-opportunity-' || e.id, e.owner_id, e.helper_id, 'opportunity',
      o.effort_hours - 2 * (o.effort_hours / 4), 'engagement', e.id, e.completed_at
    ${completed}
    on conflict (kind, source_type, source_id) do nothing`.execute(db);
  await sql`insert into ledger_entries (id, giver_id, receiver_id, kind, weight, source_type, source_id, created_at)
    select 'bf-review-' || e.id, e.owner_id, e.helper_id, 'review', o.effort_hours / 4, 'engagement', e.id,
      e.completed_at
    ${completed} and e.auto_completed = 0
    on conflict (kind, source_type, source_id) do nothing`.execute(db);
  await sql`insert into ledger_entries (id, giver_id, receiver_id, kind, weight, source_type, source_id, created_at)
    select 'bf-endorsement-' || e.id, e.owner_id, e.helper_id, 'endorsement', o.effort_hours / 4, 'engagement',
      e.id, e.completed_at
    ${completed} and e.auto_completed = 0 and e.endorsement is not null and e.endorsement <> ''
    on conflict (kind, source_type, source_id) do nothing`.execute(db);

  // A direct ask is counted, no longer weighed (ADR 0008).
  await sql`update ledger_entries set weight = 0 where kind = 'ask'`.execute(db);

  // The stored figures, recomputed from the entries (0010's statements), and the figures by kind.
  await sql`update ties set weight_a_to_b = 0, weight_b_to_a = 0`.execute(db);
  await sql`update ties set weight_a_to_b = s.w
    from (select giver_id, receiver_id, sum(weight) as w from ledger_entries group by giver_id, receiver_id) s
    where s.giver_id = ties.member_a and s.receiver_id = ties.member_b`.execute(db);
  await sql`update ties set weight_b_to_a = s.w
    from (select giver_id, receiver_id, sum(weight) as w from ledger_entries group by giver_id, receiver_id) s
    where s.giver_id = ties.member_b and s.receiver_id = ties.member_a`.execute(db);
  await sql`update members set ledger_given = 0, ledger_received = 0`.execute(db);
  await sql`update members set ledger_given = s.w
    from (select giver_id, sum(weight) as w from ledger_entries group by giver_id) s
    where s.giver_id = members.id`.execute(db);
  await sql`update members set ledger_received = s.w
    from (select receiver_id, sum(weight) as w from ledger_entries group by receiver_id) s
    where s.receiver_id = members.id`.execute(db);
  await sql`insert into member_ledger_kinds (member_id, kind, given_weight, given_count)
    select giver_id, kind, sum(weight), count(*) from ledger_entries group by giver_id, kind`.execute(db);
  await sql`insert into member_ledger_kinds (member_id, kind, received_weight, received_count)
    select receiver_id, kind, sum(weight), count(*) from ledger_entries group by receiver_id, kind
    on conflict (member_id, kind) do update set
      received_weight = excluded.received_weight, received_count = excluded.received_count`.execute(db);
  // The owner's endorsements written: 0011 counted an auto-completion's neutral text as one; it is not.
  await sql`update members set endorsements_written = 0`.execute(db);
  await sql`update members set endorsements_written = s.n
    from (
      select owner_id, count(*) as n from engagements
      where status = 'completed' and auto_completed = 0 and endorsement is not null and endorsement <> ''
      group by owner_id
    ) s
    where s.owner_id = members.id`.execute(db);
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('member_ledger_kinds').execute();
  await sql`delete from ledger_entries where kind in ('opportunity', 'review', 'endorsement')`.execute(db);
}
