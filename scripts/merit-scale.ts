// Throwaway measurement for docs/merit.md: builds a scratch SQLite database with N members and 10·N completed
// engagements (power-law owners and helpers, Zipf skills), then times recomputeMerit end to end (database →
// stored scores) and graphology-metrics' PageRank on the same edges, each in its own child process so peak
// RSS is its own. Usage:
//   node --import tsx scripts/merit-scale.ts build [members] [file]
//   node --import tsx scripts/merit-scale.ts ours [file]
//   node --import tsx scripts/merit-scale.ts graphology [file]
import { existsSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import pino from 'pino';
import type { AppContext } from '../server/src/context.js';
import { migrateToLatest, openDatabase } from '../server/src/db/database.js';
import { recomputeMerit } from '../server/src/modules/merit/merit.service.js';
import { engagementWeight } from '../server/src/modules/merit/eigentrust.js';

const [mode = 'build', a1, a2] = process.argv.slice(2);
const rssMiB = () => process.resourceUsage().maxRSS / 1024;

// Deterministic PRNG (mulberry32).
let seed = 42;
const rand = () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
/** Power law over 0..n-1: low indices are the active ones. */
const powerLaw = (n: number, exponent = 2.2) => Math.min(n - 1, Math.floor(n * rand() ** exponent));

async function build(members: number, file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) rmSync(f);
  const h = openDatabase({ database: { dialect: 'sqlite', file } });
  await migrateToLatest(h.db);
  await h.destroy();
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  const now = new Date('2026-11-01T00:00:00Z').toISOString();
  const pad = (i: number) => i.toString(36).padStart(8, '0');
  const insMember = db.prepare(
    `insert into members (id, handle, email, email_verified_at, password_hash, name, role, trusted, created_at, updated_at)
     values (?, ?, ?, ?, 'x', ?, ?, ?, ?, ?)`,
  );
  const insOverflow = db.prepare(
    `insert into overflow (id, owner_id, title, brief, effort_hours, visibility, status, created_at, updated_at)
     values (?, ?, ?, '', ?, 'public', 'completed', ?, ?)`,
  );
  const insEngagement = db.prepare(
    `insert into engagements (id, overflow_id, offer_id, owner_id, helper_id, status, started_at, completed_at,
       auto_completed, rating, demonstrated_skills, work_record_id, updated_at, effort_hours)
     values (?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const skills = Array.from({ length: 400 }, (_, i) => `skill-${i}`);
  const zipfSkill = () => skills[Math.min(399, Math.floor(400 * rand() ** 3))]!;
  db.transaction(() => {
    for (let i = 0; i < members; i++) {
      const id = `m${pad(i)}`;
      // 20 admins and 200 trusted members among the active ones.
      insMember.run(
        id,
        `h${pad(i)}`,
        `${id}@example.org`,
        now,
        id,
        i < 20 ? 'admin' : 'member',
        i < 220 ? 1 : 0,
        now,
        now,
      );
    }
  })();
  const edges = members * 10;
  const batch = 100_000;
  for (let start = 0; start < edges; start += batch) {
    db.transaction(() => {
      for (let k = start; k < Math.min(edges, start + batch); k++) {
        const id = `e${pad(k)}`;
        const owner = powerLaw(members);
        let helper = powerLaw(members, 1.6);
        if (helper === owner) helper = (helper + 1) % members;
        const n = 1 + Math.floor(rand() * 3);
        const sk = [...new Set(Array.from({ length: n }, zipfSkill))];
        const auto = rand() < 0.1;
        const effort = 1 + Math.floor(rand() * 40);
        insOverflow.run(`o${pad(k)}`, `m${pad(owner)}`, `Overflow ${k}`, effort, now, now);
        insEngagement.run(
          id,
          `o${pad(k)}`,
          `f${pad(k)}`,
          `m${pad(owner)}`,
          `m${pad(helper)}`,
          now,
          now,
          auto ? 1 : 0,
          auto ? null : 1 + Math.floor(rand() * 5),
          JSON.stringify(sk),
          `w${pad(k)}`,
          now,
          effort,
        );
      }
    })();
    process.stdout.write(`\r${Math.min(edges, start + batch)} / ${edges} engagements`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  console.log(`\nbuilt ${file}: ${members} members, ${edges} completed engagements`);
}

async function ours(file: string) {
  const h = openDatabase({ database: { dialect: 'sqlite', file } });
  const ctx = {
    db: h.db,
    clock: { now: () => new Date() },
    log: pino({ level: 'silent' }),
  } as unknown as AppContext;
  const stats = await recomputeMerit(ctx);
  await h.destroy();
  console.log(JSON.stringify({ impl: 'ours', ...stats, peakRssMiB: Math.round(rssMiB()) }));
}

async function graphologyRun(file: string) {
  const started = performance.now();
  const { default: Graph } = await import('graphology');
  const { default: pagerank } = await import('graphology-metrics/centrality/pagerank.js');
  const h = openDatabase({ database: { dialect: 'sqlite', file } });
  const { eachMeritEdge } = await import('../server/src/modules/merit/merit.repository.js');
  const g = new Graph({ type: 'directed', multi: false });
  let edges = 0;
  // The same read as ours (one streamed scan), so the comparison is of the graph and the walk.
  await eachMeritEdge(h.db, ([counts, owner, helper, rating, auto, , effort]) => {
    if (counts !== 1) return;
    g.mergeNode(owner);
    g.mergeNode(helper);
    const w = engagementWeight(rating, effort, auto === 1);
    g.updateEdge(owner, helper, (attr) => ({ weight: ((attr.weight as number) ?? 0) + w }));
    edges++;
  });
  const built = performance.now();
  const scores = pagerank(g, { alpha: 0.85, tolerance: 1e-9, maxIterations: 100, getEdgeWeight: 'weight' });
  await h.destroy();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      impl: 'graphology',
      seconds,
      buildSeconds: (built - started) / 1000,
      members: g.order,
      edges,
      scored: Object.keys(scores).length,
      peakRssMiB: Math.round(rssMiB()),
    }),
  );
}

if (mode === 'build') await build(Number(a1 ?? 100_000), a2 ?? '/tmp/merit-scale.db');
else if (mode === 'ours') await ours(a1 ?? '/tmp/merit-scale.db');
else await graphologyRun(a1 ?? '/tmp/merit-scale.db');
