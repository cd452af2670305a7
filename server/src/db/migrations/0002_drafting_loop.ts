import { sql, type Kysely } from 'kysely';

// Frozen: the drafting loop — overflow, offers, engagements, ties, the ledger, noticed and thanks notes,
// notifications. Status columns are text with the allowed values enforced by the services.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('instance_settings')
    .addColumn('auto_complete_days', 'integer', (c) => c.notNull().defaultTo(14))
    .execute();

  await db.schema
    .createTable('overflow')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('brief', 'text', (c) => c.notNull())
    .addColumn('effort_hours', 'integer', (c) => c.notNull())
    .addColumn('due_on', 'text')
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('ask_member_id', 'text', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('overflow_board')
    .on('overflow')
    .columns(['status', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('overflow_owner').on('overflow').columns(['owner_id', 'created_at']).execute();
  await db.schema.createIndex('overflow_due').on('overflow').columns(['status', 'due_on']).execute();

  // Status and created_at are copied here so the board can walk one covering index per skill.
  await db.schema
    .createTable('overflow_skills')
    .addColumn('overflow_id', 'text', (c) => c.notNull().references('overflow.id').onDelete('cascade'))
    .addColumn('skill', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('overflow_skills_pk', ['overflow_id', 'skill'])
    .execute();
  await db.schema
    .createIndex('overflow_skills_board')
    .on('overflow_skills')
    .columns(['skill', 'status', 'created_at', 'overflow_id'])
    .execute();

  await db.schema
    .createTable('offers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('overflow_id', 'text', (c) => c.notNull().references('overflow.id').onDelete('cascade'))
    .addColumn('helper_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('pitch', 'text', (c) => c.notNull())
    .addColumn('proposed_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decline_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('offers_overflow')
    .on('offers')
    .columns(['overflow_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('offers_helper')
    .on('offers')
    .columns(['helper_id', 'status', 'created_at'])
    .execute();
  // One pending offer per member per overflow, enforced by the database even under races.
  await db.schema
    .createIndex('offers_one_pending')
    .on('offers')
    .columns(['overflow_id', 'helper_id'])
    .unique()
    .where(sql<boolean>`status = 'pending'`)
    .execute();

  await db.schema
    .createTable('offer_evidence')
    .addColumn('offer_id', 'text', (c) => c.notNull().references('offers.id').onDelete('cascade'))
    .addColumn('work_record_id', 'text', (c) => c.notNull().references('work_records.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('offer_evidence_pk', ['offer_id', 'work_record_id'])
    .execute();

  await db.schema
    .createTable('engagements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('overflow_id', 'text', (c) => c.notNull().references('overflow.id').onDelete('cascade'))
    .addColumn('offer_id', 'text', (c) => c.notNull().references('offers.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('helper_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('auto_completed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('abandoned_at', 'text')
    .addColumn('abandoned_by', 'text')
    .addColumn('abandon_reason', 'text')
    .addColumn('rating', 'integer')
    .addColumn('endorsement', 'text')
    .addColumn('demonstrated_skills', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('work_record_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('engagements_helper')
    .on('engagements')
    .columns(['helper_id', 'status'])
    .execute();
  await db.schema
    .createIndex('engagements_owner')
    .on('engagements')
    .columns(['owner_id', 'status'])
    .execute();
  await db.schema
    .createIndex('engagements_due')
    .on('engagements')
    .columns(['status', 'delivered_at'])
    .execute();
  // At most one live engagement per overflow.
  await db.schema
    .createIndex('engagements_one_live')
    .on('engagements')
    .column('overflow_id')
    .unique()
    .where(sql<boolean>`status in ('active', 'delivered')`)
    .execute();

  await db.schema
    .createTable('engagement_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('engagement_events_engagement')
    .on('engagement_events')
    .columns(['engagement_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('ties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_a', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('member_b', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('formed_via', 'text', (c) => c.notNull())
    .addColumn('formed_label', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('strength', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ties_pair', ['member_a', 'member_b'])
    .execute();
  await db.schema.createIndex('ties_member_b').on('ties').columns(['member_b', 'member_a']).execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('giver_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('receiver_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // A source is credited once: the database refuses a second entry for the same event.
    .addUniqueConstraint('ledger_once', ['kind', 'source_type', 'source_id'])
    .execute();
  await db.schema
    .createIndex('ledger_giver')
    .on('ledger_entries')
    .columns(['giver_id', 'receiver_id'])
    .execute();
  await db.schema
    .createIndex('ledger_receiver')
    .on('ledger_entries')
    .columns(['receiver_id', 'giver_id'])
    .execute();

  await db.schema
    .createTable('noticed_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('to_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('work_record_id', 'text', (c) => c.notNull().references('work_records.id').onDelete('cascade'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'text')
    .execute();
  await db.schema
    .createIndex('noticed_to')
    .on('noticed_notes')
    .columns(['to_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('noticed_from')
    .on('noticed_notes')
    .columns(['from_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('noticed_one_pending')
    .on('noticed_notes')
    .columns(['from_id', 'work_record_id'])
    .unique()
    .where(sql<boolean>`status = 'pending'`)
    .execute();

  await db.schema
    .createTable('thanks_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('to_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('engagement_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('thanks_to')
    .on('thanks_notes')
    .columns(['to_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notifications_member')
    .on('notifications')
    .columns(['member_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('notifications_unread')
    .on('notifications')
    .columns(['member_id', 'read_at'])
    .execute();
}
