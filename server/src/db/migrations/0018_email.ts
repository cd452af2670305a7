import { sql, type Kysely } from 'kysely';

// Frozen: email people welcome (issue 9).
// - email_outbox learns whom a message is for and what kind it is (event type, 'digest', or an account email),
//   carries extra headers (List-Unsubscribe), and gets its Message-ID when the row is written, so a retry after
//   a crash resends the same message. `failed_at` marks a permanent failure (an SMTP 5xx): no more retries, and
//   admins see it. `smtp_response` is what the receiving server said when it accepted the message.
// - email_preferences: a member's choice per kind of email ('now' | 'digest' | 'off'); no row = the default.
// - members.digest_hour is the local hour of the daily digest; digest_next_at the UTC instant it is next due
//   (NULL until the scheduler first places the member); digest_since the end of the period the last digest
//   covered ("new since your last digest").
// - digests: one row per (member, local date), claimed before the digest is composed. The primary key is the
//   "exactly once"; the Message-ID is fixed in the claim.
// - instance_secrets: keys the instance makes for itself (the unsubscribe-token key), so one machine needs no
//   new setting and every process of a scaled-out instance signs alike.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('email_outbox').addColumn('member_id', 'text').execute();
  await db.schema
    .alterTable('email_outbox')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('account'))
    .execute();
  await db.schema
    .alterTable('email_outbox')
    .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.alterTable('email_outbox').addColumn('failed_at', 'text').execute();
  await db.schema.alterTable('email_outbox').addColumn('smtp_response', 'text').execute();
  // Rows written before this migration get a Message-ID now, so even they are resent as the same message.
  await sql`update email_outbox set message_id = '<' || id || '@slipstream.local>' where message_id is null`.execute(
    db,
  );
  // What the drain walks: unsent rows that may still be sent, soonest due first (permanent failures leave it).
  await db.schema
    .createIndex('email_outbox_pending')
    .on('email_outbox')
    .columns(['next_attempt_at', 'id'])
    .where(sql<boolean>`sent_at is null and failed_at is null`)
    .execute();
  // The admin outbox page: newest first.
  await db.schema
    .createIndex('email_outbox_created')
    .on('email_outbox')
    .columns(['created_at', 'id'])
    .execute();

  await db.schema
    .createTable('email_preferences')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_preferences_pk', ['member_id', 'kind'])
    .execute();

  await db.schema
    .alterTable('members')
    .addColumn('digest_hour', 'integer', (c) => c.notNull().defaultTo(8))
    .execute();
  await db.schema.alterTable('members').addColumn('digest_next_at', 'text').execute();
  await db.schema.alterTable('members').addColumn('digest_since', 'text').execute();
  // The scheduler's two walks: who is due (oldest due first), and who has not been placed yet.
  await db.schema
    .createIndex('members_digest_due')
    .on('members')
    .columns(['digest_next_at', 'id'])
    .where(sql.ref('digest_next_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('members_digest_unplaced')
    .on('members')
    .column('id')
    .where(sql.ref('digest_next_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('digests')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    // 'queued' (handed to the outbox) | 'empty' (nothing to say: no email) | 'off' (the member turned it off)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo('{}'))
    .addPrimaryKeyConstraint('digests_pk', ['member_id', 'local_date'])
    .execute();
  await db.schema.createIndex('digests_claimed').on('digests').columns(['claimed_at']).execute();

  await db.schema
    .createTable('instance_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('instance_secrets').execute();
  await db.schema.dropIndex('digests_claimed').execute();
  await db.schema.dropTable('digests').execute();
  await db.schema.dropIndex('members_digest_unplaced').execute();
  await db.schema.dropIndex('members_digest_due').execute();
  for (const c of ['digest_since', 'digest_next_at', 'digest_hour']) {
    await db.schema.alterTable('members').dropColumn(c).execute();
  }
  await db.schema.dropTable('email_preferences').execute();
  await db.schema.dropIndex('email_outbox_created').execute();
  await db.schema.dropIndex('email_outbox_pending').execute();
  for (const c of ['smtp_response', 'failed_at', 'headers', 'kind', 'member_id']) {
    await db.schema.alterTable('email_outbox').dropColumn(c).execute();
  }
}
