import type { Db } from '../../db/database.js';
import type { DigestTable, EmailMode } from '../../db/schema.js';

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

/**
 * Claims the digest of (member, local date): true when this call made the row. The primary key answers
 * through ON CONFLICT DO NOTHING (an error would abort a PostgreSQL transaction).
 */
export async function claimDigest(
  db: Db,
  row: Omit<DigestTable, 'summary'> & { summary: string },
): Promise<boolean> {
  const r = await db
    .insertInto('digests')
    .values(row)
    .onConflict((oc) => oc.columns(['member_id', 'local_date']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function setDigestOutbox(
  db: Db,
  memberId: string,
  localDate: string,
  outboxId: string,
): Promise<void> {
  await db
    .updateTable('digests')
    .set({ outbox_id: outboxId })
    .where('member_id', '=', memberId)
    .where('local_date', '=', localDate)
    .execute();
}

/**
 * Moves the member's next due instant on, only from the value this run read: a process that lost the
 * claim, or ran late, never moves it back.
 */
export async function advanceMember(
  db: Db,
  id: string,
  from: string,
  to: { nextAt: string; since: string | null },
): Promise<void> {
  await db
    .updateTable('members')
    .set({ digest_next_at: to.nextAt, ...(to.since !== null && { digest_since: to.since }) })
    .where('id', '=', id)
    .where('digest_next_at', '=', from)
    .execute();
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
