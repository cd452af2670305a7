/**
 * What the server crash suite checks once the last process has stopped: every acknowledged write of the load
 * (server/test/crash/load.ts) is in the database with its exact content, and the drafting loop's invariants
 * hold over the whole database (SQL over every row, not only the load's). Each check returns the offending
 * rows as lines, so a failure says which rows and why.
 */
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';
import { ownerCredit } from '../../src/shared/ledger-weights.js';
import { storedAndRecomputedFigures } from '../helpers/loop.js';
import type { EditTrail, Journal } from './load.js';

const BATCH = 500;

/** Acknowledged writes missing or with other content than was written. */
export async function lostWrites(db: Db, journal: Journal[], trails: Iterable<EditTrail>): Promise<string[]> {
  const lost: string[] = [];
  const byTable = new Map<string, Set<string>>();
  const need = (table: string, id: string) => {
    const ids = byTable.get(table) ?? new Set<string>();
    ids.add(id);
    byTable.set(table, ids);
  };
  const trailList = [...trails];
  for (const j of journal) need(j.table, j.id);
  for (const t of trailList) need(t.table, t.id);
  const rows = new Map<string, Record<string, unknown>>();
  for (const [table, ids] of byTable) {
    const all = [...ids];
    for (let i = 0; i < all.length; i += BATCH) {
      const found = (await db
        .selectFrom(table as 'overflow')
        .selectAll()
        .where('id', 'in', all.slice(i, i + BATCH))
        .execute()) as Record<string, unknown>[];
      for (const r of found) rows.set(`${table}|${String(r.id)}`, r);
    }
  }
  for (const j of journal) {
    const row = rows.get(`${j.table}|${j.id}`);
    if (!row) {
      lost.push(`${j.what}: ${j.table} ${j.id} is missing`);
      continue;
    }
    if (j.kind === 'row') {
      for (const [column, value] of Object.entries(j.columns)) {
        const stored = row[column];
        const same = typeof value === 'number' ? Number(stored) === value : stored === value;
        if (!same) {
          lost.push(
            `${j.what}: ${j.table} ${j.id}.${column} is ${JSON.stringify(stored)}, wrote ${JSON.stringify(value)}`,
          );
        }
      }
    } else if (!j.allowed.includes(String(row.status))) {
      lost.push(
        `${j.what}: ${j.table} ${j.id}.status is ${String(row.status)}, expected ${j.allowed.join('|')}`,
      );
    }
  }
  for (const t of trailList) {
    const lastAck = t.attempts.map((a) => a.outcome).lastIndexOf('ack');
    if (lastAck < 0) continue; // never acknowledged: nothing was promised
    const allowed = t.attempts
      .filter((a, i) => i === lastAck || (i > lastAck && a.outcome === 'unknown'))
      .map((a) => a.value);
    const stored = rows.get(`${t.table}|${t.id}`)?.[t.column];
    if (!allowed.includes(stored as string)) {
      lost.push(
        `edit of ${t.table} ${t.id}.${t.column}: stored ${JSON.stringify(stored)}, acknowledged ${JSON.stringify(t.attempts[lastAck]!.value)}`,
      );
    }
  }
  return lost;
}

type Row = Record<string, unknown>;
const lines = (rows: Row[]) => rows.slice(0, 20).map((r) => JSON.stringify(r));

/** The loop's invariants, by name: each maps to the offending rows (empty when it holds). */
export async function invariantFailures(db: Db): Promise<Record<string, string[]>> {
  const q = async (text: string) => lines((await sql<Row>`${sql.raw(text)}`.execute(db)).rows);
  const live = `('active', 'delivered')`;
  const out: Record<string, string[]> = {
    // An overflow is taken (assigned, delivered, …) or open with offers waiting, never both: accepting one
    // offer declines the others in the same transaction.
    'no overflow both taken and with a pending offer': await q(`
      select o.id, o.status from overflow o
      where o.status <> 'open'
        and exists (select 1 from offers f where f.overflow_id = o.id and f.status = 'pending')`),
    'no engagement without its overflow': await q(`
      select e.id from engagements e left join overflow o on o.id = e.overflow_id where o.id is null`),
    'every engagement comes from its accepted offer': await q(`
      select e.id, f.status from engagements e left join offers f on f.id = e.offer_id
      where f.id is null or f.status <> 'accepted' or f.overflow_id <> e.overflow_id or f.helper_id <> e.helper_id
        or e.owner_id <> (select owner_id from overflow o where o.id = e.overflow_id)`),
    'every accepted offer has its engagement': await q(`
      select f.id from offers f
      where f.status = 'accepted' and not exists (select 1 from engagements e where e.offer_id = f.id)`),
    'at most one pending offer per helper and overflow': await q(`
      select overflow_id, helper_id, count(*) as n from offers where status = 'pending'
      group by overflow_id, helper_id having count(*) > 1`),
    'overflow and its engagement agree': await q(`
      select o.id, o.status from overflow o
      where (select count(*) from engagements e where e.overflow_id = o.id and e.status in ${live}) > 1
         or (o.status = 'assigned'
             and not exists (select 1 from engagements e where e.overflow_id = o.id and e.status = 'active'))
         or (o.status = 'delivered'
             and not exists (select 1 from engagements e where e.overflow_id = o.id and e.status = 'delivered'))
         or (o.status not in ('assigned', 'delivered')
             and exists (select 1 from engagements e where e.overflow_id = o.id and e.status in ${live}))
         or (o.status = 'completed') <>
            ((select count(*) from engagements e where e.overflow_id = o.id and e.status = 'completed') = 1)
         or (select count(*) from engagements e where e.overflow_id = o.id and e.status = 'completed') > 1`),
    "the board's copy of each overflow's status": await q(`
      select s.overflow_id, s.status, o.status as overflow_status from overflow_skills s
      join overflow o on o.id = s.overflow_id where s.status <> o.status or s.due_key <> o.due_key`),
    'no credited completion without its work record': await q(`
      select e.id, e.work_record_id from engagements e left join work_records w on w.id = e.work_record_id
      where e.status = 'completed'
        and (w.id is null or w.verified <> 1 or w.member_id <> e.helper_id or w.engagement_id <> e.id)`),
    'no verified work record without its completed engagement': await q(`
      select w.id from work_records w left join engagements e on e.id = w.engagement_id
      where w.verified = 1 and (e.id is null or e.status <> 'completed' or e.work_record_id <> w.id)`),
    'no credit for an engagement that did not complete': await q(`
      select l.id, l.kind, e.status from ledger_entries l left join engagements e on e.id = l.source_id
      where l.source_type = 'engagement' and (e.id is null or e.status <> 'completed')`),
    'each thanks note has its one ledger entry': await q(`
      select t.id from thanks_notes t
      where (select count(*) from ledger_entries l
             where l.source_type = 'thanks' and l.source_id = t.id and l.kind = 'thanks' and l.weight = 1
               and l.giver_id = t.from_id and l.receiver_id = t.to_id) <> 1
      union all
      select l.id from ledger_entries l left join thanks_notes t on t.id = l.source_id
      where l.kind = 'thanks' and t.id is null`),
    "a helper's live engagements within their capacity": await q(`
      select m.id, m.capacity from members m
      where (select count(*) from engagements e where e.helper_id = m.id and e.status in ${live}) > m.capacity`),
  };

  // Each completed engagement has exactly its ledger entries (ADR 0008): the helper's help (effort hours),
  // and the owner's opportunity, review and endorsement with their weights.
  const completed = await db
    .selectFrom('engagements')
    .select(['id', 'owner_id', 'helper_id', 'effort_hours', 'auto_completed', 'endorsement', 'delivered_at'])
    .where('status', '=', 'completed')
    .execute();
  const entries = await db
    .selectFrom('ledger_entries')
    .select(['source_id', 'kind', 'giver_id', 'receiver_id', 'weight'])
    .where('source_type', '=', 'engagement')
    .execute();
  const bySource = new Map<string, typeof entries>();
  for (const e of entries) bySource.set(e.source_id, [...(bySource.get(e.source_id) ?? []), e]);
  const ledgerBad: string[] = [];
  for (const e of completed) {
    const auto = e.auto_completed === 1;
    const expected = [
      { kind: 'help', giver_id: e.helper_id, receiver_id: e.owner_id, weight: e.effort_hours },
      ...ownerCredit(e.effort_hours, { reviewed: !auto, endorsed: !auto && !!e.endorsement }).map((c) => ({
        kind: c.kind,
        giver_id: e.owner_id,
        receiver_id: e.helper_id,
        weight: c.weight,
      })),
    ];
    const key = (x: { kind: string; giver_id: string; receiver_id: string; weight: number }) =>
      `${x.kind} ${x.giver_id}>${x.receiver_id} ${Number(x.weight)}`;
    const got = (bySource.get(e.id) ?? []).map(key).sort();
    const want = expected.map(key).sort();
    if (got.join() !== want.join()) ledgerBad.push(`${e.id}: ${got.join(', ')} ≠ ${want.join(', ')}`);
  }
  out['each completed engagement has exactly its ledger entries'] = ledgerBad.slice(0, 20);

  // Tie strength counts what formed or strengthened it: completed engagements and accepted noticed notes of
  // the pair; completed_together only the engagements. A pair with either has a tie.
  const ties = await db
    .selectFrom('ties')
    .select(['member_a', 'member_b', 'strength', 'completed_together'])
    .execute();
  const pairs = new Map<string, { strength: number; together: number }>();
  const pair = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);
  for (const e of completed) {
    const p = pairs.get(pair(e.owner_id, e.helper_id)) ?? { strength: 0, together: 0 };
    p.strength++;
    p.together++;
    pairs.set(pair(e.owner_id, e.helper_id), p);
  }
  const noticed = await db
    .selectFrom('noticed_notes')
    .select(['from_id', 'to_id'])
    .where('status', '=', 'accepted')
    .execute();
  for (const n of noticed) {
    const p = pairs.get(pair(n.from_id, n.to_id)) ?? { strength: 0, together: 0 };
    p.strength++;
    pairs.set(pair(n.from_id, n.to_id), p);
  }
  const tieBad: string[] = [];
  const stored = new Map(ties.map((t) => [`${t.member_a}|${t.member_b}`, t]));
  for (const [k, p] of pairs) {
    const t = stored.get(k);
    if (!t || t.strength !== p.strength || Number(t.completed_together) !== p.together) {
      tieBad.push(`${k}: stored ${JSON.stringify(t ?? null)}, from the rows ${JSON.stringify(p)}`);
    }
  }
  for (const [k, t] of stored)
    if (!pairs.has(k)) tieBad.push(`${k}: a tie with nothing behind it ${JSON.stringify(t)}`);
  out['tie strength and work together as the rows say'] = tieBad.slice(0, 20);

  // The stored figures (0010, 0014): each tie's weights and each member's totals equal the ledger's rows.
  const figures = await storedAndRecomputedFigures(db);
  const figureBad: string[] = [];
  const recomputed = new Map(figures.recomputed.members.map((m) => [m.id, m]));
  for (const m of figures.stored.members) {
    const r = recomputed.get(m.id);
    const plain = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, k === 'id' ? v : Number(v)]));
    if (!isDeepStrictEqual(plain, r)) {
      figureBad.push(`member ${m.id}: stored ${JSON.stringify(plain)}, recomputed ${JSON.stringify(r)}`);
    }
  }
  for (const part of ['kinds', 'ties'] as const) {
    const s = figures.stored[part] as Record<string, number[]>;
    const r = figures.recomputed[part] as Record<string, number[]>;
    for (const k of new Set([...Object.keys(s), ...Object.keys(r)])) {
      if (!isDeepStrictEqual((s[k] ?? null)?.map(Number) ?? null, r[k] ?? null)) {
        figureBad.push(`${part} ${k}: stored ${JSON.stringify(s[k])}, recomputed ${JSON.stringify(r[k])}`);
      }
    }
  }
  out['stored ledger figures equal the ledger'] = figureBad.slice(0, 20);
  return out;
}
