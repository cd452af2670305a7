import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database, EngagementRow, MemberRow, OfferRow, OverflowRow } from '../../db/schema.js';
import { compactMemberSearch, removeMemberFromSearch } from '../../db/search-index.js';
import { FORMER_HANDLE_PREFIX, FORMER_MEMBER_NAME } from '../../shared/former.js';
import { rekeyTiePair } from '../../shared/tie-pair.js';

/**
 * Account deletion's SQL (docs/account-deletion.md, docs/decisions/0022-account-deletion.md): the grace
 * period, the job's walk and claim, the reads of what the departing member still has going, and the erasure
 * that re-keys what others own onto a fresh tombstone id.
 */

// ---- the grace period -------------------------------------------------------------------------------------

/** Starts the grace period; false when one is already running (or the member is gone). */
export async function setDeletionRequest(
  db: Db,
  memberId: string,
  requestedAt: string,
  dueAt: string,
): Promise<boolean> {
  const res = await db
    .updateTable('members')
    .set({ deletion_requested_at: requestedAt, deletion_due_at: dueAt, updated_at: requestedAt })
    .where('id', '=', memberId)
    .where('deletion_due_at', 'is', null)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function findLiveMember(db: Db, id: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

// ---- the job ----------------------------------------------------------------------------------------------

/** Members whose grace period is over, soonest first: a LIMITed walk of members_deletion_due. */
export async function listDueDeletions(
  db: Db,
  now: string,
  limit: number,
): Promise<{ id: string; deletion_due_at: string }[]> {
  const rows = await db
    .selectFrom('members')
    .select(['id', 'deletion_due_at'])
    .where('deletion_due_at', 'is not', null)
    .where('deletion_due_at', '<=', now)
    .orderBy('deletion_due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, deletion_due_at: r.deletion_due_at! }));
}

/**
 * Claims one due deletion: a conditional update of the member's row, the first write of the transaction that
 * erases them. Another process's claim (or a sign-in's cancel) of the same row waits for this one and then
 * matches nothing, so each deletion runs once.
 */
export async function claimDeletion(
  db: Db,
  id: string,
  dueAt: string,
  now: string,
): Promise<MemberRow | undefined> {
  const res = await db
    .updateTable('members')
    .set({ deletion_due_at: null, deleted_at: now })
    .where('id', '=', id)
    .where('deletion_due_at', '=', dueAt)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return undefined;
  return db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Their engagements still going, either side: engagements_owner / engagements_helper (status in the key). */
export async function listLiveEngagementsOf(db: Db, memberId: string): Promise<EngagementRow[]> {
  const side = (column: 'owner_id' | 'helper_id') =>
    db
      .selectFrom('engagements')
      .selectAll()
      .where(column, '=', memberId)
      .where('status', 'in', ['active', 'delivered'])
      .execute();
  const [owned, helped] = await Promise.all([side('owner_id'), side('helper_id')]);
  return [...owned, ...helped];
}

/** Their open overflow: overflow_owner_status. */
export async function listOpenOverflowOf(db: Db, memberId: string): Promise<OverflowRow[]> {
  return db
    .selectFrom('overflow')
    .selectAll()
    .where('owner_id', '=', memberId)
    .where('status', '=', 'open')
    .execute();
}

/** Their pending offers: offers_helper (helper_id, status, created_at). */
export async function listPendingOffersOf(db: Db, memberId: string): Promise<OfferRow[]> {
  return db
    .selectFrom('offers')
    .selectAll()
    .where('helper_id', '=', memberId)
    .where('status', '=', 'pending')
    .execute();
}

/** Open direct asks made to them: overflow_ask_member_created (ask_member_id, created_at). */
export async function listOpenAsksTo(db: Db, memberId: string): Promise<OverflowRow[]> {
  return db
    .selectFrom('overflow')
    .selectAll()
    .where('ask_member_id', '=', memberId)
    .where('status', '=', 'open')
    .execute();
}

// ---- the erasure ------------------------------------------------------------------------------------------

type Table = keyof Database & string;

/**
 * Every column that holds a member's id, and what deletion does with it. The one list: the erasure walks it,
 * and a test (server/test/account.deletion.test.ts) reads the schema of both databases so that a new column
 * referencing members.id fails until it is listed here.
 * - `delete`: the rows are the member's own personal data, or about them only, and go.
 * - `rekey`: the rows belong to someone else too (or to the community's record) and move to the tombstone id.
 * - `tie`: ties.member_a/member_b, re-keyed keeping member_a the smaller id (see rekeyTies).
 */
export const MEMBER_REFERENCES: readonly {
  table: Table;
  column: string;
  action: 'delete' | 'rekey' | 'tie';
}[] = [
  { table: 'member_skills', column: 'member_id', action: 'delete' },
  { table: 'work_records', column: 'member_id', action: 'delete' },
  { table: 'sessions', column: 'member_id', action: 'delete' },
  { table: 'access_tokens', column: 'member_id', action: 'delete' },
  { table: 'email_tokens', column: 'member_id', action: 'delete' },
  { table: 'trusted_devices', column: 'member_id', action: 'delete' },
  { table: 'email_preferences', column: 'member_id', action: 'delete' },
  { table: 'digests', column: 'member_id', action: 'delete' },
  { table: 'email_outbox', column: 'member_id', action: 'delete' },
  { table: 'merit_scores', column: 'member_id', action: 'delete' },
  { table: 'member_exports', column: 'member_id', action: 'delete' },
  { table: 'notifications', column: 'member_id', action: 'delete' },
  { table: 'engagement_reads', column: 'member_id', action: 'delete' },
  { table: 'overflow_invitations', column: 'member_id', action: 'delete' },
  { table: 'invites', column: 'created_by', action: 'rekey' },
  { table: 'invites', column: 'used_by', action: 'rekey' },
  { table: 'overflow', column: 'owner_id', action: 'rekey' },
  { table: 'overflow', column: 'ask_member_id', action: 'rekey' },
  { table: 'offers', column: 'helper_id', action: 'rekey' },
  { table: 'engagements', column: 'owner_id', action: 'rekey' },
  { table: 'engagements', column: 'helper_id', action: 'rekey' },
  { table: 'engagements', column: 'abandoned_by', action: 'rekey' },
  { table: 'engagement_events', column: 'actor_id', action: 'rekey' },
  { table: 'ties', column: 'member_a', action: 'tie' },
  { table: 'ties', column: 'member_b', action: 'tie' },
  { table: 'ledger_entries', column: 'giver_id', action: 'rekey' },
  { table: 'ledger_entries', column: 'receiver_id', action: 'rekey' },
  { table: 'member_ledger_kinds', column: 'member_id', action: 'rekey' },
  { table: 'noticed_notes', column: 'from_id', action: 'rekey' },
  { table: 'noticed_notes', column: 'to_id', action: 'rekey' },
  { table: 'thanks_notes', column: 'from_id', action: 'rekey' },
  { table: 'thanks_notes', column: 'to_id', action: 'rekey' },
  { table: 'notifications', column: 'actor_id', action: 'rekey' },
  { table: 'overflow_invitations', column: 'invited_by', action: 'rekey' },
  { table: 'engagement_messages', column: 'author_id', action: 'rekey' },
  { table: 'overflow_questions', column: 'asker_id', action: 'rekey' },
  { table: 'audit_log', column: 'member_id', action: 'rekey' },
  { table: 'audit_log', column: 'actor_id', action: 'rekey' },
  { table: 'reports', column: 'reporter_id', action: 'rekey' },
  { table: 'reports', column: 'subject_member_id', action: 'rekey' },
  { table: 'reports', column: 'resolved_by', action: 'rekey' },
];

/** Subjects named by (type, id) whose id can be a member's: re-keyed with the rest. */
export const MEMBER_SUBJECTS: readonly { table: Table; type: string; column: string }[] = [
  { table: 'audit_log', type: 'subject_type', column: 'subject_id' },
  { table: 'reports', type: 'subject_type', column: 'subject_id' },
];

/** Text the instance wrote that may quote the member (emails, notification data, audit details). */
const SYSTEM_TEXT: readonly { table: Table; columns: string[] }[] = [
  { table: 'email_outbox', columns: ['subject', 'text_body', 'html_body', 'to_address'] },
  { table: 'notifications', columns: ['data'] },
  { table: 'audit_log', columns: ['detail'] },
];

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A name shorter than this is not replaced inside other text (it would change unrelated words). */
const MIN_SCRUB = 3;

/**
 * Removes a member's personal data and moves what others own to `tombId`, in the caller's transaction
 * (docs/account-deletion.md). The order matters: the tombstone row exists before anything points at it,
 * the search document goes while the profile can still be read, and the member's row goes last (a missed
 * reference with a foreign key makes the whole deletion fail instead of leaving it dangling).
 */
export async function eraseMember(db: Db, m: MemberRow, tombId: string, now: string): Promise<void> {
  const old = m.id;
  await db
    .insertInto('members')
    .values({
      id: tombId,
      handle: `${FORMER_HANDLE_PREFIX}${tombId}`,
      email: `${tombId}@deleted.invalid`,
      email_verified_at: null,
      password_hash: '!',
      name: FORMER_MEMBER_NAME,
      headline: '',
      bio: '',
      time_zone: 'UTC',
      links: '[]',
      capacity: 0,
      role: 'member',
      trusted: 0,
      // The stored figures stay: others' pages and the instance's counts read them.
      ledger_given: m.ledger_given,
      ledger_received: m.ledger_received,
      completed_as_helper: m.completed_as_helper,
      abandoned_by_helper: m.abandoned_by_helper,
      abandoned_by_owner: m.abandoned_by_owner,
      given_out: m.given_out,
      completed_as_owner: m.completed_as_owner,
      ratings_given_sum: m.ratings_given_sum,
      ratings_given_count: m.ratings_given_count,
      endorsements_written: m.endorsements_written,
      contact_line: '',
      digest_next_at: null,
      digest_since: null,
      created_at: now,
      updated_at: now,
      deleted_at: now,
    })
    .execute();
  await removeMemberFromSearch(db, old);

  // Their own work records (self-reported and verified), and what hangs on them: the skills, their use as
  // evidence on their offers, the noticed notes about them; an engagement's record link is cleared.
  const theirRecords = db.selectFrom('work_records').select('id').where('member_id', '=', old);
  await db
    .updateTable('engagements')
    .set({ work_record_id: null })
    .where('work_record_id', 'in', theirRecords)
    .execute();
  await db.deleteFrom('offer_evidence').where('work_record_id', 'in', theirRecords).execute();
  await db.deleteFrom('noticed_notes').where('work_record_id', 'in', theirRecords).execute();
  await db.deleteFrom('work_record_skills').where('work_record_id', 'in', theirRecords).execute();

  // What they wrote that others keep a place for: the text goes, the row (and its time) stays.
  const theirEngagements = db
    .selectFrom('engagements')
    .select('id')
    .where((eb) => eb.or([eb('owner_id', '=', old), eb('helper_id', '=', old)]));
  await db
    .updateTable('engagement_messages')
    .set({ body: '' })
    .where('engagement_id', 'in', theirEngagements)
    .where('author_id', '=', old)
    .execute();
  await db
    .updateTable('engagement_events')
    .set({ note: '', links: '[]' })
    .where('engagement_id', 'in', theirEngagements)
    .where('actor_id', '=', old)
    .execute();
  await db.updateTable('offers').set({ pitch: '' }).where('helper_id', '=', old).execute();
  await db.updateTable('overflow_questions').set({ body: '' }).where('asker_id', '=', old).execute();
  await db.updateTable('noticed_notes').set({ message: '' }).where('from_id', '=', old).execute();
  await db.updateTable('thanks_notes').set({ message: '' }).where('from_id', '=', old).execute();

  // What the instance wrote about them: their address, name and handle become "a former member", their id
  // the tombstone's. (A scan of these tables: a deletion is rare, and nothing indexes the text.)
  const replacements: [string, string][] = [
    [m.email, `${tombId}@deleted.invalid`],
    [`@${m.handle}`, FORMER_MEMBER_NAME],
    [old, tombId],
  ];
  if (m.name.length >= MIN_SCRUB) {
    replacements.push([m.name, FORMER_MEMBER_NAME]);
    const escaped = m.name.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const named = m.name.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
    for (const v of new Set([escaped, named])) if (v !== m.name) replacements.push([v, FORMER_MEMBER_NAME]);
  }
  if (m.handle.length >= MIN_SCRUB) replacements.push([m.handle, FORMER_MEMBER_NAME]);
  await db.deleteFrom('email_outbox').where('to_address', '=', m.email).execute();
  for (const { table, columns } of SYSTEM_TEXT) {
    for (const column of columns) {
      for (const [from, to] of replacements) {
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = replace(${sql.ref(column)}, ${from}, ${to})
          where ${sql.ref(column)} like ${likeContaining(from)} escape '\\'`.execute(db);
      }
    }
  }
  await db.deleteFrom('auth_failures').where('account_key', '=', m.email.toLowerCase()).execute();

  for (const ref of MEMBER_REFERENCES) {
    if (ref.action === 'delete') {
      await sql`delete from ${sql.table(ref.table)} where ${sql.ref(ref.column)} = ${old}`.execute(db);
    } else if (ref.action === 'rekey') {
      await sql`update ${sql.table(ref.table)} set ${sql.ref(ref.column)} = ${tombId}
        where ${sql.ref(ref.column)} = ${old}`.execute(db);
    }
  }
  for (const s of MEMBER_SUBJECTS) {
    await sql`update ${sql.table(s.table)} set ${sql.ref(s.column)} = ${tombId}
      where ${sql.ref(s.type)} = 'member' and ${sql.ref(s.column)} = ${old}`.execute(db);
  }
  await rekeyTies(db, old, tombId);
  await db.deleteFrom('members').where('id', '=', old).execute();
}

/** `%text%` for LIKE, with the pattern characters of the text escaped. */
function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Moves a member's ties to the tombstone. member_a is the smaller id of a pair: when the tombstone's id sorts
 * on the other side of the partner than the old id did, the pair swaps and so do its per-direction weights.
 */
async function rekeyTies(db: Db, old: string, tombId: string): Promise<void> {
  const ties = await db
    .selectFrom('ties')
    .select(['id', 'member_a', 'member_b', 'weight_a_to_b', 'weight_b_to_a'])
    .where((eb) => eb.or([eb('member_a', '=', old), eb('member_b', '=', old)]))
    .execute();
  for (const t of ties) {
    await db
      .updateTable('ties')
      .set(rekeyTiePair(t, old, tombId))
      .where('id', '=', t.id)
      .execute();
  }
}

/** After a run that erased someone: merge the people index so their terms leave its pages. */
export async function compactSearchAfterErasure(db: Db): Promise<void> {
  await compactMemberSearch(db);
}
