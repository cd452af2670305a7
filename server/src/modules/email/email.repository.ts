import type { Db } from '../../db/database.js';
import type { EmailMode } from '../../db/schema.js';

/** The member's chosen modes (rows only where they chose; no row = the default). Walks the primary key. */
export async function listPreferences(
  db: Db,
  memberId: string,
): Promise<{ kind: string; mode: EmailMode }[]> {
  return db
    .selectFrom('email_preferences')
    .select(['kind', 'mode'])
    .where('member_id', '=', memberId)
    .execute();
}

export async function findPreference(db: Db, memberId: string, kind: string): Promise<EmailMode | undefined> {
  const row = await db
    .selectFrom('email_preferences')
    .select('mode')
    .where('member_id', '=', memberId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row?.mode;
}

/** The chosen modes of many members for one kind (the email channel, one query per notify()). */
export async function preferencesOf(
  db: Db,
  memberIds: string[],
  kinds: string[],
): Promise<{ member_id: string; kind: string; mode: EmailMode }[]> {
  if (memberIds.length === 0 || kinds.length === 0) return [];
  return db
    .selectFrom('email_preferences')
    .select(['member_id', 'kind', 'mode'])
    .where('member_id', 'in', memberIds)
    .where('kind', 'in', kinds)
    .execute();
}

export async function upsertPreference(
  db: Db,
  memberId: string,
  kind: string,
  mode: EmailMode,
  now: string,
): Promise<void> {
  await db
    .insertInto('email_preferences')
    .values({ member_id: memberId, kind, mode, updated_at: now })
    .onConflict((oc) => oc.columns(['member_id', 'kind']).doUpdateSet({ mode, updated_at: now }))
    .execute();
}

/** Makes the named secret if it does not exist yet (the first process wins), then reads what is stored. */
export async function ensureSecret(db: Db, name: string, value: string, now: string): Promise<string> {
  await db
    .insertInto('instance_secrets')
    .values({ name, value, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('instance_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}

/** What the settings page and the email channel need to know of a member. */
export async function findMemberEmailFacts(db: Db, memberId: string) {
  return db
    .selectFrom('members')
    .select([
      'id',
      'email',
      'email_verified_at',
      'time_zone',
      'digest_hour',
      'digest_next_at',
      'name',
      'handle',
    ])
    .where('id', '=', memberId)
    .executeTakeFirst();
}

export async function findMembersEmailFacts(db: Db, memberIds: string[]) {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('members')
    .select(['id', 'email', 'email_verified_at', 'name'])
    .where('id', 'in', memberIds)
    .execute();
}

export async function setDigestHour(db: Db, memberId: string, hour: number, now: string): Promise<void> {
  // NULL next-due: the scheduler places the member again at the new hour.
  await db
    .updateTable('members')
    .set({ digest_hour: hour, digest_next_at: null, updated_at: now })
    .where('id', '=', memberId)
    .execute();
}

export async function clearDigestNextAt(db: Db, memberId: string): Promise<void> {
  await db.updateTable('members').set({ digest_next_at: null }).where('id', '=', memberId).execute();
}
