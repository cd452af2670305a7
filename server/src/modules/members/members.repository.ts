import type { Db } from '../../db/database.js';
import { prefixPattern } from '../../db/helpers.js';
import { sql } from 'kysely';
import type { MemberRow, MemberUpdate, NewMember } from '../../db/schema.js';
import { indexMember, unindexMember } from '../../db/search-index.js';

/** The profile fields the people index holds (0009); a write to any of them re-indexes the member. */
const INDEXED_FIELDS = ['name', 'handle', 'headline', 'bio'] as const;

export async function findMemberById(db: Db, id: string): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMemberByHandle(db: Db, handle: string): Promise<MemberRow | undefined> {
  // A deleted member's tombstone (docs/account-deletion.md) has no profile: its handle resolves to nothing.
  return db
    .selectFrom('members')
    .selectAll()
    .where('handle', '=', handle)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function findMemberByEmail(db: Db, email: string): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Each member's capacity (how many engagements they take on at once). */
export async function listCapacities(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('members').select(['id', 'capacity']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.capacity]));
}

export async function countMembers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Inserts a member; returns which unique field clashed instead of throwing on a duplicate. The clash is
 * `ON CONFLICT DO NOTHING`, never a caught error: on PostgreSQL an error aborts the whole transaction, and
 * the caller's transaction must go on (to answer, or to email the address's owner).
 */
export async function insertMember(db: Db, member: NewMember): Promise<'ok' | 'handle' | 'email'> {
  const inserted = await db
    .insertInto('members')
    .values(member)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) {
    // In the sign-up's transaction, so a member is searchable exactly when they exist.
    await indexMember(db, inserted.id);
    return 'ok';
  }
  return (await findMemberByHandle(db, member.handle)) ? 'handle' : 'email';
}

/**
 * Updates a member. When a field of the public profile the people index holds changes, the old document is
 * removed before and the new one written after, in the caller's transaction (docs/decisions/0014).
 */
export async function updateMember(db: Db, id: string, patch: MemberUpdate): Promise<void> {
  const reindex = INDEXED_FIELDS.some((f) => patch[f] !== undefined);
  if (reindex) await unindexMember(db, id);
  await db.updateTable('members').set(patch).where('id', '=', id).execute();
  if (reindex) await indexMember(db, id);
}

export async function listMemberSkills(db: Db, memberIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (memberIds.length === 0) return out;
  const rows = await db
    .selectFrom('member_skills')
    .select(['member_id', 'skill'])
    .where('member_id', 'in', memberIds)
    .orderBy('member_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.set(r.member_id, [...(out.get(r.member_id) ?? []), r.skill]);
  return out;
}

/** Replaces a member's profile skills, and their document in the people index with them. */
export async function replaceMemberSkills(db: Db, memberId: string, skills: string[]): Promise<void> {
  await unindexMember(db, memberId);
  await db.deleteFrom('member_skills').where('member_id', '=', memberId).execute();
  if (skills.length > 0) {
    await db
      .insertInto('member_skills')
      .values(skills.map((skill, position) => ({ member_id: memberId, skill, position })))
      .execute();
  }
  await indexMember(db, memberId);
}

/** Skills in use on the instance (profiles and work records), most used first, for tag suggestions. */
export async function searchSkills(
  db: Db,
  prefix: string,
  limit: number,
): Promise<{ skill: string; uses: number }[]> {
  const pattern = prefixPattern(prefix);
  const used = db
    .selectFrom('member_skills')
    .select('skill')
    .where('skill', 'like', pattern)
    .unionAll(db.selectFrom('work_record_skills').select('skill').where('skill', 'like', pattern));
  const rows = await db
    .selectFrom(used.as('u'))
    .select(['u.skill', sql<number>`count(*)`.as('uses')])
    .groupBy('u.skill')
    .orderBy('uses', 'desc')
    .orderBy('u.skill')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ skill: r.skill, uses: Number(r.uses) }));
}
