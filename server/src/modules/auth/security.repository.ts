import type { Db } from '../../db/database.js';

/** The member's live sessions, most recently used first (an index walk on sessions_member, LIMITed). */
export async function listLiveSessions(db: Db, memberId: string, now: string, limit: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'user_agent', 'ip', 'created_at', 'last_seen_at', 'expires_at'])
    .where('member_id', '=', memberId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function findMemberSession(db: Db, memberId: string, id: string, now: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'user_agent', 'ip'])
    .where('id', '=', id)
    .where('member_id', '=', memberId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Signs out every session of the member but one (the one changing the password stays). Returns how many. */
export async function deleteOtherSessions(db: Db, memberId: string, keepId: string): Promise<number> {
  const res = await db
    .deleteFrom('sessions')
    .where('member_id', '=', memberId)
    .where('id', '!=', keepId)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function deleteSession(db: Db, memberId: string, id: string): Promise<boolean> {
  const res = await db
    .deleteFrom('sessions')
    .where('id', '=', id)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

/** Revokes every live access token of the member. Returns how many. */
export async function revokeAllAccessTokens(db: Db, memberId: string, now: string): Promise<number> {
  const res = await db
    .updateTable('access_tokens')
    .set({ revoked_at: now })
    .where('member_id', '=', memberId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function insertEmailChangeToken(
  db: Db,
  t: { hash: string; memberId: string; newEmail: string; now: string; expiresAt: string },
): Promise<void> {
  // An earlier link for another address stops working: only the newest request can be confirmed.
  await db
    .updateTable('email_tokens')
    .set({ used_at: t.now })
    .where('member_id', '=', t.memberId)
    .where('purpose', '=', 'email_change')
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('email_tokens')
    .values({
      token_hash: t.hash,
      member_id: t.memberId,
      purpose: 'email_change',
      new_email: t.newEmail,
      created_at: t.now,
      expires_at: t.expiresAt,
    })
    .execute();
}

/** Claims a live 'email_change' token (the UPDATE is the claim, so a link works once). */
export async function claimEmailChangeToken(
  db: Db,
  hash: string,
  now: string,
): Promise<{ memberId: string; newEmail: string } | undefined> {
  const row = await db
    .selectFrom('email_tokens')
    .select(['member_id', 'new_email'])
    .where('token_hash', '=', hash)
    .where('purpose', '=', 'email_change')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!row?.new_email) return undefined;
  const claimed = await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1
    ? { memberId: row.member_id, newEmail: row.new_email }
    : undefined;
}

/** Whether another member (deleted or not: the address stays theirs until deletion frees it) has the address. */
export async function emailBelongsToOther(db: Db, email: string, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom('members')
    .select('id')
    .where('email', '=', email)
    .where('id', '!=', memberId)
    .executeTakeFirst();
  return row !== undefined;
}
