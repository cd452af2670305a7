import { sql, type Kysely } from 'kysely';
import { eachRawRow, writeInChunks } from '../../db/helpers.js';
import type { Database, MeritScoreTable } from '../../db/schema.js';

type Q = Kysely<Database>;

/** The pre-trusted set: admins and members an admin marked as trusted. */
export async function listPretrustedIds(db: Q): Promise<string[]> {
  const rows = await db
    .selectFrom('members')
    .select('id')
    .where((eb) => eb.or([eb('role', '=', 'admin'), eb('trusted', '=', 1)]))
    .execute();
  return rows.map((r) => r.id);
}

/**
 * An engagement as merit reads it, as an array in this order: whether it counts (1: completed, with its
 * verified work record — self-reported work is never an edge), owner id, helper id, rating, auto_completed,
 * demonstrated_skills (JSON), effort_hours.
 */
export type MeritEdgeValues = [
  counts: number,
  ownerId: string,
  helperId: string,
  rating: number | null,
  autoCompleted: number,
  demonstratedSkills: string,
  effortHours: number,
];

/**
 * Every engagement, one call of `each` per row with its values (no object per row): one streamed scan of
 * `engagements` alone on SQLite, keyset pages on the id on PostgreSQL (`eachRawRow`). The effort is the
 * engagement's own copy (a join to `overflow` made the scan several times slower), and whether it counts is
 * a column, not a WHERE: with the status in the WHERE, SQLite walks the status index instead of the table.
 */
export async function eachMeritEdge(db: Q, each: (row: MeritEdgeValues) => void, pageSize = 10_000) {
  const page = (after: unknown, limit: number | null) => {
    let q = db.selectFrom('engagements as e').select([
      (eb) =>
        eb
          .case()
          .when(eb.and([eb('e.status', '=', 'completed'), eb('e.work_record_id', 'is not', null)]))
          .then(1)
          .else(0)
          .end()
          .as('counts'),
      'e.owner_id',
      'e.helper_id',
      'e.rating',
      'e.auto_completed',
      'e.demonstrated_skills',
      'e.effort_hours',
    ]);
    if (limit === null) return q;
    q = q.select('e.id').orderBy('e.id').limit(limit);
    if (after !== null) q = q.where('e.id', '>', after as string);
    return q;
  };
  await eachRawRow(db, page, 7, pageSize, each as (row: unknown[]) => void);
}

export type MeritScoreRow = MeritScoreTable;

const SCORE_COLUMNS = ['member_id', 'skill', 'score', 'rank', 'top_fraction', 'computed_at'] as const;

/** A stored score as values in this order: member_id, skill, score, rank, top_fraction. */
export type StoredScoreValues = [string, string, number, number, number];

/** Every stored score, one call of `each` per row (no object per row): to write only the rows that change. */
export async function eachStoredScore(db: Q, each: (row: StoredScoreValues) => void, pageSize = 50_000) {
  // Keyset pages on the primary key on PostgreSQL: the key of the last row comes back as a JSON pair.
  const page = (after: unknown, limit: number | null) => {
    let q = db.selectFrom('merit_scores').select(['member_id', 'skill', 'score', 'rank', 'top_fraction']);
    if (limit === null) return q;
    q = q
      .select(sql<[string, string]>`json_build_array(member_id, skill)`.as('k'))
      .orderBy('member_id')
      .orderBy('skill')
      .limit(limit);
    if (after !== null) {
      const [m, k] = after as [string, string];
      q = q.where((eb) => eb(eb.refTuple('member_id', 'skill'), '>', eb.tuple(m, k)));
    }
    return q;
  };
  await eachRawRow(db, page, 5, pageSize, each as (row: unknown[]) => void);
}

/**
 * Writes changed scores (insert or update by member and skill) and deletes the scores no longer earned, in
 * short transactions (`writeInChunks`): the recomputation runs in a worker with its own connection, and the
 * app's own writes must not wait for it beyond a chunk.
 */
export async function writeMeritChanges(
  db: Q,
  upserts: { count: number; row: (i: number, out: unknown[]) => void },
  deletes: { count: number; row: (i: number, out: unknown[]) => void },
): Promise<void> {
  const types = ['text', 'text', 'float8', 'int4', 'float8', 'text'];
  const key = ['member_id', 'skill'];
  await writeInChunks(db, 'merit_scores', key, SCORE_COLUMNS, types, { kind: 'delete', ...deletes });
  await writeInChunks(db, 'merit_scores', key, SCORE_COLUMNS, types, { kind: 'upsert', ...upserts });
}

/** The job_claims row whose last_finished_at is when merit was last computed (rows keep when they changed). */
const COMPUTED_STAMP = 'merit:computed';

/** Records when the stored scores were last recomputed (all of them, changed or not). */
export async function stampMeritComputed(db: Q, at: string): Promise<void> {
  await db
    .insertInto('job_claims')
    .values({ name: COMPUTED_STAMP, claimed_until: null, last_started_at: null, last_finished_at: at })
    .onConflict((oc) => oc.column('name').doUpdateSet({ last_finished_at: at }))
    .execute();
}

/** When the scores were last recomputed, or null before the first recomputation. */
export async function findMeritComputed(db: Q): Promise<string | null> {
  const row = await db
    .selectFrom('job_claims')
    .select('last_finished_at')
    .where('name', '=', COMPUTED_STAMP)
    .executeTakeFirst();
  return row?.last_finished_at ?? null;
}

/** A member's stored merit, overall ('') and per skill. */
export async function listMemberMerit(db: Q, memberId: string) {
  return db
    .selectFrom('merit_scores')
    .select(['skill', 'score', 'rank', 'top_fraction', 'computed_at'])
    .where('member_id', '=', memberId)
    .execute();
}

/** The helper's latest completed, verified engagements, with what a viewer's visibility check needs. */
export async function listRecentCompletedAsHelper(db: Q, helperId: string, limit: number) {
  return db
    .selectFrom('engagements as e')
    .innerJoin('overflow as o', 'o.id', 'e.overflow_id')
    .select([
      'e.id',
      'e.overflow_id',
      'e.completed_at',
      'e.rating',
      'e.auto_completed',
      'e.demonstrated_skills',
      'o.effort_hours',
      'o.title',
      'o.visibility',
      'o.owner_id',
      'o.ask_member_id',
    ])
    .where('e.helper_id', '=', helperId)
    .where('e.status', '=', 'completed')
    .where('e.work_record_id', 'is not', null)
    .orderBy('e.completed_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}

// ------------------------------------------------------------------------------------------ job claims

/**
 * Claims the named job until `until`, if no one holds it (claimed_until is empty or past): a conditional
 * UPDATE, so of several processes exactly one wins. True when this caller won.
 */
export async function claimJob(db: Q, name: string, now: string, until: string): Promise<boolean> {
  await db
    .insertInto('job_claims')
    .values({ name, claimed_until: null, last_started_at: null, last_finished_at: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const res = await db
    .updateTable('job_claims')
    .set({ claimed_until: until, last_started_at: now })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Releases the claim and records when the run finished. */
export async function finishJob(db: Q, name: string, now: string): Promise<void> {
  await db
    .updateTable('job_claims')
    .set({ claimed_until: null, last_finished_at: now })
    .where('name', '=', name)
    .execute();
}

export async function findJobClaim(db: Q, name: string) {
  return db.selectFrom('job_claims').selectAll().where('name', '=', name).executeTakeFirst();
}

// ------------------------------------------------------------------------------------------ trusted

/** Marks a member trusted (or not); the member's id, handle and flag, or undefined for an unknown handle. */
export async function setTrusted(db: Q, handle: string, trusted: boolean) {
  await db
    .updateTable('members')
    .set({ trusted: trusted ? 1 : 0 })
    .where('handle', '=', handle)
    .execute();
  return db
    .selectFrom('members')
    .select(['id', 'handle', 'name', 'role', 'trusted'])
    .where('handle', '=', handle)
    .executeTakeFirst();
}

export async function findMemberTrust(db: Q, handle: string) {
  return db
    .selectFrom('members')
    .select(['id', 'handle', 'name', 'role', 'trusted'])
    .where('handle', '=', handle)
    .executeTakeFirst();
}
