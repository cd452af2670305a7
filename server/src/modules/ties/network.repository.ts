import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { TieRow, WorkRecordRow } from '../../db/schema.js';

/**
 * The network picture and keep-in-touch reads: a member's ties in formation order (ties_a_created /
 * ties_b_created, 0016) and their quietest ties (ties_a_updated / ties_b_updated, 0010), each as two LIMITed
 * index walks merged, then the rows and the other members by key. Never reads the member's other ties.
 */

export interface TieWithOther {
  tie: TieRow;
  otherId: string;
  otherHandle: string;
  otherName: string;
  otherHeadline: string;
}

type Row = TieRow & { other_handle: string; other_name: string; other_headline: string };

function withOther(memberId: string, r: Row): TieWithOther {
  return {
    tie: r,
    otherId: r.member_a === memberId ? r.member_b : r.member_a,
    otherHandle: r.other_handle,
    otherName: r.other_name,
    otherHeadline: r.other_headline,
  };
}

function side(
  column: 'member_a' | 'member_b',
  memberId: string,
  key: 'created_at' | 'updated_at',
  direction: 'asc' | 'desc',
  limit: number,
  before?: string,
) {
  const dir = sql.raw(direction);
  const k = sql.ref(key);
  const cut = before !== undefined ? sql` and ${k} < ${before}` : sql``;
  return sql`select id, ${k} as k from ties where ${sql.ref(column)} = ${memberId}${cut}
    order by ${k} ${dir}, id ${dir} limit ${limit}`;
}

async function walk(
  db: Db,
  memberId: string,
  key: 'created_at' | 'updated_at',
  direction: 'asc' | 'desc',
  limit: number,
  before?: string,
): Promise<TieWithOther[]> {
  const dir = sql.raw(direction);
  // Each walk in a subquery of its own: SQLite allows ORDER BY and LIMIT only on a compound's last part.
  const rows = await sql<Row>`
    select t.*, m.handle as other_handle, m.name as other_name, m.headline as other_headline
    from (
      select id, k from (${side('member_a', memberId, key, direction, limit, before)}) as_a
      union
      select id, k from (${side('member_b', memberId, key, direction, limit, before)}) as_b
      order by k ${dir}, id ${dir}
      limit ${limit}
    ) picked
    join ties t on t.id = picked.id
    join members m on m.id = case when t.member_a = ${memberId} then t.member_b else t.member_a end
    order by picked.k ${dir}, picked.id ${dir}`.execute(db);
  return rows.rows.map((r) => withOther(memberId, r));
}

/** The member's `limit` newest ties by formation (created_at), newest first. */
export const newestFormedTies = (db: Db, memberId: string, limit: number) =>
  walk(db, memberId, 'created_at', 'desc', limit);

/** When the member's first tie formed (one row of each walk), or null without ties. */
export async function firstTieAt(db: Db, memberId: string): Promise<string | null> {
  const [first] = await walk(db, memberId, 'created_at', 'asc', 1);
  return first?.tie.created_at ?? null;
}

/** The member's ties with no activity since `before`, the longest quiet first (updated_at ascending). */
export const quietTies = (db: Db, memberId: string, before: string, limit: number) =>
  walk(db, memberId, 'updated_at', 'asc', limit, before);

/**
 * The newest `perMember` work records of each member (verified and self-reported), in one statement: one
 * LIMITed walk of work_records_member (member_id, verified, occurred_on, id) per member and kind, joined by
 * UNION ALL (the profile repository's pattern). Newest first.
 */
export async function newestWorkOf(db: Db, memberIds: string[], perMember: number): Promise<WorkRecordRow[]> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return [];
  const arm = (id: string, verified: 0 | 1) =>
    db
      .selectFrom(
        db
          .selectFrom('work_records')
          .selectAll()
          .where('member_id', '=', id)
          .where('verified', '=', verified)
          .orderBy('occurred_on', 'desc')
          .orderBy('id', 'desc')
          .limit(perMember)
          .as('t'),
      )
      .selectAll();
  const arms = ids.flatMap((id) => [arm(id, 1), arm(id, 0)]);
  let query = arms[0]!;
  for (const a of arms.slice(1)) query = query.unionAll(a);
  const rows = await query.execute();
  return rows.sort((x, y) =>
    x.occurred_on !== y.occurred_on ? (x.occurred_on < y.occurred_on ? 1 : -1) : x.id < y.id ? 1 : -1,
  );
}

/**
 * Which of these work records the member already wrote a noticed note about (any status): read through
 * noticed_work_record, the notes on those few records only.
 */
export async function notedWork(db: Db, fromId: string, workRecordIds: string[]): Promise<Set<string>> {
  if (workRecordIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('noticed_notes')
    .select('work_record_id')
    .where('work_record_id', 'in', workRecordIds)
    .where('from_id', '=', fromId)
    .execute();
  return new Set(rows.map((r) => r.work_record_id));
}
