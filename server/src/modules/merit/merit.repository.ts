import type { Kysely } from 'kysely';
import { replaceTableRows } from '../../db/helpers.js';
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

export interface MeritEdgeRow {
  id: string;
  /** 1 when the engagement counts: completed, with a verified work record. */
  counts: number;
  owner_id: string;
  helper_id: string;
  rating: number | null;
  auto_completed: number;
  demonstrated_skills: string;
  effort_hours: number;
}

/**
 * Every engagement, with whether it counts for merit (`counts`: completed, with its verified work record —
 * self-reported work is never an edge), in pages of `pageSize` rows, keyset on the engagement id: one pass,
 * bounded memory, a handful of queries whatever the size. The filter is a column, not a WHERE: with the
 * status in the WHERE, SQLite walks the status index and sorts every completed engagement for each page
 * (3.5 s a page at 1 M); without it, each page is a walk of the primary key from where the last one ended.
 */
export async function* meritEdgePages(db: Q, pageSize: number): AsyncGenerator<MeritEdgeRow[]> {
  let after: string | null = null;
  for (;;) {
    let q = db
      .selectFrom('engagements as e')
      .innerJoin('overflow as o', 'o.id', 'e.overflow_id')
      .select([
        'e.id',
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
        'o.effort_hours',
      ])
      .orderBy('e.id')
      .limit(pageSize);
    if (after !== null) q = q.where('e.id', '>', after);
    const rows: MeritEdgeRow[] = await q.execute();
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

export type MeritScoreRow = MeritScoreTable;

const SCORE_COLUMNS = ['member_id', 'skill', 'score', 'rank', 'top_fraction', 'computed_at'] as const;

/** Replaces every stored score with `batches`, in one transaction. `db` is the root instance. */
export async function replaceMeritScores(db: Q, batches: Iterable<MeritScoreRow[]>): Promise<void> {
  await replaceTableRows(db, 'merit_scores', SCORE_COLUMNS, batches as Iterable<Record<string, unknown>[]>);
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
