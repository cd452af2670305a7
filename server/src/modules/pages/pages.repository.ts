import type { Db } from '../../db/database.js';

/** The instance's name (the one settings row, by primary key). */
export async function instanceName(db: Db): Promise<string> {
  const row = await db.selectFrom('instance_settings').select('name').where('id', '=', 1).executeTakeFirst();
  return row?.name ?? 'Slipstream';
}

export interface ProfileHeadRow {
  id: string;
  handle: string;
  name: string;
  headline: string;
  updated_at: string;
  suspended_at: string | null;
  deleted_at: string | null;
}

/** A member by handle (the unique handle index). */
export async function findProfileHead(db: Db, handle: string): Promise<ProfileHeadRow | undefined> {
  return db
    .selectFrom('members')
    .select(['id', 'handle', 'name', 'headline', 'updated_at', 'suspended_at', 'deleted_at'])
    .where('handle', '=', handle)
    .executeTakeFirst();
}

/** A member's first declared skills, in their order (the member_skills primary key). */
export async function topSkills(db: Db, memberId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('member_skills')
    .select('skill')
    .where('member_id', '=', memberId)
    .orderBy('position')
    .limit(limit)
    .execute();
  return rows.map((r) => r.skill);
}

/** How many verified work records a member has (a range of the work_records_member index). */
export async function countVerifiedWork(db: Db, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('work_records')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('member_id', '=', memberId)
    .where('verified', '=', 1)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface OverflowHeadRow {
  id: string;
  title: string;
  effort_hours: number;
  visibility: 'public' | 'members' | 'ask';
  owner_id: string;
  ask_member_id: string | null;
  status: string;
  updated_at: string;
  hidden_at: string | null;
  owner_name: string;
  owner_handle: string;
  owner_suspended_at: string | null;
  owner_deleted_at: string | null;
}

/** An overflow with its owner (two primary-key reads joined). */
export async function findOverflowHead(db: Db, id: string): Promise<OverflowHeadRow | undefined> {
  return db
    .selectFrom('overflow as o')
    .innerJoin('members as m', 'm.id', 'o.owner_id')
    .select([
      'o.id',
      'o.title',
      'o.effort_hours',
      'o.visibility',
      'o.owner_id',
      'o.ask_member_id',
      'o.status',
      'o.updated_at',
      'o.hidden_at',
      'm.name as owner_name',
      'm.handle as owner_handle',
      'm.suspended_at as owner_suspended_at',
      'm.deleted_at as owner_deleted_at',
    ])
    .where('o.id', '=', id)
    .executeTakeFirst();
}

/** An overflow's skills in their order (the overflow_skills primary key). */
export async function overflowSkills(db: Db, overflowId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('overflow_skills')
    .select('skill')
    .where('overflow_id', '=', overflowId)
    .orderBy('position')
    .limit(limit)
    .execute();
  return rows.map((r) => r.skill);
}

// ------------------------------------------------------------------------------------------------ sitemap

export interface SitemapMember {
  id: string;
  handle: string;
  updated_at: string;
}

/**
 * One page of listed profiles (confirmed, neither suspended nor deleted) after `afterId`, walking the
 * members primary key.
 */
export async function sitemapMembers(
  db: Db,
  afterId: string | null,
  limit: number,
): Promise<SitemapMember[]> {
  let q = db
    .selectFrom('members')
    .select(['id', 'handle', 'updated_at'])
    .where('email_verified_at', 'is not', null)
    .where('suspended_at', 'is', null)
    .where('deleted_at', 'is', null);
  if (afterId !== null) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit).execute();
}

/**
 * The id that ends the page of `size` listed profiles after `afterId` (LIMIT 1 OFFSET size-1 on the same
 * walk), or undefined when fewer remain: how the sitemap index finds where each page starts.
 */
export async function sitemapMemberBoundary(
  db: Db,
  afterId: string | null,
  size: number,
): Promise<string | undefined> {
  let q = db
    .selectFrom('members')
    .select('id')
    .where('email_verified_at', 'is not', null)
    .where('suspended_at', 'is', null)
    .where('deleted_at', 'is', null);
  if (afterId !== null) q = q.where('id', '>', afterId);
  const row = await q
    .orderBy('id')
    .limit(1)
    .offset(size - 1)
    .executeTakeFirst();
  return row?.id;
}

export interface SitemapOverflow {
  id: string;
  created_at: string;
  updated_at: string;
}

export interface OverflowCursor {
  createdAt: string;
  id: string;
}

/** Open, public, shown overflow after `after`, walking the overflow_board (status, created_at, id) index. */
function openPublicAfter(db: Db, after: OverflowCursor | null) {
  let q = db
    .selectFrom('overflow')
    .where('status', '=', 'open')
    .where('visibility', '=', 'public')
    .where('hidden_at', 'is', null);
  // A row-value comparison, so both databases seek the index to the cursor instead of filtering from its start.
  if (after !== null)
    q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.createdAt, after.id)));
  return q.orderBy('status').orderBy('created_at').orderBy('id');
}

export async function sitemapOverflow(
  db: Db,
  after: OverflowCursor | null,
  limit: number,
): Promise<SitemapOverflow[]> {
  return openPublicAfter(db, after).select(['id', 'created_at', 'updated_at']).limit(limit).execute();
}

export async function sitemapOverflowBoundary(
  db: Db,
  after: OverflowCursor | null,
  size: number,
): Promise<OverflowCursor | undefined> {
  const row = await openPublicAfter(db, after)
    .select(['id', 'created_at'])
    .limit(1)
    .offset(size - 1)
    .executeTakeFirst();
  return row ? { createdAt: row.created_at, id: row.id } : undefined;
}
