import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Q = Kysely<Database>;

/** The calendar month (YYYY-MM) of an ISO-8601 UTC time column: the same text function on both databases. */
const month = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 7)`;

export interface MonthCount {
  month: string;
  count: number;
}

export interface MonthSum extends MonthCount {
  total: number;
}

const toMonthSums = (rows: { month: string; count: unknown; total?: unknown }[]): MonthSum[] =>
  rows.map((r) => ({ month: r.month, count: Number(r.count), total: Number(r.total ?? 0) }));

// ------------------------------------------------------------------------------------------ one member
// Each series is one range walk of an index that leads with the member and then the time, from `since` (at most
// 24 months back) up, grouped by month in SQL: the answer is at most 24 rows a series.

export async function findMemberJoined(db: Q, memberId: string): Promise<string | null> {
  const row = await db
    .selectFrom('members')
    .select('created_at')
    .where('id', '=', memberId)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

/** Engagements the member completed as helper, per month of completion: count and effort hours. */
export async function completedAsHelperByMonth(db: Q, memberId: string, since: string): Promise<MonthSum[]> {
  const rows = await db
    .selectFrom('engagements')
    .select([
      month('completed_at').as('month'),
      (eb) => eb.fn.countAll().as('count'),
      (eb) => eb.fn.sum<number>('effort_hours').as('total'),
    ])
    .where('helper_id', '=', memberId)
    .where('status', '=', 'completed')
    .where('completed_at', '>=', since)
    .groupBy(month('completed_at'))
    .execute();
  return toMonthSums(rows);
}

/**
 * The completion times of the member's latest engagements as helper (newest first, at most `limit`): what
 * "ties formed within 30 days of a completed engagement" is measured against.
 */
export async function listCompletionTimes(db: Q, memberId: string, since: string, limit: number) {
  const rows = await db
    .selectFrom('engagements')
    .select('completed_at')
    .where('helper_id', '=', memberId)
    .where('status', '=', 'completed')
    .where('completed_at', '>=', since)
    .orderBy('completed_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.completed_at!);
}

/** The member's ties formed since `since` (newest first, at most `limit` from each side of the pair). */
export async function listTiesFormed(db: Q, memberId: string, since: string, limit: number) {
  const side = (column: 'member_a' | 'member_b') =>
    db
      .selectFrom('ties')
      .select(['created_at', 'formed_via'])
      .where(column, '=', memberId)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  const [a, b] = await Promise.all([side('member_a'), side('member_b')]);
  return [...a, ...b];
}

/** Noticed notes the member received, per month (every status: ignoring one is the member's own business). */
export async function noticedReceivedByMonth(db: Q, memberId: string, since: string): Promise<MonthSum[]> {
  const rows = await db
    .selectFrom('noticed_notes')
    .select([month('created_at').as('month'), (eb) => eb.fn.countAll().as('count')])
    .where('to_id', '=', memberId)
    .where('created_at', '>=', since)
    .groupBy(month('created_at'))
    .execute();
  return toMonthSums(rows);
}

/** Direct asks to the member (overflow with visibility 'ask' naming them), per month of posting. */
export async function asksReceivedByMonth(db: Q, memberId: string, since: string): Promise<MonthSum[]> {
  const rows = await db
    .selectFrom('overflow')
    .select([month('created_at').as('month'), (eb) => eb.fn.countAll().as('count')])
    .where('ask_member_id', '=', memberId)
    .where('visibility', '=', 'ask')
    .where('created_at', '>=', since)
    .groupBy(month('created_at'))
    .execute();
  return toMonthSums(rows);
}

/** Invitations to offer that the member received, per month. */
export async function invitationsReceivedByMonth(
  db: Q,
  memberId: string,
  since: string,
): Promise<MonthSum[]> {
  const rows = await db
    .selectFrom('overflow_invitations')
    .select([month('created_at').as('month'), (eb) => eb.fn.countAll().as('count')])
    .where('member_id', '=', memberId)
    .where('created_at', '>=', since)
    .groupBy(month('created_at'))
    .execute();
  return toMonthSums(rows);
}

/** Ledger weight the member gave (`giver_id`) or received (`receiver_id`), per month, whatever its kind. */
export async function ledgerByMonth(
  db: Q,
  side: 'giver_id' | 'receiver_id',
  memberId: string,
  since: string,
): Promise<MonthSum[]> {
  const rows = await db
    .selectFrom('ledger_entries')
    .select([
      month('created_at').as('month'),
      (eb) => eb.fn.countAll().as('count'),
      (eb) => eb.fn.sum<number>('weight').as('total'),
    ])
    .where(side, '=', memberId)
    .where('created_at', '>=', since)
    .groupBy(month('created_at'))
    .execute();
  return toMonthSums(rows);
}

// ------------------------------------------------------------------------------------------ the instance
// The snapshot job's reads: each one grouped statement whose answer has a row per member at most (never a row
// per engagement or tie), so memory grows with the community, not with its history.

export interface MemberFigure {
  memberId: string;
  count: number;
  /** Sum of the figure (ratings, for completed engagements). */
  total: number;
  /** How many rows carried a value for `total` (rated engagements). */
  valued: number;
}

const toFigures = (rows: { member_id: string; count: unknown; total?: unknown; valued?: unknown }[]) =>
  rows.map<MemberFigure>((r) => ({
    memberId: r.member_id,
    count: Number(r.count),
    total: Number(r.total ?? 0),
    valued: Number(r.valued ?? 0),
  }));

/** Members who had joined by `before`, oldest first. */
export async function listMembersJoinedBefore(db: Q, before: string): Promise<string[]> {
  const rows = await db.selectFrom('members').select('id').where('created_at', '<', before).execute();
  return rows.map((r) => r.id);
}

/** When the first member joined (the instance's age), or null on an empty instance. */
export async function findFirstJoined(db: Q): Promise<string | null> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.min('created_at').as('first'))
    .executeTakeFirst();
  return (row?.first as string | null | undefined) ?? null;
}

/** Per helper: engagements completed in [from, to), and the sum and count of their ratings. */
export async function completedPerHelper(db: Q, from: string, to: string): Promise<MemberFigure[]> {
  const rows = await db
    .selectFrom('engagements')
    .select([
      'helper_id as member_id',
      (eb) => eb.fn.countAll().as('count'),
      (eb) => eb.fn.sum<number>('rating').as('total'),
      (eb) => eb.fn.count('rating').as('valued'),
    ])
    .where('status', '=', 'completed')
    .where('completed_at', '>=', from)
    .where('completed_at', '<', to)
    .groupBy('helper_id')
    .execute();
  return toFigures(rows);
}

/** Per member: ties formed in [from, to), on either side of the pair. */
export async function tiesPerMember(db: Q, from: string, to: string): Promise<MemberFigure[]> {
  const side = (column: 'member_a' | 'member_b') =>
    db
      .selectFrom('ties')
      .select([`${column} as member_id`, (eb) => eb.fn.countAll().as('count')])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .groupBy(column)
      .execute();
  const [a, b] = await Promise.all([side('member_a'), side('member_b')]);
  return [...toFigures(a), ...toFigures(b)];
}

/** Per member: direct asks received in [from, to). */
export async function asksPerMember(db: Q, from: string, to: string): Promise<MemberFigure[]> {
  const rows = await db
    .selectFrom('overflow')
    .select(['ask_member_id as member_id', (eb) => eb.fn.countAll().as('count')])
    .where('visibility', '=', 'ask')
    .where('ask_member_id', 'is not', null)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('ask_member_id')
    .execute();
  return toFigures(rows as { member_id: string; count: unknown }[]);
}

/** Per member: invitations to offer received in [from, to). */
export async function invitationsPerMember(db: Q, from: string, to: string): Promise<MemberFigure[]> {
  const rows = await db
    .selectFrom('overflow_invitations')
    .select(['member_id', (eb) => eb.fn.countAll().as('count')])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('member_id')
    .execute();
  return toFigures(rows);
}

/** Every tie, counted by how it formed and by whether only one side ever gave (transactional). */
export async function tieShares(db: Q) {
  const rows = await db
    .selectFrom('ties')
    .select([
      'formed_via',
      (eb) => eb.fn.countAll().as('count'),
      sql<number>`sum(case when (weight_a_to_b = 0 and weight_b_to_a > 0) or (weight_b_to_a = 0 and weight_a_to_b > 0) then 1 else 0 end)`.as(
        'transactional',
      ),
    ])
    .groupBy('formed_via')
    .execute();
  return rows.map((r) => ({
    formedVia: r.formed_via,
    count: Number(r.count),
    transactional: Number(r.transactional),
  }));
}

/** Per member, the time of their first offer. */
export async function firstOfferPerMember(db: Q): Promise<{ memberId: string; at: string }[]> {
  const rows = await db
    .selectFrom('offers')
    .select(['helper_id', (eb) => eb.fn.min('created_at').as('at')])
    .groupBy('helper_id')
    .execute();
  return rows.map((r) => ({ memberId: r.helper_id, at: r.at as string }));
}

/** Per member, the time of their first tie (the earlier of the two sides' firsts). */
export async function firstTiePerMember(db: Q): Promise<Map<string, string>> {
  const side = (column: 'member_a' | 'member_b') =>
    db
      .selectFrom('ties')
      .select([`${column} as member_id`, (eb) => eb.fn.min('created_at').as('at')])
      .groupBy(column)
      .execute();
  const first = new Map<string, string>();
  for (const rows of await Promise.all([side('member_a'), side('member_b')]))
    for (const r of rows) {
      const at = r.at as string;
      const had = first.get(r.member_id);
      if (had === undefined || at < had) first.set(r.member_id, at);
    }
  return first;
}

// ------------------------------------------------------------------------------------------ the snapshot

export const SNAPSHOT_ID = 1;

export async function findSnapshot(db: Q) {
  return db
    .selectFrom('instance_insights')
    .select(['computed_at', 'data'])
    .where('id', '=', SNAPSHOT_ID)
    .executeTakeFirst();
}

/** Writes the one snapshot row (replacing the previous). */
export async function saveSnapshot(db: Q, computedAt: string, data: string): Promise<void> {
  await db
    .insertInto('instance_insights')
    .values({ id: SNAPSHOT_ID, computed_at: computedAt, data })
    .onConflict((oc) => oc.column('id').doUpdateSet({ computed_at: computedAt, data }))
    .execute();
}

export async function findInsightsPublic(db: Q): Promise<boolean> {
  const row = await db
    .selectFrom('instance_settings')
    .select('insights_public')
    .where('id', '=', 1)
    .executeTakeFirst();
  return row?.insights_public === 1;
}
