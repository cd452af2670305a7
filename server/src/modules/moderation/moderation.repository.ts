import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type { MemberRow, ReportStatus, ReportSubjectType, ReportTable } from '../../db/schema.js';
import type { Cursor } from '../../shared/pagination.js';

// ---- members (the admin list) ------------------------------------------------------------------------------

export type AdminMemberRow = Pick<
  MemberRow,
  | 'id'
  | 'handle'
  | 'name'
  | 'email'
  | 'email_verified_at'
  | 'role'
  | 'trusted'
  | 'suspended_at'
  | 'created_at'
  | 'deleted_at'
>;

const MEMBER_COLUMNS = [
  'id',
  'handle',
  'name',
  'email',
  'email_verified_at',
  'role',
  'trusted',
  'suspended_at',
  'created_at',
  'deleted_at',
] as const;

export interface MemberListFilter {
  /** Lower-case prefix of a handle, a name or an email address. */
  prefix?: string | undefined;
  role?: 'member' | 'admin' | undefined;
  suspended?: boolean | undefined;
  /** The handle to continue after. */
  after?: string | undefined;
  limit: number;
}

/** The first string after every string that starts with `prefix` (the end of a prefix range). */
function prefixEnd(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/** How many name and email matches are read, in their own index's order, before they are merged by handle. */
export const PREFIX_WINDOW = 200;

/**
 * Members in handle order, `limit + 1` rows (docs/decisions/0021-moderation.md). Without a prefix one walk:
 * the handle's unique index, members_role_handle for a role, members_suspended_handle for the suspended. With
 * a prefix, three LIMITed arms: handles from the prefix (in handle order, from the cursor), and at most
 * PREFIX_WINDOW names (members_name_lower) and emails (the email's unique index) with it, merged by handle.
 */
export async function listMembersPage(db: Db, f: MemberListFilter): Promise<AdminMemberRow[]> {
  const base = () => {
    let q = db.selectFrom('members').select(MEMBER_COLUMNS);
    if (f.role) q = q.where('role', '=', f.role);
    if (f.suspended === true) q = q.where('suspended_at', 'is not', null);
    if (f.suspended === false) q = q.where('suspended_at', 'is', null);
    if (f.after) q = q.where('handle', '>', f.after);
    return q;
  };
  if (!f.prefix) {
    return base()
      .orderBy('handle')
      .limit(f.limit + 1)
      .execute();
  }
  const p = f.prefix;
  const end = prefixEnd(p);
  const handles = await base()
    .where('handle', '>=', p)
    .where('handle', '<', end)
    .orderBy('handle')
    .limit(f.limit + 1)
    .execute();
  const lowerName = sql<string>`lower(${sql.ref('name')})`;
  const names = await base()
    .where(lowerName, '>=', p)
    .where(lowerName, '<', end)
    .orderBy(lowerName)
    .limit(PREFIX_WINDOW)
    .execute();
  const emails = await base()
    .where('email', '>=', p)
    .where('email', '<', end)
    .orderBy('email')
    .limit(PREFIX_WINDOW)
    .execute();
  const byId = new Map<string, AdminMemberRow>();
  for (const r of [...handles, ...names, ...emails]) byId.set(r.id, r);
  return [...byId.values()]
    .sort((a, b) => (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0))
    .slice(0, f.limit + 1);
}

export async function findMemberByHandle(db: Db, handle: string): Promise<AdminMemberRow | undefined> {
  return db.selectFrom('members').select(MEMBER_COLUMNS).where('handle', '=', handle).executeTakeFirst();
}

export async function findMemberById(db: Db, id: string): Promise<AdminMemberRow | undefined> {
  return db.selectFrom('members').select(MEMBER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Which of these members are suspended (primary-key lookups). */
export async function suspendedAmong(db: Db, ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return db
    .selectFrom('members')
    .select('id')
    .where('id', 'in', unique)
    .where('suspended_at', 'is not', null)
    .execute();
}

/** How many admins there are, counting at most two (members_role_handle): enough to know the last one. */
export async function countAdmins(db: Db): Promise<number> {
  const rows = await db
    .selectFrom('members')
    .select('id')
    .where('role', '=', 'admin')
    .where('deleted_at', 'is', null)
    .orderBy('role')
    .orderBy('handle')
    .limit(2)
    .execute();
  return rows.length;
}

export async function setRoleAndTrust(
  db: Db,
  id: string,
  patch: { role?: 'member' | 'admin' | undefined; trusted?: boolean | undefined },
  now: string,
): Promise<void> {
  await db
    .updateTable('members')
    .set({
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.trusted !== undefined && { trusted: patch.trusted ? 1 : 0 }),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** Marks a member suspended; false when they already were (the conditional UPDATE is the claim). */
export async function markSuspended(db: Db, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('members')
    .set({ suspended_at: now, updated_at: now })
    .where('id', '=', id)
    .where('suspended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Lifts a suspension; false when the member was not suspended. */
export async function clearSuspended(db: Db, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('members')
    .set({ suspended_at: null, updated_at: now })
    .where('id', '=', id)
    .where('suspended_at', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * A suspended member's open overflow moves to 'suspended', on overflow and its overflow_skills copies, so
 * every walk of open overflow passes it by. Returns the ids moved.
 */
export async function suspendOpenOverflow(db: Db, ownerId: string, now: string): Promise<string[]> {
  const rows = await db
    .updateTable('overflow')
    .set({ status: 'suspended', updated_at: now })
    .where('owner_id', '=', ownerId)
    .where('status', '=', 'open')
    .returning('id')
    .execute();
  const ids = rows.map((r) => r.id);
  if (ids.length > 0)
    await db
      .updateTable('overflow_skills')
      .set({ status: 'suspended' })
      .where('overflow_id', 'in', ids)
      .execute();
  return ids;
}

/** The member's suspended overflow with its due key (overflow_owner: their history, not the board's). */
export async function listSuspendedOverflow(db: Db, ownerId: string) {
  return db
    .selectFrom('overflow')
    .select(['id', 'title', 'owner_id', 'due_key'])
    .where('owner_id', '=', ownerId)
    .where(sql<string>`${sql.ref('status')} || ''`, '=', 'suspended')
    .execute();
}

/** Moves suspended overflow back to `to` (open, or expired when it fell due meanwhile). */
export async function restoreOverflow(db: Db, ids: string[], to: 'open' | 'expired', now: string) {
  if (ids.length === 0) return;
  await db
    .updateTable('overflow')
    .set({ status: to, updated_at: now })
    .where('id', 'in', ids)
    .where('status', '=', 'suspended')
    .execute();
  await db.updateTable('overflow_skills').set({ status: to }).where('overflow_id', 'in', ids).execute();
}

// ---- reports -------------------------------------------------------------------------------------------------

export type ReportRow = Selectable<ReportTable>;

/** Inserts a report; false when the reporter already has an open one on the subject (reports_one_open). */
export async function insertReport(db: Db, row: Insertable<ReportTable>): Promise<boolean> {
  const r = await db
    .insertInto('reports')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return r.length === 1;
}

/** The reporter's open report on a subject, if any (reports_subject). */
export async function findOpenReport(
  db: Db,
  reporterId: string,
  type: ReportSubjectType,
  subjectId: string,
): Promise<ReportRow | undefined> {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('subject_type', '=', type)
    .where('subject_id', '=', subjectId)
    .where('status', '=', 'open')
    .where('reporter_id', '=', reporterId)
    .executeTakeFirst();
}

/** The reporter's reports since a time, counting at most `cap` (reports_reporter). */
export async function countReportsSince(db: Db, reporterId: string, since: string, cap: number) {
  const rows = await db
    .selectFrom('reports')
    .select('id')
    .where('reporter_id', '=', reporterId)
    .where('created_at', '>', since)
    .orderBy('reporter_id')
    .orderBy('created_at', 'desc')
    .limit(cap)
    .execute();
  return rows.length;
}

export async function findReport(db: Db, id: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A page of reports, newest first: one status (reports_status) or all of them (reports_time). */
export async function listReportsPage(
  db: Db,
  q: { status?: ReportStatus | undefined; limit: number; cursor?: Cursor | undefined },
): Promise<ReportRow[]> {
  let query = db.selectFrom('reports').selectAll();
  if (q.status) query = query.where('status', '=', q.status);
  if (q.cursor) query = query.where(pastCursor('created_at', 'id', q.cursor));
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
}

/** Open reports per subject (reports_subject), for the queue's "reported n times". */
export async function countOpenBySubject(db: Db, subjects: { type: ReportSubjectType; id: string }[]) {
  const out = new Map<string, number>();
  if (subjects.length === 0) return out;
  const rows = await db
    .selectFrom('reports')
    .select(['subject_type', 'subject_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or(subjects.map((s) => eb.and([eb('subject_type', '=', s.type), eb('subject_id', '=', s.id)]))),
    )
    .groupBy(['subject_type', 'subject_id'])
    .execute();
  for (const r of rows) out.set(`${r.subject_type}:${r.subject_id}`, Number(r.n));
  return out;
}

/** Resolves every open report on a subject at once; returns the reports resolved (their reporters are told). */
export async function resolveOpenReports(
  db: Db,
  type: ReportSubjectType,
  subjectId: string,
  r: { status: Exclude<ReportStatus, 'open'>; resolvedBy: string; note: string; now: string },
): Promise<{ id: string; reporter_id: string }[]> {
  return db
    .updateTable('reports')
    .set({ status: r.status, resolved_by: r.resolvedBy, resolved_at: r.now, resolution_note: r.note })
    .where('subject_type', '=', type)
    .where('subject_id', '=', subjectId)
    .where('status', '=', 'open')
    .returning(['id', 'reporter_id'])
    .execute();
}

// ---- the reported content ----------------------------------------------------------------------------------

/** What a report is about, in one shape: who wrote it, its words, and who may see it. */
export interface SubjectRow {
  type: ReportSubjectType;
  id: string;
  authorId: string;
  /** A title where the content has one (an overflow's, the overflow an offer or a question is on). */
  title: string | null;
  text: string;
  hiddenAt: string | null;
  /** The overflow it lives on (for the visibility rule), when it lives on one. */
  overflowId: string | null;
  /** The members who may read it besides its author, when that is a closed set (an offer, a message, a note). */
  readers: string[] | null;
  deletedAt?: string | null;
}

export const HIDEABLE_TABLE = {
  overflow: 'overflow',
  offer: 'offers',
  message: 'engagement_messages',
  question: 'overflow_questions',
  noticed: 'noticed_notes',
  thanks: 'thanks_notes',
} as const;

/** The subjects of one type, by id (primary-key lookups). */
export async function findSubjects(db: Db, type: ReportSubjectType, ids: string[]): Promise<SubjectRow[]> {
  if (ids.length === 0) return [];
  const base = { type, overflowId: null, readers: null, title: null, hiddenAt: null };
  switch (type) {
    case 'member': {
      const rows = await db
        .selectFrom('members')
        .select(['id', 'name', 'headline', 'bio', 'deleted_at'])
        .where('id', 'in', ids)
        .execute();
      return rows.map((r) => ({
        ...base,
        id: r.id,
        authorId: r.id,
        title: r.name,
        text: [r.headline, r.bio].filter(Boolean).join('\n\n'),
        deletedAt: r.deleted_at,
      }));
    }
    case 'overflow': {
      const rows = await db
        .selectFrom('overflow')
        .select(['id', 'owner_id', 'title', 'brief', 'hidden_at'])
        .where('id', 'in', ids)
        .execute();
      return rows.map((r) => ({
        ...base,
        id: r.id,
        authorId: r.owner_id,
        title: r.title,
        text: r.brief,
        hiddenAt: r.hidden_at,
        overflowId: r.id,
      }));
    }
    case 'offer': {
      const rows = await db
        .selectFrom('offers')
        .innerJoin('overflow', 'overflow.id', 'offers.overflow_id')
        .select([
          'offers.id',
          'offers.helper_id',
          'offers.pitch',
          'offers.hidden_at',
          'overflow.id as overflow_id',
          'overflow.owner_id',
          'overflow.title',
        ])
        .where('offers.id', 'in', ids)
        .execute();
      return rows.map((r) => ({
        ...base,
        id: r.id,
        authorId: r.helper_id,
        title: r.title,
        text: r.pitch,
        hiddenAt: r.hidden_at,
        readers: [r.owner_id],
      }));
    }
    case 'message': {
      const rows = await db
        .selectFrom('engagement_messages as m')
        .innerJoin('engagements as e', 'e.id', 'm.engagement_id')
        .innerJoin('overflow', 'overflow.id', 'e.overflow_id')
        .select([
          'm.id',
          'm.author_id',
          'm.body',
          'm.hidden_at',
          'e.owner_id',
          'e.helper_id',
          'overflow.title',
        ])
        .where('m.id', 'in', ids)
        .execute();
      return rows.map((r) => ({
        ...base,
        id: r.id,
        authorId: r.author_id,
        title: r.title,
        text: r.body,
        hiddenAt: r.hidden_at,
        readers: [r.owner_id, r.helper_id],
      }));
    }
    case 'question': {
      const rows = await db
        .selectFrom('overflow_questions as q')
        .innerJoin('overflow', 'overflow.id', 'q.overflow_id')
        .select([
          'q.id',
          'q.asker_id',
          'q.body',
          'q.hidden_at',
          'overflow.id as overflow_id',
          'overflow.title',
        ])
        .where('q.id', 'in', ids)
        .execute();
      return rows.map((r) => ({
        ...base,
        id: r.id,
        authorId: r.asker_id,
        title: r.title,
        text: r.body,
        hiddenAt: r.hidden_at,
        overflowId: r.overflow_id,
      }));
    }
    case 'noticed': {
      const rows = await db
        .selectFrom('noticed_notes')
        .select(['id', 'from_id', 'to_id', 'message', 'hidden_at'])
        .where('id', 'in', ids)
        .execute();
      return rows.map((r) => ({
        ...base,
        id: r.id,
        authorId: r.from_id,
        text: r.message,
        hiddenAt: r.hidden_at,
        readers: [r.to_id],
      }));
    }
    case 'thanks': {
      const rows = await db
        .selectFrom('thanks_notes')
        .select(['id', 'from_id', 'message', 'hidden_at'])
        .where('id', 'in', ids)
        .execute();
      return rows.map((r) => ({
        ...base,
        id: r.id,
        authorId: r.from_id,
        text: r.message,
        hiddenAt: r.hidden_at,
      }));
    }
  }
}

/** Hides reported content (hidden_at): it leaves every view but its author's history. */
export async function hideSubject(
  db: Db,
  type: Exclude<ReportSubjectType, 'member'>,
  id: string,
  now: string,
): Promise<void> {
  const table = HIDEABLE_TABLE[type];
  await db
    .updateTable(table)
    .set({ hidden_at: now })
    .where('id', '=', id)
    .where('hidden_at', 'is', null)
    .execute();
}
