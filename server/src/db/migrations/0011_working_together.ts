import { sql, type Kysely } from 'kysely';

// Working together (issue 8): the engagement conversation, questions on a posting, the contact line shown on
// acceptance, what becomes public of a verified record, the owner's side of the ledger, the admin audit and
// the instance insights snapshot.
//
//   engagement_messages   the owner's and helper's thread on an engagement; editable for a while, never deleted
//   engagement_reads      how far each party has read an engagement's timeline (read state, unread counts)
//   overflow_questions    public questions on a posting and the owner's answer; the owner can hide one
//   admin_audit           what an admin did or read that members would want to know about (moderation)
//   instance_insights     the last computed instance insights (a job writes it; the page reads one row)
//   members.contact_line  shown to the other party only while they share an active or completed engagement
//   members.given_out …   the owner's record: engagements started on their overflow, completed, ratings given,
//                         endorsements written (kept in step like 0010's figures)
//   members.quiet_after_days  after how many days without activity a tie shows as a keep-in-touch nudge
//   engagement_events.note_private  a delivery note the helper kept off their public profile
//   work_records.details_public     0 = the public profile shows rating, skills and endorsement only
//   instance_settings.insights_public  1 = the instance insights page is public

const MEMBER_COLUMNS: [string, 'integer' | 'text', number | string][] = [
  ['contact_line', 'text', ''],
  ['given_out', 'integer', 0],
  ['completed_as_owner', 'integer', 0],
  ['ratings_given_sum', 'integer', 0],
  ['ratings_given_count', 'integer', 0],
  ['endorsements_written', 'integer', 0],
  ['quiet_after_days', 'integer', 90],
];

/** [name, table, columns, partial-index condition] */
const INDEXES: [string, string, string[], string | null][] = [
  ['engagement_messages_timeline', 'engagement_messages', ['engagement_id', 'created_at', 'id'], null],
  ['overflow_questions_overflow', 'overflow_questions', ['overflow_id', 'created_at', 'id'], null],
  ['admin_audit_time', 'admin_audit', ['created_at', 'id'], null],
  ['admin_audit_subject', 'admin_audit', ['subject_type', 'subject_id', 'created_at'], null],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('engagement_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .execute();
  await db.schema
    .createTable('engagement_reads')
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('last_read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('engagement_reads_pk', ['engagement_id', 'member_id'])
    .execute();
  await db.schema
    .createTable('overflow_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('overflow_id', 'text', (c) => c.notNull().references('overflow.id'))
    .addColumn('asker_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('hidden_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('admin_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('actor_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('instance_insights')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();

  for (const [name, type, def] of MEMBER_COLUMNS) {
    await db.schema
      .alterTable('members')
      .addColumn(name, type, (col) => col.notNull().defaultTo(def))
      .execute();
  }
  await db.schema
    .alterTable('engagement_events')
    .addColumn('note_private', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('work_records')
    .addColumn('details_public', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('instance_settings')
    .addColumn('insights_public', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // A verified record of members-only or ask overflow published its title, note and link until now: from here
  // on its details are private unless the owner allows them, and records already written follow that rule.
  await sql`update work_records set details_public = 0
    where engagement_id is not null and engagement_id in (
      select e.id from engagements e join overflow o on o.id = e.overflow_id where o.visibility <> 'public'
    )`.execute(db);
  // The owner's record, from the engagements already stored (one grouped pass).
  await sql`update members set
      given_out = s.given_out, completed_as_owner = s.completed,
      ratings_given_sum = s.rating_sum, ratings_given_count = s.rating_count,
      endorsements_written = s.endorsements
    from (
      select owner_id,
        count(*) as given_out,
        sum(case when status = 'completed' then 1 else 0 end) as completed,
        sum(case when status = 'completed' and rating is not null then rating else 0 end) as rating_sum,
        sum(case when status = 'completed' and rating is not null then 1 else 0 end) as rating_count,
        sum(case when status = 'completed' and endorsement is not null and endorsement <> '' then 1 else 0 end)
          as endorsements
      from engagements group by owner_id
    ) s
    where s.owner_id = members.id`.execute(db);

  for (const [name, table, columns, where] of INDEXES) {
    let b = db.schema.createIndex(name).on(table).columns(columns);
    if (where) b = b.where(sql.raw<boolean>(where));
    await b.execute();
  }
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).execute();
  await db.schema.alterTable('instance_settings').dropColumn('insights_public').execute();
  await db.schema.alterTable('work_records').dropColumn('details_public').execute();
  await db.schema.alterTable('engagement_events').dropColumn('note_private').execute();
  for (const [name] of [...MEMBER_COLUMNS].reverse())
    await db.schema.alterTable('members').dropColumn(name).execute();
  for (const t of [
    'instance_insights',
    'admin_audit',
    'overflow_questions',
    'engagement_reads',
    'engagement_messages',
  ])
    await db.schema.dropTable(t).execute();
}
