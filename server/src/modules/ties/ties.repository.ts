import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type { NoticedNoteTable, ThanksNoteTable, TieRow } from '../../db/schema.js';
import type { Cursor } from '../../shared/pagination.js';

export interface TieWithBalance {
  tie: TieRow;
  otherId: string;
  otherHandle: string;
  otherName: string;
  otherHeadline: string;
  given: number;
  received: number;
}

type TieWalk = 'all' | 'giveBack';

/**
 * One side's walk of a member's ties, newest activity first: (member_a, updated_at, id) where they are
 * member_a, (member_b, updated_at, id) where they are member_b; the give-back walk reads the partial indexes
 * of the ties where that side only ever received (the conditions are literals, so SQLite can prove the
 * partial index applies). LIMITed, past the cursor.
 */
function tieSide(side: 'a' | 'b', memberId: string, walk: TieWalk, limit: number, cursor?: Cursor) {
  const column = sql.ref(side === 'a' ? 'member_a' : 'member_b');
  const oneSided =
    walk !== 'giveBack'
      ? sql``
      : side === 'a'
        ? sql` and weight_a_to_b = 0 and weight_b_to_a > 0`
        : sql` and weight_b_to_a = 0 and weight_a_to_b > 0`;
  const past = cursor ? sql` and ${pastCursor('updated_at', 'id', cursor, 'desc')}` : sql``;
  return sql`select id, updated_at from ties where ${column} = ${memberId}${oneSided}${past}
    order by updated_at desc, id desc limit ${limit}`;
}

/**
 * A page of a member's ties (limit + 1 rows, for toPage) with what each side gave the other, read from the
 * weights stored on the tie: two LIMITed index walks merged, then the page's rows and the other members by
 * key, in one statement. Never reads the member's other ties or their ledger.
 */
export async function listTiesWithBalance(
  db: Db,
  memberId: string,
  opts: { limit: number; cursor?: Cursor | undefined; walk?: TieWalk },
): Promise<TieWithBalance[]> {
  const walk = opts.walk ?? 'all';
  const n = opts.limit + 1;
  // Each walk in a subquery of its own: SQLite allows ORDER BY and LIMIT only on a compound's last part.
  const rows = await sql<TieRow & { other_handle: string; other_name: string; other_headline: string }>`
    select t.*, m.handle as other_handle, m.name as other_name, m.headline as other_headline
    from (
      select id, updated_at from (${tieSide('a', memberId, walk, n, opts.cursor)}) as_a
      union
      select id, updated_at from (${tieSide('b', memberId, walk, n, opts.cursor)}) as_b
      order by updated_at desc, id desc
      limit ${n}
    ) newest_ties
    join ties t on t.id = newest_ties.id
    join members m on m.id = case when t.member_a = ${memberId} then t.member_b else t.member_a end
    order by newest_ties.updated_at desc, newest_ties.id desc`.execute(db);
  return rows.rows.map((r) => balanceOf(memberId, r, r.other_handle, r.other_name, r.other_headline));
}

function balanceOf(
  memberId: string,
  tie: TieRow,
  otherHandle: string,
  otherName: string,
  otherHeadline: string,
): TieWithBalance {
  const mineIsA = tie.member_a === memberId;
  return {
    tie,
    otherId: mineIsA ? tie.member_b : tie.member_a,
    otherHandle,
    otherName,
    otherHeadline,
    given: Number(mineIsA ? tie.weight_a_to_b : tie.weight_b_to_a),
    received: Number(mineIsA ? tie.weight_b_to_a : tie.weight_a_to_b),
  };
}

/** The member's tie with one other member, if any (a point lookup of the pair key). */
export async function findTieWithBalance(
  db: Db,
  memberId: string,
  other: { id: string; handle: string; name: string; headline: string },
): Promise<TieWithBalance | undefined> {
  const [a, b] = memberId < other.id ? [memberId, other.id] : [other.id, memberId];
  const tie = await db
    .selectFrom('ties')
    .selectAll()
    .where('member_a', '=', a)
    .where('member_b', '=', b)
    .executeTakeFirst();
  return tie ? balanceOf(memberId, tie, other.handle, other.name, other.headline) : undefined;
}

/** Total weight a member gave and received, over everyone: the totals stored on their row (0010). */
export async function ledgerTotals(db: Db, memberId: string): Promise<{ given: number; received: number }> {
  const row = await db
    .selectFrom('members')
    .select(['ledger_given', 'ledger_received'])
    .where('id', '=', memberId)
    .executeTakeFirst();
  return { given: Number(row?.ledger_given ?? 0), received: Number(row?.ledger_received ?? 0) };
}

/**
 * A member's newest ledger entries, given or received: one walk of ledger_giver_created and one of
 * ledger_receiver_created, each LIMITed, merged (`giver_id = ? OR receiver_id = ?` read and sorted the
 * member's whole ledger).
 */
export async function recentLedgerEntries(db: Db, memberId: string, limit: number) {
  const side = (column: 'giver_id' | 'receiver_id') =>
    db
      .selectFrom('ledger_entries')
      .select(['id', 'created_at'])
      .where(column, '=', memberId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
  // Each walk in a subquery of its own: SQLite allows ORDER BY and LIMIT only on a compound's last part.
  const newest = db
    .selectFrom(side('giver_id').as('given'))
    .selectAll()
    .union(db.selectFrom(side('receiver_id').as('received')).selectAll())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  return db
    .selectFrom(newest.as('newest'))
    .innerJoin('ledger_entries', 'ledger_entries.id', 'newest.id')
    .innerJoin('members as giver', 'giver.id', 'ledger_entries.giver_id')
    .innerJoin('members as receiver', 'receiver.id', 'ledger_entries.receiver_id')
    .select([
      'ledger_entries.id',
      'ledger_entries.kind',
      'ledger_entries.weight',
      'ledger_entries.source_type',
      'ledger_entries.source_id',
      'ledger_entries.created_at',
      'giver.id as giver_id',
      'giver.handle as giver_handle',
      'giver.name as giver_name',
      'receiver.id as receiver_id',
      'receiver.handle as receiver_handle',
      'receiver.name as receiver_name',
    ])
    .orderBy('newest.created_at', 'desc')
    .orderBy('newest.id', 'desc')
    .execute();
}

/** Inserts a noticed note; false when the sender already has a pending one on this record (ON CONFLICT). */
export async function insertNoticed(db: Db, row: Insertable<NoticedNoteTable>): Promise<boolean> {
  const r = await db
    .insertInto('noticed_notes')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['from_id', 'work_record_id'])
        .where(sql<boolean>`status = 'pending'`)
        .doNothing(),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findNoticed(db: Db, id: string) {
  return db.selectFrom('noticed_notes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOpenOrIgnoredNoticed(db: Db, fromId: string, workRecordId: string) {
  return db
    .selectFrom('noticed_notes')
    .select('id')
    .where('from_id', '=', fromId)
    .where('work_record_id', '=', workRecordId)
    .where('status', 'in', ['pending', 'ignored'])
    .executeTakeFirst();
}

export async function countNoticedSince(db: Db, fromId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('noticed_notes')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('from_id', '=', fromId)
    .where('created_at', '>', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Claims a pending note (the conditional UPDATE), so accept/ignore happen once. */
export async function respondToNoticed(
  db: Db,
  id: string,
  status: 'accepted' | 'ignored',
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('noticed_notes')
    .set({ status, responded_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listNoticedPage(
  db: Db,
  memberId: string,
  box: 'received' | 'sent',
  limit: number,
  cursor?: Cursor,
) {
  const mine = box === 'received' ? 'noticed_notes.to_id' : 'noticed_notes.from_id';
  const otherCol = box === 'received' ? 'noticed_notes.from_id' : 'noticed_notes.to_id';
  let q = db
    .selectFrom('noticed_notes')
    .innerJoin('members as other', 'other.id', otherCol)
    .innerJoin('work_records', 'work_records.id', 'noticed_notes.work_record_id')
    .select([
      'noticed_notes.id',
      'noticed_notes.message',
      'noticed_notes.status',
      'noticed_notes.created_at',
      'noticed_notes.responded_at',
      'other.handle as other_handle',
      'other.name as other_name',
      'work_records.id as work_id',
      'work_records.title as work_title',
      'work_records.member_id as work_member_id',
      'work_records.verified as work_verified',
      'work_records.details_public as work_details_public',
      'work_records.engagement_id as work_engagement_id',
    ])
    .where(mine, '=', memberId);
  // An ignored note is ignored silently: the sender keeps seeing it as pending. One a moderator hid leaves
  // the recipient's box and stays in the sender's.
  if (box === 'received')
    q = q.where('noticed_notes.status', '!=', 'ignored').where('noticed_notes.hidden_at', 'is', null);
  if (cursor) {
    q = q.where(pastCursor('noticed_notes.created_at', 'noticed_notes.id', cursor, 'desc'));
  }
  return q
    .orderBy('noticed_notes.created_at', 'desc')
    .orderBy('noticed_notes.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function insertThanks(db: Db, row: Insertable<ThanksNoteTable>): Promise<void> {
  await db.insertInto('thanks_notes').values(row).execute();
}

export async function countThanksSince(db: Db, fromId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('thanks_notes')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('from_id', '=', fromId)
    .where('created_at', '>', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The gratitude wall: thanks a member received, newest first. */
export async function listThanksReceived(db: Db, memberId: string, limit: number, cursor?: Cursor) {
  let q = db
    .selectFrom('thanks_notes')
    .innerJoin('members as sender', 'sender.id', 'thanks_notes.from_id')
    .select([
      'thanks_notes.id',
      'thanks_notes.message',
      'thanks_notes.engagement_id',
      'thanks_notes.created_at',
      'sender.handle as from_handle',
      'sender.name as from_name',
    ])
    .where('thanks_notes.to_id', '=', memberId)
    .where('thanks_notes.hidden_at', 'is', null); // hidden by a moderator: off the wall
  if (cursor) {
    q = q.where(pastCursor('thanks_notes.created_at', 'thanks_notes.id', cursor, 'desc'));
  }
  return q
    .orderBy('thanks_notes.created_at', 'desc')
    .orderBy('thanks_notes.id', 'desc')
    .limit(limit + 1)
    .execute();
}
