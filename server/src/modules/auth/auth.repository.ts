import type { Db } from '../../db/database.js';
import type { AccessTokenRow } from '../../db/schema.js';

export async function insertSession(
  db: Db,
  s: {
    id: string;
    memberId: string;
    csrfToken: string;
    userAgent: string;
    ip: string;
    now: string;
    expiresAt: string;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      member_id: s.memberId,
      csrf_token: s.csrfToken,
      user_agent: s.userAgent.slice(0, 300),
      ip: s.ip.slice(0, 64),
      created_at: s.now,
      expires_at: s.expiresAt,
      last_seen_at: s.now,
    })
    .execute();
}

export async function findLiveSession(db: Db, id: string, now: string) {
  return (
    db
      .selectFrom('sessions')
      .innerJoin('members', 'members.id', 'sessions.member_id')
      .select([
        'sessions.id',
        'sessions.member_id',
        'sessions.csrf_token',
        'sessions.last_seen_at',
        'members.role',
        'members.email_verified_at',
      ])
      .where('sessions.id', '=', id)
      .where('sessions.expires_at', '>', now)
      // A suspended or deleted member is signed out everywhere, even by a session that outlived the change.
      .where('members.suspended_at', 'is', null)
      .where('members.deleted_at', 'is', null)
      .executeTakeFirst()
  );
}

export async function touchSession(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteMemberSessions(db: Db, memberId: string): Promise<void> {
  await db.deleteFrom('sessions').where('member_id', '=', memberId).execute();
}

export async function insertEmailToken(
  db: Db,
  t: { hash: string; memberId: string; purpose: 'verify' | 'reset'; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('email_tokens')
    .values({
      token_hash: t.hash,
      member_id: t.memberId,
      purpose: t.purpose,
      created_at: t.now,
      expires_at: t.expiresAt,
    })
    .execute();
}

/** Marks a live, unused token used and returns its member: the claim is the UPDATE, so a link works once. */
export async function claimEmailToken(
  db: Db,
  hash: string,
  purpose: 'verify' | 'reset',
  now: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('email_tokens')
    .select(['member_id'])
    .where('token_hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  const claimed = await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1 ? row.member_id : undefined;
}

export async function hasRecentEmailToken(
  db: Db,
  memberId: string,
  purpose: 'verify' | 'reset',
  since: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('email_tokens')
    .select('token_hash')
    .where('member_id', '=', memberId)
    .where('purpose', '=', purpose)
    .where('created_at', '>', since)
    .executeTakeFirst();
  return row !== undefined;
}

export async function expireEmailTokens(db: Db, memberId: string, purpose: 'verify' | 'reset', now: string) {
  await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('member_id', '=', memberId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

export async function recordAuthFailure(
  db: Db,
  f: { id: string; accountKey: string; ip: string; deviceHash: string | null; now: string },
) {
  await db
    .insertInto('auth_failures')
    .values({ id: f.id, account_key: f.accountKey, ip: f.ip, device_hash: f.deviceHash, created_at: f.now })
    .execute();
}

export interface AuthFailureFilter {
  accountKey?: string;
  ip?: string;
  deviceHash?: string;
  /** Only failures from clients the account does not know (no trusted device). */
  untrustedOnly?: boolean;
}

/** Failures since `since` matching the filter, with the oldest one's time (for Retry-After). */
export async function countAuthFailures(
  db: Db,
  filter: AuthFailureFilter,
  since: string,
): Promise<{ count: number; oldest: string | null }> {
  let q = db
    .selectFrom('auth_failures')
    .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('created_at', '>', since);
  if (filter.accountKey !== undefined) q = q.where('account_key', '=', filter.accountKey);
  if (filter.ip !== undefined) q = q.where('ip', '=', filter.ip);
  if (filter.deviceHash !== undefined) q = q.where('device_hash', '=', filter.deviceHash);
  if (filter.untrustedOnly) q = q.where('device_hash', 'is', null);
  const row = await q.executeTakeFirst();
  return { count: Number(row?.n ?? 0), oldest: (row?.oldest as string | null) ?? null };
}

/**
 * Locks one row per key until the transaction ends, so concurrent sign-in attempts for the same account or
 * IP are counted one at a time (an upsert locks the row on PostgreSQL; SQLite transactions are serial).
 * Keys are locked in sorted order, so two attempts never wait on each other in a circle.
 */
export async function lockThrottleKeys(db: Db, keys: string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await db
      .insertInto('auth_throttle_keys')
      .values({ key })
      .onConflict((oc) => oc.column('key').doUpdateSet({ key }))
      .execute();
  }
}

export async function deleteAuthFailure(db: Db, id: string) {
  await db.deleteFrom('auth_failures').where('id', '=', id).execute();
}

/** Forgets an account's failures from one IP, or from one trusted device. */
export async function clearAuthFailures(
  db: Db,
  accountKey: string,
  from: { ip: string } | { deviceHash: string },
) {
  let q = db.deleteFrom('auth_failures').where('account_key', '=', accountKey);
  q = 'ip' in from ? q.where('ip', '=', from.ip) : q.where('device_hash', '=', from.deviceHash);
  await q.execute();
}

/** Forgets every failure of an account (a password reset proved control of its mailbox). */
export async function clearAccountAuthFailures(db: Db, accountKey: string) {
  await db.deleteFrom('auth_failures').where('account_key', '=', accountKey).execute();
}

export async function pruneAuthFailures(db: Db, before: string) {
  await db.deleteFrom('auth_failures').where('created_at', '<', before).execute();
  // A lock row is only needed while a check runs; the next check inserts it again.
  await db.deleteFrom('auth_throttle_keys').execute();
  await db.deleteFrom('trusted_devices').where('expires_at', '<', before).execute();
}

export async function findTrustedDevice(db: Db, tokenHash: string, memberId: string, now: string) {
  return db
    .selectFrom('trusted_devices')
    .select(['token_hash'])
    .where('token_hash', '=', tokenHash)
    .where('member_id', '=', memberId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Trusts a browser for a member (again): one row per device and member, its expiry renewed. */
export async function trustDevice(
  db: Db,
  d: { tokenHash: string; memberId: string; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('trusted_devices')
    .values({ token_hash: d.tokenHash, member_id: d.memberId, created_at: d.now, expires_at: d.expiresAt })
    .onConflict((oc) => oc.columns(['token_hash', 'member_id']).doUpdateSet({ expires_at: d.expiresAt }))
    .execute();
}

export async function deleteTrustedDevices(db: Db, memberId: string): Promise<void> {
  await db.deleteFrom('trusted_devices').where('member_id', '=', memberId).execute();
}

export async function insertAccessToken(db: Db, t: AccessTokenRow): Promise<void> {
  await db.insertInto('access_tokens').values(t).execute();
}

export async function listAccessTokens(db: Db, memberId: string): Promise<AccessTokenRow[]> {
  return db
    .selectFrom('access_tokens')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function findAccessTokenByHash(db: Db, hash: string) {
  return db
    .selectFrom('access_tokens')
    .innerJoin('members', 'members.id', 'access_tokens.member_id')
    .select([
      'access_tokens.id',
      'access_tokens.member_id',
      'access_tokens.expires_at',
      'access_tokens.revoked_at',
      'access_tokens.last_used_at',
      'members.role',
      'members.email_verified_at',
    ])
    .where('access_tokens.token_hash', '=', hash)
    .where('members.suspended_at', 'is', null)
    .where('members.deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function findAccessToken(db: Db, id: string): Promise<AccessTokenRow | undefined> {
  return db.selectFrom('access_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeAccessToken(db: Db, id: string, now: string): Promise<void> {
  await db
    .updateTable('access_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live token of a member (a password reset must also cut off scripts). */
export async function revokeMemberAccessTokens(db: Db, memberId: string, now: string): Promise<void> {
  await db
    .updateTable('access_tokens')
    .set({ revoked_at: now })
    .where('member_id', '=', memberId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function touchAccessToken(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('access_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
