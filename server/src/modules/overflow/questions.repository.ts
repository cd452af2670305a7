import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type { OverflowQuestionTable } from '../../db/schema.js';
import type { Cursor } from '../../shared/pagination.js';

export async function findQuestion(db: Db, id: string) {
  return db.selectFrom('overflow_questions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertQuestion(db: Db, row: Insertable<OverflowQuestionTable>): Promise<void> {
  await db.insertInto('overflow_questions').values(row).execute();
}

export async function updateQuestion(
  db: Db,
  id: string,
  patch: Updateable<OverflowQuestionTable>,
): Promise<void> {
  await db.updateTable('overflow_questions').set(patch).where('id', '=', id).execute();
}

/**
 * A page of an overflow's questions, newest first, with their askers. One LIMITed walk: of
 * overflow_questions_overflow for the owner (hidden ones too), of the partial overflow_questions_shown
 * (0013) for everyone else, so questions the owner hid are never read past.
 */
export async function listQuestionsPage(
  db: Db,
  overflowId: string,
  opts: { includeHidden: boolean; limit: number; cursor?: Cursor | undefined },
) {
  let q = db
    .selectFrom('overflow_questions as q')
    .innerJoin('members as m', 'm.id', 'q.asker_id')
    .select([
      'q.id',
      'q.overflow_id',
      'q.asker_id',
      'q.body',
      'q.answer',
      'q.answered_at',
      'q.hidden_at',
      'q.created_at',
      'q.updated_at',
      'm.handle as asker_handle',
      'm.name as asker_name',
      'm.headline as asker_headline',
    ])
    .where('q.overflow_id', '=', overflowId);
  if (!opts.includeHidden) q = q.where('q.hidden_at', 'is', null);
  if (opts.cursor) q = q.where(pastCursor('q.created_at', 'q.id', opts.cursor, 'desc'));
  return q
    .orderBy('q.created_at', 'desc')
    .orderBy('q.id', 'desc')
    .limit(opts.limit + 1)
    .execute();
}

export type QuestionListRow = Awaited<ReturnType<typeof listQuestionsPage>>[number];
