// Issue 3 — property test of the drafting loop's state machines, through the HTTP API.
//
// fast-check generates sequences of actions (post overflow, offer, withdraw, decline, accept, deliver, ask for a
// revision, complete, abandon, cancel, and the two jobs after moving the clock) by random actors among four
// members. Before each action an oracle reads the database and predicts the answer (the status, and the code
// of a refusal); after each action the invariants are checked against the database:
//   - an overflow and its live engagement agree (assigned ↔ active, delivered ↔ delivered, completed ↔ completed),
//     at most one live engagement per overflow, none on open / cancelled / expired overflow;
//   - pending offers exist only on open overflow (they are declined on accept, cancel and expiry);
//   - every completed engagement has exactly one verified work record and one ledger 'help' entry (never
//     credited twice); abandoned and live engagements have none; tie strength = completed engagements per pair;
//   - a helper's active and delivered engagements never exceed their capacity (a delivery keeps its slot);
//   - the stored figures (0010: each tie's weights, each member's ledger totals and completion record) equal
//     the same figures recomputed from the rows;
//   - every refusal is a 4xx in the error shape, never a 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { TestResponse } from './helpers/client.js';
import { registerMember } from './helpers/factories.js';
import {
  dateIn,
  resetLoopTables,
  storedAndRecomputedFigures,
  verifiedMember,
  withToken,
  type LoopMember,
} from './helpers/loop.js';
import { autoCompleteOverdue } from '../src/modules/engagements/engagements.service.js';
import { expireOverdueOverflow } from '../src/modules/overflow/overflow.service.js';
import { addMs, DAY, HOUR, iso, localDate } from '../src/shared/clock.js';

const SKILLS = ['alpha', 'beta', 'gamma'] as const;
const MEMBERS = 4;

/**
 * `actor` is a member index. With `right`, the action is sent by the party who may do it (the owner, the
 * helper, or for an offer anyone but the owner) and `actor` only breaks ties; otherwise by member `actor`,
 * whoever that is. With `live`, the target is picked among the items the action could apply to right now;
 * otherwise among all known items. Both are biased towards true so sequences get deep into the loop, while
 * still sending plenty of refused actions.
 */
interface Who {
  actor: number;
  right: boolean;
  live: boolean;
  target: number;
}
type Action =
  | { kind: 'create'; actor: number; dueIn: number | null; effort: number; skills: number }
  | (Who & {
      kind: 'offer' | 'withdraw' | 'decline' | 'accept' | 'deliver' | 'revision' | 'abandon' | 'cancel';
    })
  | (Who & { kind: 'complete'; skills: number; bogusSkill: boolean })
  | { kind: 'autoComplete'; days: number }
  | { kind: 'expire'; days: number };
type TargetedKind = Exclude<Action['kind'], 'create' | 'autoComplete' | 'expire'>;

const actor = fc.nat(MEMBERS - 1);
const mostly = fc.integer({ min: 0, max: 3 }).map((n) => n > 0);
const who = { actor, right: mostly, live: mostly, target: fc.nat(1000) };
const on = (kind: Exclude<TargetedKind, 'complete'>) => fc.record({ kind: fc.constant(kind), ...who });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      actor,
      dueIn: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
      effort: fc.integer({ min: 1, max: 40 }),
      skills: fc.integer({ min: 1, max: 7 }),
    }),
  },
  { weight: 5, arbitrary: on('offer') },
  { weight: 1, arbitrary: on('withdraw') },
  { weight: 1, arbitrary: on('decline') },
  { weight: 4, arbitrary: on('accept') },
  { weight: 4, arbitrary: on('deliver') },
  { weight: 2, arbitrary: on('revision') },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('complete' as const),
      ...who,
      skills: fc.integer({ min: 0, max: 7 }),
      bogusSkill: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
    }),
  },
  { weight: 2, arbitrary: on('abandon') },
  { weight: 1, arbitrary: on('cancel') },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('autoComplete' as const),
      days: fc.integer({ min: 7, max: 20 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('expire' as const), days: fc.integer({ min: 1, max: 6 }) }),
  },
);

const seqHelper = { actor: 3, right: false, live: true };
const seqOwner = { actor: 0, right: true, live: true };
/**
 * Capacity exceeded without any race (issue 6): m3 (capacity 1) offers on two overflow of m0, m0 accepts the
 * first, m3 delivers, m0 accepts the second, m0 asks for a revision of the first. Also the property's first example.
 */
const CAPACITY_ONE_SEQUENCE: Action[] = [
  { kind: 'create', actor: 0, dueIn: null, effort: 3, skills: 1 },
  { kind: 'create', actor: 0, dueIn: null, effort: 5, skills: 2 },
  { kind: 'offer', ...seqHelper, target: 0 },
  { kind: 'offer', ...seqHelper, target: 1 },
  { kind: 'accept', ...seqOwner, target: 0 },
  { kind: 'deliver', ...seqOwner, target: 0 },
  { kind: 'accept', ...seqOwner, target: 0 },
  { kind: 'revision', ...seqOwner, target: 0 },
];

let t: TestApp;
const members: LoopMember[] = [];

beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
  for (let i = 0; i < MEMBERS; i++) {
    // Tokens, not sessions: the clock moves by weeks. One member works with a capacity of 1.
    members.push(await withToken(await verifiedMember(t, i === 3 ? { capacity: 1 } : {})));
  }
});
afterAll(() => t.close());

const db = () => t.app.ctx.db;
/** Engagements that take one of the helper's capacity slots (ADR 0008): a delivery keeps its slot. */
const SLOT_TAKING = ['active', 'delivered'];
const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

/**
 * A target among the known ids, or (with `live`) among those whose status is one of `statuses`; undefined when
 * there is none (the caller then takes a step that makes one).
 */
async function target(
  table: 'overflow' | 'offers' | 'engagements',
  known: string[],
  w: Who,
  statuses: string[],
): Promise<string | undefined> {
  if (!w.live || known.length === 0) return pick(known, w.target);
  const rows = await db()
    .selectFrom(table)
    .select('id')
    .where('id', 'in', known)
    .where('status', 'in', statuses as never[])
    .orderBy('id')
    .execute();
  return pick(
    rows.map((r) => r.id),
    w.target,
  );
}

/** The member who acts: the right party, or member `actor` whoever that is. */
function actingMember(w: Who, rightIds: string[]): LoopMember {
  const right = members.filter((m) => rightIds.includes(m.id));
  return (w.right && right.length ? pick(right, w.actor) : members[w.actor])!;
}
const notThem = (ids: string[]) => members.map((m) => m.id).filter((id) => !ids.includes(id));
const skillsOf = (mask: number) => SKILLS.filter((_, i) => mask & (1 << i));

/** What the API must answer: a success status, or a refusal's status and code. */
type Expected = { status: number; code?: string };
const refuse = (status: number, code: string): Expected => ({ status, code });

async function memberRow(id: string) {
  return db().selectFrom('members').select(['capacity']).where('id', '=', id).executeTakeFirstOrThrow();
}
async function countWhere(
  table: 'engagements' | 'offers',
  column: 'helper_id',
  id: string,
  status: string | string[],
) {
  const r = await db()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where(column, '=', id)
    .where('status', 'in', (Array.isArray(status) ? status : [status]) as never[])
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

interface RunState {
  overflow: string[];
  offers: string[];
  engagements: string[];
  log: string[];
}

async function checkReply(res: TestResponse, expected: Expected, what: string): Promise<void> {
  const detail = `${what}: expected ${expected.status} ${expected.code ?? ''}, got ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, detail).toBeLessThan(500);
  expect(res.status, detail).toBe(expected.status);
  if (res.status >= 400) {
    expectErrorShape(res);
    expect(res.error!.code, detail).toBe(expected.code);
  }
}

/** When an action has nothing to act on yet, the step that would make something: keeps sequences moving. */
function prerequisite(a: Extract<Action, { target: number }>): Action {
  const w = { actor: a.actor, right: true, live: true, target: a.target };
  switch (a.kind) {
    case 'offer':
    case 'cancel':
      return {
        kind: 'create',
        actor: a.actor,
        dueIn: null,
        effort: 1 + (a.target % 20),
        skills: 1 + (a.target % 7),
      };
    case 'withdraw':
    case 'decline':
    case 'accept':
      return { kind: 'offer', ...w };
    case 'deliver':
    case 'abandon':
      return { kind: 'accept', ...w };
    case 'revision':
    case 'complete':
      return { kind: 'deliver', ...w };
  }
}

/** Runs one action: predicts the answer from the database, sends it, checks the answer. */
async function step(s: RunState, a: Action): Promise<void> {
  const now = t.clock.now();
  if (a.kind === 'autoComplete') {
    t.clock.advance(a.days * DAY);
    const cutoff = iso(addMs(t.clock.now(), -14 * DAY));
    const due = await db()
      .selectFrom('engagements')
      .select('id')
      .where('status', '=', 'delivered')
      .where('delivered_at', '<=', cutoff)
      .execute();
    expect(await autoCompleteOverdue(t.app.ctx)).toBe(due.length);
    expect(await autoCompleteOverdue(t.app.ctx)).toBe(0);
    s.log.push(`autoComplete +${a.days}d → ${due.length}`);
    return;
  }
  if (a.kind === 'expire') {
    t.clock.advance(a.days * DAY);
    const before = localDate(addMs(t.clock.now(), -14 * HOUR), 'UTC');
    const due = await db()
      .selectFrom('overflow')
      .select('id')
      .where('status', '=', 'open')
      .where('due_on', '<', before)
      .execute();
    expect(await expireOverdueOverflow(t.app.ctx)).toBe(due.length);
    expect(await expireOverdueOverflow(t.app.ctx)).toBe(0);
    s.log.push(`expire +${a.days}d → ${due.length}`);
    return;
  }

  let me: LoopMember;
  let res: TestResponse;
  let expected: Expected;

  switch (a.kind) {
    case 'create': {
      me = members[a.actor]!;
      expected = { status: 201 };
      res = await me.client.post<{ id: string }>('overflow', {
        title: `Overflow ${s.overflow.length}`,
        brief: 'Generated.',
        skills: skillsOf(a.skills),
        effortHours: a.effort,
        dueOn: a.dueIn === null ? null : localDate(addMs(now, a.dueIn * DAY), 'UTC'),
        visibility: s.overflow.length % 2 ? 'public' : 'members',
      });
      if (res.status === 201) s.overflow.push((res.body as { id: string }).id);
      break;
    }
    case 'offer':
    case 'cancel': {
      const id = await target('overflow', s.overflow, a, ['open']);
      if (!id) return step(s, prerequisite(a));
      const o = await db().selectFrom('overflow').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      if (a.kind === 'cancel') {
        me = actingMember(a, [o.owner_id]);
        if (o.owner_id !== me.id) expected = refuse(403, 'NOT_OVERFLOW_OWNER');
        else if (o.status !== 'open') expected = refuse(409, 'OVERFLOW_STATE_CONFLICT');
        else expected = { status: 200 };
        res = await me.client.post(`overflow/${id}/cancel`);
        break;
      }
      me = actingMember(a, notThem([o.owner_id]));
      const capacity = (await memberRow(me.id)).capacity;
      if (o.owner_id === me.id) expected = refuse(403, 'OWN_OVERFLOW');
      else if (o.status !== 'open') expected = refuse(409, 'OVERFLOW_NOT_OPEN');
      else if ((await countWhere('engagements', 'helper_id', me.id, SLOT_TAKING)) >= capacity)
        expected = refuse(409, 'CAPACITY_REACHED');
      else if ((await countWhere('offers', 'helper_id', me.id, 'pending')) >= 5)
        expected = refuse(409, 'CAPACITY_REACHED');
      else {
        const mine = await db()
          .selectFrom('offers')
          .select('id')
          .where('overflow_id', '=', id)
          .where('helper_id', '=', me.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        expected = mine ? refuse(409, 'OFFER_ALREADY_PENDING') : { status: 201 };
      }
      res = await me.client.post<{ id: string }>(`overflow/${id}/offers`, {
        pitch: 'I can do this well and on time.',
        proposedOn: dateIn(t, 1),
      });
      if (res.status === 201) s.offers.push((res.body as { id: string }).id);
      break;
    }
    case 'withdraw':
    case 'decline':
    case 'accept': {
      const id = await target('offers', s.offers, a, ['pending']);
      if (!id) return step(s, prerequisite(a));
      const offer = await db()
        .selectFrom('offers')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const o = await db()
        .selectFrom('overflow')
        .selectAll()
        .where('id', '=', offer.overflow_id)
        .executeTakeFirstOrThrow();
      if (a.kind === 'withdraw') {
        me = actingMember(a, [offer.helper_id]);
        if (offer.helper_id !== me.id) expected = refuse(404, 'OFFER_NOT_FOUND');
        else if (offer.status !== 'pending') expected = refuse(409, 'OFFER_STATE_CONFLICT');
        else expected = { status: 200 };
        res = await me.client.post(`offers/${id}/withdraw`);
      } else if (a.kind === 'decline') {
        me = actingMember(a, [o.owner_id]);
        if (o.owner_id !== me.id) expected = refuse(403, 'NOT_OVERFLOW_OWNER');
        else if (offer.status !== 'pending') expected = refuse(409, 'OFFER_STATE_CONFLICT');
        else expected = { status: 200 };
        res = await me.client.post(`offers/${id}/decline`, { note: 'Not this time, thank you.' });
      } else {
        me = actingMember(a, [o.owner_id]);
        const helperCapacity = (await memberRow(offer.helper_id)).capacity;
        if (o.owner_id !== me.id) expected = refuse(403, 'NOT_OVERFLOW_OWNER');
        else if (offer.status !== 'pending') expected = refuse(409, 'OFFER_STATE_CONFLICT');
        else if (o.status !== 'open') expected = refuse(409, 'OVERFLOW_STATE_CONFLICT');
        else if (
          (await countWhere('engagements', 'helper_id', offer.helper_id, SLOT_TAKING)) >= helperCapacity
        )
          expected = refuse(409, 'CAPACITY_REACHED');
        else expected = { status: 201 };
        res = await me.client.post<{ engagementId: string }>(`offers/${id}/accept`);
        if (res.status === 201) s.engagements.push((res.body as { engagementId: string }).engagementId);
      }
      break;
    }
    case 'deliver':
    case 'revision':
    case 'complete':
    case 'abandon': {
      const from = {
        deliver: ['active'],
        revision: ['delivered'],
        complete: ['delivered'],
        abandon: ['active', 'delivered'],
      }[a.kind];
      const id = await target('engagements', s.engagements, a, from);
      if (!id) return step(s, prerequisite(a));
      const e = await db()
        .selectFrom('engagements')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const parties =
        a.kind === 'deliver'
          ? [e.helper_id]
          : a.kind === 'abandon'
            ? [e.owner_id, e.helper_id]
            : [e.owner_id];
      me = actingMember(a, parties);
      const path = `engagements/${id}`;
      if (e.owner_id !== me.id && e.helper_id !== me.id) expected = refuse(404, 'ENGAGEMENT_NOT_FOUND');
      else if (a.kind === 'deliver' && e.helper_id !== me.id) expected = refuse(403, 'NOT_ENGAGEMENT_HELPER');
      else if ((a.kind === 'revision' || a.kind === 'complete') && e.owner_id !== me.id)
        expected = refuse(403, 'NOT_ENGAGEMENT_OWNER');
      else if (!from.includes(e.status)) expected = refuse(409, 'ENGAGEMENT_STATE_CONFLICT');
      else if (a.kind === 'abandon' && e.status === 'delivered' && e.owner_id === me.id)
        expected = refuse(409, 'DELIVERY_AWAITS_REVIEW');
      else if (a.kind === 'complete' && (a as Extract<Action, { kind: 'complete' }>).bogusSkill)
        expected = refuse(400, 'SKILL_NOT_IN_OVERFLOW');
      else expected = { status: a.kind === 'deliver' || a.kind === 'revision' ? 201 : 200 };

      if (a.kind === 'deliver') {
        res = await me.client.post(`${path}/deliveries`, {
          note: 'Delivered.',
          links: ['https://example.org/d'],
        });
      } else if (a.kind === 'revision') {
        res = await me.client.post(`${path}/revision-requests`, { note: 'Once more.' });
      } else if (a.kind === 'abandon') {
        res = await me.client.post(`${path}/abandon`, { reason: 'Generated.' });
      } else {
        const c = a as Extract<Action, { kind: 'complete' }>;
        const overflowSkills = await db()
          .selectFrom('overflow_skills')
          .select('skill')
          .where('overflow_id', '=', e.overflow_id)
          .execute();
        const skills = overflowSkills.map((r) => r.skill).filter((_, i) => c.skills & (1 << i));
        res = await me.client.post(`${path}/complete`, {
          rating: 1 + (c.skills % 5),
          endorsement: 'Generated endorsement.',
          skills: c.bogusSkill ? [...skills, 'not-a-skill-here'] : skills,
        });
      }
      break;
    }
  }
  const what = `${a.kind} by m${members.indexOf(me)}`;
  s.log.push(`${what} → ${res.status}${res.error ? ` ${res.error.code}` : ''}`);
  await checkReply(res, expected, `${s.log.join('\n')}\n${what}`);
}

const MIRROR: Record<string, string> = { assigned: 'active', delivered: 'delivered' };

/** The invariants, checked against the whole database. */
async function checkInvariants(log: string[]): Promise<void> {
  const [overflow, skills, offers, engagements, records, ledger, ties] = await Promise.all([
    db().selectFrom('overflow').selectAll().execute(),
    db().selectFrom('overflow_skills').select(['overflow_id', 'status']).execute(),
    db().selectFrom('offers').selectAll().execute(),
    db().selectFrom('engagements').selectAll().execute(),
    db().selectFrom('work_records').selectAll().where('verified', '=', 1).execute(),
    db().selectFrom('ledger_entries').selectAll().where('kind', '=', 'help').execute(),
    db().selectFrom('ties').selectAll().execute(),
  ]);
  const ctx = `after:\n${log.join('\n')}`;
  const byOverflow = <T extends { overflow_id: string }>(rows: T[], id: string) =>
    rows.filter((r) => r.overflow_id === id);

  for (const o of overflow) {
    const es = byOverflow(engagements, o.id);
    const live = es.filter((e) => e.status === 'active' || e.status === 'delivered');
    const completed = es.filter((e) => e.status === 'completed');
    expect(live.length, `${ctx}\nat most one live engagement on ${o.id}`).toBeLessThanOrEqual(1);
    if (o.status in MIRROR) {
      expect(
        live.map((e) => e.status),
        `${ctx}\n${o.status} overflow ${o.id}`,
      ).toEqual([MIRROR[o.status]]);
    } else {
      expect(live, `${ctx}\nno live engagement on ${o.status} overflow ${o.id}`).toEqual([]);
    }
    expect(completed.length, `${ctx}\ncompleted engagements on ${o.status} overflow ${o.id}`).toBe(
      o.status === 'completed' ? 1 : 0,
    );
    const pending = byOverflow(offers, o.id).filter((x) => x.status === 'pending');
    if (o.status !== 'open')
      expect(pending, `${ctx}\npending offers on ${o.status} overflow ${o.id}`).toEqual([]);
    for (const sk of byOverflow(skills, o.id))
      expect(sk.status, `${ctx}\nboard index copy of ${o.id}`).toBe(o.status);
  }

  // Capacity holds without any race: active and delivered engagements never exceed the helper's capacity,
  // whatever the order of accepts, deliveries and revision requests.
  const capacities = new Map(
    (await db().selectFrom('members').select(['id', 'capacity']).execute()).map((m) => [m.id, m.capacity]),
  );
  for (const helper of new Set(engagements.map((e) => e.helper_id))) {
    const taken = engagements.filter((e) => e.helper_id === helper && SLOT_TAKING.includes(e.status));
    expect(
      taken.length,
      `${ctx}
capacity of ${helper}`,
    ).toBeLessThanOrEqual(capacities.get(helper)!);
  }
  for (const helper of new Set(offers.map((x) => x.helper_id))) {
    expect(offers.filter((x) => x.helper_id === helper && x.status === 'pending').length).toBeLessThanOrEqual(
      5,
    );
  }
  const accepted = offers.filter((x) => x.status === 'accepted');
  expect(accepted.length, `${ctx}\none engagement per accepted offer`).toBe(engagements.length);
  for (const e of engagements) {
    const offer = offers.find((x) => x.id === e.offer_id);
    expect(offer, ctx).toMatchObject({
      status: 'accepted',
      overflow_id: e.overflow_id,
      helper_id: e.helper_id,
    });
    const mine = records.filter((r) => r.engagement_id === e.id);
    const credit = ledger.filter((l) => l.source_type === 'engagement' && l.source_id === e.id);
    if (e.status === 'completed') {
      const o = overflow.find((x) => x.id === e.overflow_id)!;
      expect(
        mine.map((r) => [r.id, r.member_id]),
        `${ctx}\nverified work of ${e.id}`,
      ).toEqual([[e.work_record_id, e.helper_id]]);
      expect(
        credit.map((l) => [l.giver_id, l.receiver_id, l.weight]),
        `${ctx}\nledger of ${e.id}`,
      ).toEqual([[e.helper_id, e.owner_id, o.effort_hours]]);
    } else {
      expect(mine, `${ctx}\nno verified work for ${e.status} ${e.id}`).toEqual([]);
      expect(credit, `${ctx}\nno credit for ${e.status} ${e.id}`).toEqual([]);
    }
  }
  const completedEngagements = engagements.filter((e) => e.status === 'completed');
  expect(records.length, ctx).toBe(completedEngagements.length);
  expect(ledger.length, ctx).toBe(completedEngagements.length);

  // Ties come only from completed work here, one strength point per completed engagement of the pair.
  const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);
  const expectedTies = new Map<string, number>();
  for (const e of completedEngagements) {
    const k = pairKey(e.owner_id, e.helper_id);
    expectedTies.set(k, (expectedTies.get(k) ?? 0) + 1);
  }
  expect(new Map(ties.map((x) => [pairKey(x.member_a, x.member_b), x.strength])), `${ctx}\nties`).toEqual(
    expectedTies,
  );

  // The figures the ledger page and profiles read are kept by the same transactions as the rows.
  const figures = await storedAndRecomputedFigures(db());
  expect(figures.stored, `${ctx}\nstored figures`).toEqual(figures.recomputed);
}

describe('the drafting loop under random sequences of actions', () => {
  it('capacity 1: a delivered engagement keeps its slot, so a revision request cannot leave two active engagements', async () => {
    // The sequence that once exceeded capacity without any race: m3 (capacity 1) offers on two overflow of
    // m0, m0 accepts the first, m3 delivers, m0 accepts the second (then allowed: delivery freed the slot),
    // m0 asks for a revision of the first (then: two active engagements). Invariants after every step.
    await resetLoopTables(db());
    const s: RunState = { overflow: [], offers: [], engagements: [], log: [] };
    for (const a of CAPACITY_ONE_SEQUENCE) {
      t.clock.advance(1000); // ids are time-ordered: the first overflow and offer sort first
      await step(s, a);
      await checkInvariants(s.log);
    }
    expect(s.log).toEqual([
      'create by m0 → 201',
      'create by m0 → 201',
      'offer by m3 → 201',
      'offer by m3 → 201',
      'accept by m0 → 201',
      'deliver by m3 → 201',
      'accept by m0 → 409 CAPACITY_REACHED',
      'revision by m0 → 201',
    ]);
  });

  it('never reaches an illegal state, never credits twice, never leaves an offer pending on a closed overflow', async () => {
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(actionArb, { minLength: 10, maxLength: 25, size: 'max' }),
        async (actions) => {
          await resetLoopTables(db());
          const s: RunState = { overflow: [], offers: [], engagements: [], log: [] };
          for (const a of actions) {
            await step(s, a);
            await checkInvariants(s.log);
          }
          for (const line of s.log) {
            const k = line.replace(/ by m\d| \+\d+d/g, '').replace(/ → (\d+).*/, ' $1');
            kinds.set(k, (kinds.get(k) ?? 0) + 1);
          }
        },
      ),
      {
        numRuns: 40,
        seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31),
        examples: [[CAPACITY_ONE_SEQUENCE]],
      },
    );
    if (process.env.FC_VERBOSE) console.log([...kinds].sort());
    // The generator reaches the interesting transitions, not only refusals.
    for (const k of ['accept 201', 'deliver 201', 'complete 200', 'abandon 200', 'offer 201']) {
      expect(kinds.get(k) ?? 0, `${k} never happened: ${JSON.stringify([...kinds])}`).toBeGreaterThan(0);
    }
  }, 120_000);
});
