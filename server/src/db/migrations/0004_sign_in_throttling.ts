import type { Kysely } from 'kysely';

// Frozen: sign-in throttling that hands nobody a lock-out button (docs/decisions/0011-sign-in-throttling.md).
// A browser that signed in before carries a device cookie; its failures are counted per device, and the
// account-wide cap counts only failures from clients the account does not know. Throttle keys give the
// limit check a row to lock, so concurrent attempts are counted one at a time on PostgreSQL too.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('trusted_devices')
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('trusted_devices_pk', ['token_hash', 'member_id'])
    .execute();
  await db.schema.createIndex('trusted_devices_member').on('trusted_devices').column('member_id').execute();

  await db.schema.alterTable('auth_failures').addColumn('device_hash', 'text').execute();
  await db.schema
    .createIndex('auth_failures_device')
    .on('auth_failures')
    .columns(['device_hash', 'created_at'])
    .execute();

  await db.schema
    .createTable('auth_throttle_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .execute();
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('auth_throttle_keys').execute();
  await db.schema.dropIndex('auth_failures_device').execute();
  await db.schema.alterTable('auth_failures').dropColumn('device_hash').execute();
  await db.schema.dropTable('trusted_devices').execute();
}
