import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type { WorkRecordRow, WorkRecordTable } from '../../db/schema.js';
import type { Cursor } from '../../shared/pagination.js';
import type { Insertable, Updateable } from 'kysely';

export async function findWorkRecord(db: Db, id: string): Promise<WorkRecordRow | undefined> {
  return db.selectFrom('work_records').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A member's work of one kind (verified or self-reported), newest first, keyset-paginated on (date, id). */
export async function listWorkRecordsPage(
  db: Db,
  memberId: string,
  verified: boolean,
  limit: number,
  cursor?: Cursor,
): Promise<WorkRecordRow[]> {
  let q = db
    .selectFrom('work_records')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('verified', '=', verified ? 1 : 0);
  if (cursor) {
    q = q.where(pastCursor('occurred_on', 'id', cursor, 'desc'));
  }
  return q
    .orderBy('occurred_on', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function countWorkRecords(db: Db, memberId: string, verified: boolean): Promise<number> {
  const row = await db
    .selectFrom('work_records')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('member_id', '=', memberId)
    .where('verified', '=', verified ? 1 : 0)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertWorkRecord(db: Db, row: Insertable<WorkRecordTable>): Promise<void> {
  await db.insertInto('work_records').values(row).execute();
}

export async function updateWorkRecord(
  db: Db,
  id: string,
  patch: Updateable<WorkRecordTable>,
): Promise<void> {
  await db.updateTable('work_records').set(patch).where('id', '=', id).execute();
}

export async function deleteWorkRecord(db: Db, id: string): Promise<void> {
  await db.deleteFrom('work_records').where('id', '=', id).execute();
}

export async function listWorkRecordSkills(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('work_record_skills')
    .select(['work_record_id', 'skill'])
    .where('work_record_id', 'in', ids)
    .orderBy('work_record_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.set(r.work_record_id, [...(out.get(r.work_record_id) ?? []), r.skill]);
  return out;
}

export async function replaceWorkRecordSkills(db: Db, id: string, skills: string[]): Promise<void> {
  await db.deleteFrom('work_record_skills').where('work_record_id', '=', id).execute();
  if (skills.length === 0) return;
  await db
    .insertInto('work_record_skills')
    .values(skills.map((skill, position) => ({ work_record_id: id, skill, position })))
    .execute();
}
