import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type { MemberExportTable } from '../../db/schema.js';
import type { Cursor } from '../../shared/pagination.js';

/**
 * The export's SQL (docs/decisions/0023). The member_exports rows and their claim; then one keyset walk per
 * section of a member's history: `where <member column> = ? and (created_at, id) > cursor order by created_at,
 * id limit n`, each on an index that starts with the member (migration 0023 and earlier), so a batch costs
 * the same on the first page as on the thousandth. Children (events, messages, offers on one overflow) walk
 * their parent's index the same way; skills and evidence are read for a whole batch of parents at once.
 */

// --- member_exports --------------------------------------------------------------------------------------

export async function findExport(db: Db, id: string) {
  return db.selectFrom('member_exports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The member's exports, newest first (member_exports_member). */
export async function listExportsOf(db: Db, memberId: string, limit: number) {
  return db
    .selectFrom('member_exports')
    .selectAll()
    .where('member_id', '=', memberId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Exports the member requested since `since` (member_exports_member, capped). */
export async function countExportsSince(db: Db, memberId: string, since: string, cap: number) {
  const rows = await db
    .selectFrom('member_exports')
    .select(['id', 'created_at'])
    .where('member_id', '=', memberId)
    .where('created_at', '>=', since)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(cap)
    .execute();
  return { count: rows.length, oldest: rows[0]?.created_at ?? null };
}

/** Inserts a queued export unless one is already queued or running (member_exports_one_pending): false then. */
export async function insertExport(db: Db, row: Insertable<MemberExportTable>): Promise<boolean> {
  const r = await db
    .insertInto('member_exports')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The member's export that is queued or running, if any (member_exports_one_pending). */
export async function pendingExportOf(db: Db, memberId: string) {
  return db
    .selectFrom('member_exports')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('status', 'in', ['queued', 'running'])
    .limit(1)
    .executeTakeFirst();
}

/** Exports waiting for the job, oldest first (member_exports_pending): queued, or running with a lapsed claim. */
export async function listClaimableExports(db: Db, now: string, limit: number) {
  return db
    .selectFrom('member_exports')
    .select(['id'])
    .where('status', 'in', ['queued', 'running'])
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/** Claims one export for `until` (conditional update: one process wins). */
export async function claimExport(db: Db, id: string, now: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable('member_exports')
    .set((eb) => ({
      status: 'running',
      claimed_until: until,
      started_at: eb.fn.coalesce('started_at', eb.val(now)),
      progress: 0,
    }))
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Progress of a running export, while this process still holds the claim (it extends it). */
export async function updateProgress(
  db: Db,
  id: string,
  claimedUntil: string,
  set: { progress: number; total: number; claimed_until: string },
): Promise<boolean> {
  const r = await db
    .updateTable('member_exports')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_until', '=', claimedUntil)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function finishExport(
  db: Db,
  id: string,
  claimedUntil: string,
  set: Pick<
    Insertable<MemberExportTable>,
    'data' | 'bytes' | 'token_hash' | 'ready_at' | 'expires_at' | 'progress' | 'total'
  >,
): Promise<boolean> {
  const r = await db
    .updateTable('member_exports')
    .set({ ...set, status: 'ready', claimed_until: null, error: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_until', '=', claimedUntil)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function failExport(db: Db, id: string, error: string): Promise<void> {
  await db
    .updateTable('member_exports')
    .set({ status: 'failed', error, claimed_until: null, data: null })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/** Ready exports whose link expired and whose document is still stored (member_exports_expiry), oldest first. */
export async function listExpiredWithData(db: Db, now: string, limit: number) {
  return db
    .selectFrom('member_exports')
    .select('id')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', now)
    .where('data', 'is not', null)
    .orderBy('expires_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

export async function dropDocuments(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .updateTable('member_exports')
    .set({ data: null, token_hash: null })
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// --- the link key ----------------------------------------------------------------------------------------

export async function ensureSecret(db: Db, name: string, value: string, now: string): Promise<string> {
  await db
    .insertInto('instance_secrets')
    .values({ name, value, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('instance_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}

// --- what the document holds -----------------------------------------------------------------------------

export async function findMember(db: Db, id: string) {
  return db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function instanceName(db: Db): Promise<string> {
  const r = await db.selectFrom('instance_settings').select('name').where('id', '=', 1).executeTakeFirst();
  return r?.name ?? 'Slipstream';
}

/** Other members by id: handle and name only. */
export async function findPeople(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('members')
    .select(['id', 'handle', 'name', 'deleted_at'])
    .where('id', 'in', ids)
    .execute();
}

export async function memberSkills(db: Db, memberId: string, limit: number) {
  return db
    .selectFrom('member_skills')
    .select('skill')
    .where('member_id', '=', memberId)
    .orderBy('position', 'asc')
    .limit(limit)
    .execute();
}

export async function emailPreferences(db: Db, memberId: string, limit: number) {
  return db
    .selectFrom('email_preferences')
    .select(['kind', 'mode', 'updated_at'])
    .where('member_id', '=', memberId)
    .orderBy('kind', 'asc')
    .limit(limit)
    .execute();
}

const after = (cursor: Cursor | undefined, key: string, id: string) =>
  cursor ? pastCursor(key, id, cursor, 'asc') : undefined;

/** Counts for the progress bar: one per section (aggregates over the walks' own indexes). */
export async function countSections(db: Db, memberId: string): Promise<number> {
  const n = async (
    table:
      | 'work_records'
      | 'overflow'
      | 'offers'
      | 'engagements'
      | 'ties'
      | 'ledger_entries'
      | 'noticed_notes'
      | 'thanks_notes'
      | 'notifications'
      | 'sessions'
      | 'access_tokens'
      | 'audit_log',
    column: string,
  ) => {
    const r = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(sql.ref<string>(column), '=', memberId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  };
  const counts = await Promise.all([
    n('work_records', 'member_id'),
    n('overflow', 'owner_id'),
    n('offers', 'helper_id'),
    n('engagements', 'owner_id'),
    n('engagements', 'helper_id'),
    n('ties', 'member_a'),
    n('ties', 'member_b'),
    n('ledger_entries', 'giver_id'),
    n('ledger_entries', 'receiver_id'),
    n('noticed_notes', 'from_id'),
    n('noticed_notes', 'to_id'),
    n('thanks_notes', 'from_id'),
    n('thanks_notes', 'to_id'),
    n('notifications', 'member_id'),
    n('sessions', 'member_id'),
    n('access_tokens', 'member_id'),
    n('audit_log', 'member_id'),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}

/** work_records_member_created; with the owner who verified it (the engagement's owner). */
export async function workRecordsPage(db: Db, memberId: string, cursor: Cursor | undefined, limit: number) {
  const c = after(cursor, 'work_records.created_at', 'work_records.id');
  return db
    .selectFrom('work_records')
    .leftJoin('engagements', 'engagements.id', 'work_records.engagement_id')
    .selectAll('work_records')
    .select('engagements.owner_id as verifier_id')
    .where('work_records.member_id', '=', memberId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('work_records.created_at', 'asc')
    .orderBy('work_records.id', 'asc')
    .limit(limit)
    .execute();
}

export async function workRecordSkills(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('work_record_skills')
    .select(['work_record_id', 'skill'])
    .where('work_record_id', 'in', ids)
    .orderBy('work_record_id')
    .orderBy('position')
    .execute();
}

/** overflow_owner. */
export async function overflowPage(db: Db, ownerId: string, cursor: Cursor | undefined, limit: number) {
  const c = after(cursor, 'created_at', 'id');
  return db
    .selectFrom('overflow')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

export async function overflowSkills(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('overflow_skills')
    .select(['overflow_id', 'skill'])
    .where('overflow_id', 'in', ids)
    .orderBy('overflow_id')
    .orderBy('position')
    .execute();
}

/** offers_helper_created; with the overflow's title and owner. */
export async function offersMadePage(db: Db, helperId: string, cursor: Cursor | undefined, limit: number) {
  const c = after(cursor, 'offers.created_at', 'offers.id');
  return db
    .selectFrom('offers')
    .innerJoin('overflow', 'overflow.id', 'offers.overflow_id')
    .selectAll('offers')
    .select(['overflow.title as overflow_title', 'overflow.owner_id as owner_id'])
    .where('offers.helper_id', '=', helperId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('offers.created_at', 'asc')
    .orderBy('offers.id', 'asc')
    .limit(limit)
    .execute();
}

/** offers_overflow_created: the offers on one overflow. */
export async function offersOnOverflowPage(
  db: Db,
  overflowId: string,
  cursor: Cursor | undefined,
  limit: number,
) {
  const c = after(cursor, 'created_at', 'id');
  return db
    .selectFrom('offers')
    .selectAll()
    .where('overflow_id', '=', overflowId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

export async function offerEvidence(db: Db, offerIds: string[]) {
  if (offerIds.length === 0) return [];
  return db
    .selectFrom('offer_evidence')
    .select(['offer_id', 'work_record_id'])
    .where('offer_id', 'in', offerIds)
    .orderBy('offer_id')
    .orderBy('position')
    .execute();
}

/** engagements_owner_started / engagements_helper_started; with the overflow's title. */
export async function engagementsPage(
  db: Db,
  memberId: string,
  side: 'owner' | 'helper',
  cursor: Cursor | undefined,
  limit: number,
) {
  const c = after(cursor, 'engagements.started_at', 'engagements.id');
  return db
    .selectFrom('engagements')
    .innerJoin('overflow', 'overflow.id', 'engagements.overflow_id')
    .selectAll('engagements')
    .select('overflow.title as overflow_title')
    .where(side === 'owner' ? 'engagements.owner_id' : 'engagements.helper_id', '=', memberId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('engagements.started_at', 'asc')
    .orderBy('engagements.id', 'asc')
    .limit(limit)
    .execute();
}

/** engagement_events_engagement. */
export async function eventsPage(db: Db, engagementId: string, cursor: Cursor | undefined, limit: number) {
  const c = after(cursor, 'created_at', 'id');
  return db
    .selectFrom('engagement_events')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/** engagement_messages_timeline. */
export async function messagesPage(db: Db, engagementId: string, cursor: Cursor | undefined, limit: number) {
  const c = after(cursor, 'created_at', 'id');
  return db
    .selectFrom('engagement_messages')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/** ties_a_created / ties_b_created. */
export async function tiesPage(
  db: Db,
  memberId: string,
  side: 'a' | 'b',
  cursor: Cursor | undefined,
  limit: number,
) {
  const c = after(cursor, 'created_at', 'id');
  return db
    .selectFrom('ties')
    .selectAll()
    .where(side === 'a' ? 'member_a' : 'member_b', '=', memberId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/** ledger_giver_created / ledger_receiver_created. */
export async function ledgerPage(
  db: Db,
  memberId: string,
  side: 'given' | 'received',
  cursor: Cursor | undefined,
  limit: number,
) {
  const c = after(cursor, 'created_at', 'id');
  return db
    .selectFrom('ledger_entries')
    .selectAll()
    .where(side === 'given' ? 'giver_id' : 'receiver_id', '=', memberId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/** noticed_from / noticed_to_created; with what the record shows (and who verified it). */
export async function noticedPage(
  db: Db,
  memberId: string,
  side: 'sent' | 'received',
  cursor: Cursor | undefined,
  limit: number,
) {
  const c = after(cursor, 'noticed_notes.created_at', 'noticed_notes.id');
  return db
    .selectFrom('noticed_notes')
    .innerJoin('work_records', 'work_records.id', 'noticed_notes.work_record_id')
    .leftJoin('engagements', 'engagements.id', 'work_records.engagement_id')
    .selectAll('noticed_notes')
    .select([
      'work_records.title as record_title',
      'work_records.member_id as record_member_id',
      'work_records.verified as record_verified',
      'work_records.details_public as record_details_public',
      'engagements.owner_id as record_verifier_id',
    ])
    .where(side === 'sent' ? 'noticed_notes.from_id' : 'noticed_notes.to_id', '=', memberId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('noticed_notes.created_at', 'asc')
    .orderBy('noticed_notes.id', 'asc')
    .limit(limit)
    .execute();
}

/** thanks_from_created / thanks_to. */
export async function thanksPage(
  db: Db,
  memberId: string,
  side: 'sent' | 'received',
  cursor: Cursor | undefined,
  limit: number,
) {
  const c = after(cursor, 'created_at', 'id');
  return db
    .selectFrom('thanks_notes')
    .selectAll()
    .where(side === 'sent' ? 'from_id' : 'to_id', '=', memberId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/** notifications_member. */
export async function notificationsPage(db: Db, memberId: string, cursor: Cursor | undefined, limit: number) {
  const c = after(cursor, 'created_at', 'id');
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('member_id', '=', memberId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/** sessions_member: metadata only (the id is the secret's hash and never leaves this query). */
export async function sessionsPage(db: Db, memberId: string, cursor: Cursor | undefined, limit: number) {
  const c = after(cursor, 'created_at', 'id');
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip'])
    .where('member_id', '=', memberId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/** access_tokens_member: metadata only, never token_hash. */
export async function accessTokensPage(db: Db, memberId: string, cursor: Cursor | undefined, limit: number) {
  const c = after(cursor, 'created_at', 'id');
  return db
    .selectFrom('access_tokens')
    .select(['id', 'name', 'token_prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('member_id', '=', memberId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/** audit_log_member. */
export async function auditPage(db: Db, memberId: string, cursor: Cursor | undefined, limit: number) {
  const c = after(cursor, 'created_at', 'id');
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('member_id', '=', memberId)
    .$if(!!c, (q) => q.where(c!))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}
