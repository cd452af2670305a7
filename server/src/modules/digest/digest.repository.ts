import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { DigestTable, EmailMode } from '../../db/schema.js';
import { unionAllOf } from '../../db/helpers.js';

/**
 * The digest's reads and writes. The scheduler walks two partial indexes of members (0018): the unplaced
 * (digest_next_at IS NULL, by id) and the due (digest_next_at, id), keyset-paged so a member that fails is
 * passed over until the next run instead of being read again. Every section read is a LIMITed walk of an
 * index that starts with the member.
 */

export interface UnplacedMember {
  id: string;
  time_zone: string;
  digest_hour: number;
  digest_since: string | null;
  /** The newest local date a digest was claimed for (a walk of the digests primary key), or null. */
  last_claimed: string | null;
}

/** A batch of members not yet placed, after `afterId` (members_digest_unplaced). */
export async function listUnplaced(db: Db, afterId: string, limit: number): Promise<UnplacedMember[]> {
  return db
    .selectFrom('members')
    .select([
      'members.id',
      'members.time_zone',
      'members.digest_hour',
      'members.digest_since',
      (eb) =>
        eb
          .selectFrom('digests')
          .select('digests.local_date')
          .whereRef('digests.member_id', '=', 'members.id')
          .orderBy('digests.local_date', 'desc')
          .limit(1)
          .as('last_claimed'),
    ])
    .where('members.digest_next_at', 'is', null)
    .where('members.id', '>', afterId)
    .orderBy('members.id')
    .limit(limit)
    .execute();
}

/**
 * Places a member: only while they are still unplaced, so a concurrent placement is not overwritten. A
 * first placement also starts their first period ("new since"), unless a digest ended one already.
 */
export async function placeMember(db: Db, id: string, nextAt: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('members')
    .set((eb) => ({ digest_next_at: nextAt, digest_since: eb.fn.coalesce('digest_since', eb.val(now)) }))
    .where('id', '=', id)
    .where('digest_next_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface DueMember {
  id: string;
  handle: string;
  name: string;
  email: string;
  email_verified_at: string | null;
  time_zone: string;
  digest_hour: number;
  digest_next_at: string;
  digest_since: string | null;
}

/** A batch of members due by `now`, past the keyset (members_digest_due), oldest due first. */
export async function listDue(
  db: Db,
  now: string,
  after: { at: string; id: string } | null,
  limit: number,
): Promise<DueMember[]> {
  let q = db
    .selectFrom('members')
    .select([
      'id',
      'handle',
      'name',
      'email',
      'email_verified_at',
      'time_zone',
      'digest_hour',
      'digest_next_at',
      'digest_since',
    ])
    .where('digest_next_at', 'is not', null)
    .where('digest_next_at', '<=', now);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('digest_next_at', '>', after.at),
        eb.and([eb('digest_next_at', '=', after.at), eb('id', '>', after.id)]),
      ]),
    );
  const rows = await q.orderBy('digest_next_at').orderBy('id').limit(limit).execute();
  return rows as DueMember[];
}

/** How many members are due by `now`, up to `cap` (for the progress bar). */
export async function countDue(db: Db, now: string, cap: number): Promise<number> {
  const walk = db
    .selectFrom('members')
    .select('id')
    .where('digest_next_at', 'is not', null)
    .where('digest_next_at', '<=', now)
    .limit(cap);
  const row = await db
    .selectFrom(walk.as('w'))
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Which of these (member, local date) digests are claimed already: point lookups on the primary key. */
export async function claimedAmong(
  db: Db,
  pairs: { memberId: string; localDate: string }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await db
    .selectFrom('digests')
    .select(['member_id', 'local_date'])
    .where('member_id', 'in', [...new Set(pairs.map((p) => p.memberId))])
    .where('local_date', 'in', [...new Set(pairs.map((p) => p.localDate))])
    .execute();
  return new Set(rows.map((r) => `${r.member_id} ${r.local_date}`));
}

/** The stored email choices of these members (the primary key's member_id prefix); no row = the default. */
export async function listPreferences(
  db: Db,
  memberIds: string[],
): Promise<{ member_id: string; kind: string; mode: EmailMode }[]> {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('email_preferences')
    .select(['member_id', 'kind', 'mode'])
    .where('member_id', 'in', memberIds)
    .execute();
}

/** The member's newest noticed notes since a time, not ignored (noticed_to_created), with who wrote them. */
export async function listNoticedSince(db: Db, memberId: string, since: string, limit: number) {
  return db
    .selectFrom('noticed_notes')
    .innerJoin('members', 'members.id', 'noticed_notes.from_id')
    .innerJoin('work_records', 'work_records.id', 'noticed_notes.work_record_id')
    .select([
      'noticed_notes.id',
      'noticed_notes.message',
      'noticed_notes.created_at',
      'members.name as from_name',
      'work_records.title as work_title',
    ])
    .where('noticed_notes.to_id', '=', memberId)
    .where('noticed_notes.created_at', '>', since)
    .where('noticed_notes.status', '!=', 'ignored')
    .orderBy('noticed_notes.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** The member's newest thanks since a time (thanks_to), with who wrote them. */
export async function listThanksSince(db: Db, memberId: string, since: string, limit: number) {
  return db
    .selectFrom('thanks_notes')
    .innerJoin('members', 'members.id', 'thanks_notes.from_id')
    .select([
      'thanks_notes.id',
      'thanks_notes.message',
      'thanks_notes.created_at',
      'thanks_notes.engagement_id',
      'members.name as from_name',
    ])
    .where('thanks_notes.to_id', '=', memberId)
    .where('thanks_notes.created_at', '>', since)
    .orderBy('thanks_notes.created_at', 'desc')
    .orderBy('thanks_notes.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Endorsements the member received since a time: a walk of ledger_receiver_created (receiver_id,
 * created_at, id) over the period only, with the engagement's endorsement and title by key.
 */
export async function listEndorsementsSince(db: Db, memberId: string, since: string, limit: number) {
  return db
    .selectFrom('ledger_entries')
    .innerJoin('engagements', (j) =>
      j
        .onRef('engagements.id', '=', 'ledger_entries.source_id')
        .on('ledger_entries.source_type', '=', 'engagement'),
    )
    .innerJoin('overflow', 'overflow.id', 'engagements.overflow_id')
    .innerJoin('members', 'members.id', 'ledger_entries.giver_id')
    .select([
      'ledger_entries.id',
      'ledger_entries.created_at',
      'engagements.id as engagement_id',
      'engagements.endorsement',
      'overflow.title',
      'members.name as from_name',
    ])
    .where('ledger_entries.receiver_id', '=', memberId)
    .where('ledger_entries.created_at', '>', since)
    .where('ledger_entries.kind', '=', 'endorsement')
    .orderBy('ledger_entries.created_at', 'desc')
    .orderBy('ledger_entries.id', 'desc')
    .limit(limit)
    .execute();
}

/** The member's newest notifications since a time (notifications_member), for the bundled event emails. */
export async function listNotificationsSince(db: Db, memberId: string, since: string, limit: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'type', 'subject_type', 'subject_id', 'data', 'created_at'])
    .where('member_id', '=', memberId)
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The member by handle, for the preview. */
export async function findByHandle(db: Db, handle: string) {
  return db
    .selectFrom('members')
    .select([
      'id',
      'handle',
      'name',
      'email',
      'email_verified_at',
      'time_zone',
      'digest_hour',
      'digest_next_at',
      'digest_since',
    ])
    .where('handle', '=', handle)
    .executeTakeFirst();
}

/*
 * Batch reads: one statement serves a whole batch of members. Lists per member are UNION ALL of LIMITed
 * walks, one arm per member (the profile repository's pattern), so a busy member costs no more than their
 * LIMIT; the others read a member's own short lists (open overflow, active and delivered engagements, which
 * capacity and expiry keep small) by an index that starts with the member.
 */

export interface MemberSince {
  id: string;
  since: string;
}

/** Pending offers on the open overflow of these owners, per overflow (overflow_owner_status, offers_overflow). */
export async function pendingOffersOfOwners(db: Db, ownerIds: string[]) {
  if (ownerIds.length === 0) return [];
  return db
    .selectFrom('overflow')
    .innerJoin('offers', 'offers.overflow_id', 'overflow.id')
    .select([
      'overflow.owner_id',
      'overflow.id',
      'overflow.title',
      (eb) => eb.fn.countAll<string | number>().as('n'),
      (eb) => eb.fn.max('offers.created_at').as('newest_at'),
    ])
    .where('overflow.owner_id', 'in', ownerIds)
    .where('overflow.status', '=', 'open')
    .where('offers.status', '=', 'pending')
    .groupBy(['overflow.owner_id', 'overflow.id', 'overflow.title'])
    .execute();
}

/** Delivered engagements awaiting these owners' review, with the overflow's title. */
export async function deliveredForOwners(db: Db, ownerIds: string[]) {
  if (ownerIds.length === 0) return [];
  return db
    .selectFrom('engagements')
    .innerJoin('overflow', 'overflow.id', 'engagements.overflow_id')
    .select([
      'engagements.owner_id',
      'engagements.id',
      'engagements.helper_id',
      'engagements.delivered_at',
      'overflow.title',
    ])
    .where('engagements.owner_id', 'in', ownerIds)
    .where('engagements.status', '=', 'delivered')
    .execute();
}

/** These helpers' active engagements with the dates that say when they are due, and the overflow's audience. */
export async function activeForHelpers(db: Db, helperIds: string[]) {
  if (helperIds.length === 0) return [];
  return db
    .selectFrom('engagements')
    .innerJoin('offers', 'offers.id', 'engagements.offer_id')
    .innerJoin('overflow', 'overflow.id', 'engagements.overflow_id')
    .select([
      'engagements.helper_id',
      'engagements.id',
      'engagements.owner_id',
      'offers.proposed_on',
      'overflow.title',
      'overflow.due_on',
      'overflow.visibility',
      'overflow.ask_member_id',
    ])
    .where('engagements.helper_id', 'in', helperIds)
    .where('engagements.status', '=', 'active')
    .execute();
}

/** Per member, their newest `limit` noticed notes since their own time, not ignored (noticed_to_created). */
export async function noticedSinceOf(db: Db, members: MemberSince[], limit: number) {
  if (members.length === 0) return [];
  const arm = (m: MemberSince) =>
    db
      .selectFrom(
        db
          .selectFrom('noticed_notes')
          .innerJoin('members', 'members.id', 'noticed_notes.from_id')
          .innerJoin('work_records', 'work_records.id', 'noticed_notes.work_record_id')
          .select([
            'noticed_notes.to_id',
            'noticed_notes.message',
            'noticed_notes.created_at',
            'members.name as from_name',
            'work_records.title as work_title',
          ])
          .where('noticed_notes.to_id', '=', m.id)
          .where('noticed_notes.created_at', '>', m.since)
          .where('noticed_notes.status', '!=', 'ignored')
          .orderBy('noticed_notes.created_at', 'desc')
          .limit(limit)
          .as('t'),
      )
      .selectAll();
  return unionAllOf(members.map(arm)).execute();
}

/** Per member, their newest `limit` thanks since their own time (thanks_to). */
export async function thanksSinceOf(db: Db, members: MemberSince[], limit: number) {
  if (members.length === 0) return [];
  const arm = (m: MemberSince) =>
    db
      .selectFrom(
        db
          .selectFrom('thanks_notes')
          .innerJoin('members', 'members.id', 'thanks_notes.from_id')
          .select([
            'thanks_notes.to_id',
            'thanks_notes.message',
            'thanks_notes.created_at',
            'thanks_notes.engagement_id',
            'members.name as from_name',
          ])
          .where('thanks_notes.to_id', '=', m.id)
          .where('thanks_notes.created_at', '>', m.since)
          .orderBy('thanks_notes.created_at', 'desc')
          .orderBy('thanks_notes.id', 'desc')
          .limit(limit)
          .as('t'),
      )
      .selectAll();
  return unionAllOf(members.map(arm)).execute();
}

/**
 * Per member, the endorsements they received since their own time: a walk of ledger_receiver_created
 * (receiver_id, created_at, id) over the period only, with the engagement's endorsement and title by key.
 */
export async function endorsementsSinceOf(db: Db, members: MemberSince[], limit: number) {
  if (members.length === 0) return [];
  const arm = (m: MemberSince) =>
    db
      .selectFrom(
        db
          .selectFrom('ledger_entries')
          .innerJoin('engagements', (j) =>
            j
              .onRef('engagements.id', '=', 'ledger_entries.source_id')
              .on('ledger_entries.source_type', '=', 'engagement'),
          )
          .innerJoin('overflow', 'overflow.id', 'engagements.overflow_id')
          .innerJoin('members', 'members.id', 'ledger_entries.giver_id')
          .select([
            'ledger_entries.receiver_id',
            'ledger_entries.created_at',
            'engagements.id as engagement_id',
            'engagements.endorsement',
            'overflow.title',
            'members.name as from_name',
          ])
          .where('ledger_entries.receiver_id', '=', m.id)
          .where('ledger_entries.created_at', '>', m.since)
          .where('ledger_entries.kind', '=', 'endorsement')
          .orderBy('ledger_entries.created_at', 'desc')
          .orderBy('ledger_entries.id', 'desc')
          .limit(limit)
          .as('t'),
      )
      .selectAll();
  return unionAllOf(members.map(arm)).execute();
}

/** Per member, their newest `limit` notifications since their own time (notifications_member). */
export async function notificationsSinceOf(db: Db, members: MemberSince[], limit: number) {
  if (members.length === 0) return [];
  const arm = (m: MemberSince) =>
    db
      .selectFrom(
        db
          .selectFrom('notifications')
          .select(['member_id', 'type', 'actor_id', 'data', 'created_at'])
          .where('member_id', '=', m.id)
          .where('created_at', '>', m.since)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .as('t'),
      )
      .selectAll();
  return unionAllOf(members.map(arm)).execute();
}

/** Which of these (member, overflow) pairs are an offer (any status): offers_helper_overflow, covering. */
export async function offeredAmong(
  db: Db,
  pairs: { helperId: string; overflowId: string }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await db
    .selectFrom('offers')
    .select(['helper_id', 'overflow_id'])
    .where((eb) =>
      eb(
        eb.refTuple('helper_id', 'overflow_id'),
        'in',
        pairs.map((p) => eb.tuple(p.helperId, p.overflowId)),
      ),
    )
    .execute();
  return new Set(rows.map((r) => `${r.helper_id} ${r.overflow_id}`));
}

/**
 * Per member, the skills of their newest `records` verified work records with how often and how lately each
 * appears: one arm per member over work_records_member, LIMITed before the skills are joined by key.
 */
export async function recentVerifiedSkillsOf(db: Db, memberIds: string[], records: number) {
  if (memberIds.length === 0) return [];
  const arm = (memberId: string) =>
    db
      .selectFrom(
        db
          .selectFrom(
            db
              .selectFrom('work_records')
              .select(['work_records.id', 'work_records.member_id', 'work_records.occurred_on'])
              .where('work_records.member_id', '=', memberId)
              .where('work_records.verified', '=', 1)
              .orderBy('work_records.occurred_on', 'desc')
              .orderBy('work_records.id', 'desc')
              .limit(records)
              .as('newest'),
          )
          .innerJoin('work_record_skills as wrs', 'wrs.work_record_id', 'newest.id')
          .select([
            'newest.member_id',
            'wrs.skill',
            (eb) => eb.fn.countAll<string | number>().as('n'),
            (eb) => eb.fn.max('newest.occurred_on').as('newest'),
          ])
          .groupBy(['newest.member_id', 'wrs.skill'])
          .as('verified_skills'),
      )
      .selectAll();
  return unionAllOf(memberIds.map(arm)).execute();
}

/**
 * Claims these (member, local date) digests in one statement: the rows this call made come back (the
 * primary key answers a claim made elsewhere through ON CONFLICT DO NOTHING, which never aborts a
 * PostgreSQL transaction). Claims go in key order, so two processes lock shared keys in the same order.
 */
export async function claimDigests(
  db: Db,
  rows: (Omit<DigestTable, 'summary'> & { summary: string })[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const sorted = [...rows].sort((a, b) =>
    a.member_id < b.member_id ? -1 : a.member_id > b.member_id ? 1 : a.local_date < b.local_date ? -1 : 1,
  );
  const won = await db
    .insertInto('digests')
    .values(sorted)
    .onConflict((oc) => oc.columns(['member_id', 'local_date']).doNothing())
    .returning(['member_id', 'local_date'])
    .execute();
  return new Set(won.map((r) => `${r.member_id} ${r.local_date}`));
}

/** Records each queued digest's outbox row, in one statement over the primary key. */
export async function setDigestOutboxes(
  db: Db,
  rows: { memberId: string; localDate: string; outboxId: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .updateTable('digests')
    .set({
      outbox_id: sql<string>`case ${sql.join(
        rows.map((r) => sql`when ${sql.ref('member_id')} = ${r.memberId} then ${r.outboxId}`),
        sql` `,
      )} else ${sql.ref('outbox_id')} end`,
    })
    .where((eb) =>
      eb(
        eb.refTuple('member_id', 'local_date'),
        'in',
        rows.map((r) => eb.tuple(r.memberId, r.localDate)),
      ),
    )
    .execute();
}

/**
 * Moves each member's next due instant on, only from the value this run read (a process that lost the
 * claim, or ran late, never moves it back); the members in `since` also start a new period then. One
 * statement over the primary key.
 */
export async function advanceMembers(
  db: Db,
  members: { id: string; from: string; nextAt: string }[],
  since: { ids: string[]; at: string },
): Promise<void> {
  if (members.length === 0) return;
  await db
    .updateTable('members')
    .set({
      digest_next_at: sql<string>`case ${sql.join(
        members.map((m) => sql`when ${sql.ref('id')} = ${m.id} then ${m.nextAt}`),
        sql` `,
      )} else ${sql.ref('digest_next_at')} end`,
      ...(since.ids.length > 0 && {
        digest_since: sql<string>`case when ${sql.ref('id')} in (${sql.join(since.ids)}) then ${since.at} else ${sql.ref('digest_since')} end`,
      }),
    })
    .where((eb) =>
      eb(
        eb.refTuple('id', 'digest_next_at'),
        'in',
        members.map((m) => eb.tuple(m.id, m.from)),
      ),
    )
    .execute();
}
