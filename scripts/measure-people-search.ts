// People search in process on a seeded database (docs/decisions/0014-search-design.md, "People"): the
// committed service against the unbounded query it replaced, alternated, per query shape.
//   DATABASE_URL=sqlite:/tmp/people/s20k.db node --import tsx scripts/measure-people-search.ts [runs]
import { sql } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../server/src/config/env.js';
import type { AppContext } from '../server/src/context.js';
import { migrateToLatest, openDatabase, type Db } from '../server/src/db/database.js';
import { prefixPattern } from '../server/src/db/helpers.js';
import { parseSearchQuery } from '../server/src/modules/search/search.query.js';
import * as repo from '../server/src/modules/search/search.repository.js';
import { searchMembers, type MemberSearchQuery } from '../server/src/modules/search/search.service.js';
import { normaliseSkills } from '../server/src/shared/skills.js';
import { systemClock } from '../server/src/shared/clock.js';

/** The query before 0009: merit and verified work for every member matching a LIKE (or having the skill), sorted. */
async function before(db: Db, q: MemberSearchQuery) {
  const skills = q.skills ? normaliseSkills(q.skills) : [];
  const words = q.q?.trim() ? parseSearchQuery(q.q).flatMap((t) => t.text.split(' ')) : [];
  const meritSkills = skills.length ? skills : [''];
  let query = db.selectFrom('members').select([
    'members.id',
    'members.handle',
    'members.name',
    'members.headline',
    'members.capacity',
    (eb) =>
      eb
        .selectFrom('merit_scores')
        .select((e) => e.fn.coalesce(e.fn.max<number>('merit_scores.score'), sql<number>`0`).as('m'))
        .whereRef('merit_scores.member_id', '=', 'members.id')
        .where('merit_scores.skill', 'in', meritSkills)
        .as('merit'),
    (eb) =>
      eb
        .selectFrom('work_records')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('work_records.member_id', '=', 'members.id')
        .where('work_records.verified', '=', 1)
        .as('verified'),
  ]);
  if (skills.length) {
    query = query.where('members.id', 'in', (eb) =>
      eb
        .selectFrom('member_skills')
        .select('member_skills.member_id')
        .where('member_skills.skill', 'in', skills),
    );
  }
  for (const word of words) {
    const like = `%${prefixPattern(word).slice(0, -1)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('members.handle', 'like', prefixPattern(word)),
        eb(sql`lower(members.name)`, 'like', like),
        eb(sql`lower(members.headline)`, 'like', like),
        eb(sql`lower(members.bio)`, 'like', like),
        eb.exists(
          eb
            .selectFrom('member_skills')
            .select(sql<number>`1`.as('one'))
            .whereRef('member_skills.member_id', '=', 'members.id')
            .where('member_skills.skill', 'like', like),
        ),
      ]),
    );
  }
  const rows = await db
    .selectFrom(query.as('ranked'))
    .selectAll()
    .orderBy('merit', 'desc')
    .orderBy('verified', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const ids = rows.slice(0, q.limit).map((r) => r.id);
  await Promise.all([repo.countSlotsTaken(db, ids), repo.listMemberSkills(db, ids)]);
  return rows.slice(0, q.limit).map((r) => r.handle);
}

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main() {
  const runs = Number(process.argv[2] ?? 15);
  const config = loadConfig();
  const database = openDatabase(config);
  await migrateToLatest(database.db);
  const db = database.db;
  const ctx = { db, clock: systemClock, config, log: pino({ level: 'warn' }) } as unknown as AppContext;
  const top = await db
    .selectFrom('member_skills')
    .select(['skill', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('skill')
    .orderBy('n', 'desc')
    .execute();
  const common = top[0]!.skill;
  const mid = top[Math.floor(top.length / 4)]!.skill;
  const someone = await db
    .selectFrom('members')
    .select(['name', 'handle'])
    .orderBy('id')
    .offset(777)
    .limit(1)
    .executeTakeFirstOrThrow();
  const n = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  console.log(
    `${n.n} members; common skill ${common} (${top[0]!.n}), mid skill ${mid} (${top[Math.floor(top.length / 4)]!.n})`,
  );
  const shapes: [string, MemberSearchQuery][] = [
    [`skills=${common}`, { skills: [common], limit: 20 }],
    [`skills=${mid}`, { skills: [mid], limit: 20 }],
    [`skills=3 skills`, { skills: [common, mid, top[10]!.skill], limit: 20 }],
    ['q=senior (common word)', { q: 'senior', limit: 20 }],
    ['q=senior engineer', { q: 'senior engineer', limit: 20 }],
    [`q=${someone.handle} (a handle)`, { q: someone.handle, limit: 20 }],
    [`q=${someone.name} (a name)`, { q: someone.name, limit: 20 }],
    [`q=staff + skills=${common}`, { q: 'staff', skills: [common], limit: 20 }],
  ];
  for (const [label, q] of shapes) {
    const a: number[] = [];
    const b: number[] = [];
    let hitsA = 0;
    let hitsB = 0;
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now();
      hitsB = (await before(db, q)).length;
      b.push(performance.now() - t0);
      t0 = performance.now();
      hitsA = (await searchMembers(ctx, q)).items.length;
      a.push(performance.now() - t0);
    }
    console.log(
      `${label.padEnd(44)} before min ${pct(b, 0).toFixed(1)} / p50 ${pct(b, 50).toFixed(1)} / p95 ${pct(b, 95).toFixed(1)} ms (${hitsB} hits)   after min ${pct(a, 0).toFixed(1)} / p50 ${pct(a, 50).toFixed(1)} / p95 ${pct(a, 95).toFixed(1)} ms (${hitsA} hits)`,
    );
  }
  await database.destroy();
}

await main();
