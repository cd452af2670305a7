import { sql, type Kysely } from 'kysely';

// Questions on a posting (issue 8): the list everyone but the owner reads skips hidden questions. A partial
// index over the questions still shown keeps that walk as long as the page, however many the owner hid.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('overflow_questions_shown')
    .on('overflow_questions')
    .columns(['overflow_id', 'created_at', 'id'])
    .where(sql.raw<boolean>('hidden_at is null'))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('overflow_questions_shown').execute();
}
