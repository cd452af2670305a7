// Issue 7 — the board at scale: the skills filter merges one index walk per skill, soonest-due walks the
// stored due key. Every page, cursor walk and visibility rule is checked against a straightforward filter
// and sort of the same postings, on both databases; on SQLite the plans are checked to be index walks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { TestClient } from './helpers/client.js';
import {
  completedEngagement,
  dateIn,
  postOverflow,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';
import { captureStatements, sqlitePlan, type PlanLine } from './helpers/statements.js';
import * as repo from '../src/modules/overflow/overflow.repository.js';
import type { OverflowView } from '../src/modules/overflow/overflow.service.js';
import { MINUTE } from '../src/shared/clock.js';
import { overflowGrants } from '../src/shared/visibility.js';
import { testDialect } from './setup/database.js';

interface BoardPage {
  items: OverflowView[];
  nextCursor: string | null;
}

interface Posted {
  id: string;
  createdAt: string;
  skills: string[];
  effortHours: number;
  dueOn: string | null;
  visibility: 'public' | 'members' | 'ask';
  ownerId: string;
  askMemberId: string | null;
}

let t: TestApp;
let owner: LoopMember;
let second: LoopMember;
let asked: LoopMember;
let stranger: LoopMember;
let anonymous: TestClient;
const posted: Posted[] = [];

beforeAll(async () => {
  t = await createTestApp();
  owner = await verifiedMember(t);
  second = await verifiedMember(t);
  asked = await verifiedMember(t);
  stranger = await verifiedMember(t);
  anonymous = t.client();
  // A completed engagement ties the owner and `asked`, so the owner may ask them directly.
  await completedEngagement(t, owner.client, asked.client);
  const post = async (
    by: LoopMember,
    o: Omit<Posted, 'id' | 'createdAt' | 'ownerId' | 'askMemberId'>,
    sameInstant = false,
  ) => {
    if (!sameInstant) t.clock.advance(MINUTE);
    const askHandle = o.visibility === 'ask' ? asked.handle : undefined;
    const r = await postOverflow(by.client, {
      title: `posting ${posted.length}`,
      skills: o.skills,
      effortHours: o.effortHours,
      dueOn: o.dueOn,
      visibility: o.visibility,
      ...(askHandle && { askHandle }),
    });
    posted.push({
      ...o,
      id: r.id,
      createdAt: r.createdAt,
      ownerId: by.id,
      askMemberId: o.visibility === 'ask' ? asked.id : null,
    });
  };
  // 40 postings over the skills alpha and beta (many with both), interleaving visibilities, efforts and
  // due dates so each filter thins each skill's walk unevenly; a few posted at the same instant.
  for (let i = 0; i < 40; i++) {
    const skills = i % 3 === 0 ? ['alpha', 'beta'] : i % 3 === 1 ? ['alpha'] : ['beta', 'gamma'];
    const visibility = i % 5 === 0 ? 'members' : i % 11 === 0 ? 'ask' : 'public';
    // Only the owner is tied to `asked`, so every direct ask is theirs.
    await post(
      i % 2 || visibility === 'ask' ? owner : second,
      {
        skills,
        effortHours: i % 7 === 0 ? 30 : 2,
        dueOn: i % 4 === 0 ? null : dateIn(t, 1 + ((i * 7) % 11)),
        visibility,
      },
      i % 9 === 4,
    );
  }
  // Closed overflow never shows on the board.
  const cancelled = await postOverflow(owner.client, { title: 'closed', skills: ['alpha'] });
  await owner.client.post(`overflow/${cancelled.id}/cancel`);
});
afterAll(() => t.close());

type Viewer = 'anonymous' | 'owner' | 'asked' | 'stranger';
const clientOf = (v: Viewer): TestClient =>
  v === 'anonymous'
    ? anonymous
    : v === 'owner'
      ? owner.client
      : v === 'asked'
        ? asked.client
        : stranger.client;
const idOf = (v: Viewer): string | null =>
  v === 'anonymous' ? null : v === 'owner' ? owner.id : v === 'asked' ? asked.id : stranger.id;

/** What the viewer may see, as the product rules say (the reference the SQL is checked against). */
function visible(p: Posted, v: Viewer): boolean {
  const me = idOf(v);
  if (p.visibility === 'public') return true;
  if (me === null) return false;
  if (p.ownerId === me) return true;
  return p.visibility === 'members' || p.askMemberId === me;
}

interface Query {
  skills?: string[];
  sort?: 'newest' | 'due';
  minEffort?: number;
  maxEffort?: number;
  dueBefore?: string;
}

function expected(q: Query, v: Viewer): string[] {
  const dueKey = (p: Posted) => p.dueOn ?? '9999-12-31';
  const rows = posted.filter(
    (p) =>
      visible(p, v) &&
      (!q.skills || q.skills.some((s) => p.skills.includes(s))) &&
      (q.minEffort === undefined || p.effortHours >= q.minEffort) &&
      (q.maxEffort === undefined || p.effortHours <= q.maxEffort) &&
      (!q.dueBefore || (p.dueOn !== null && p.dueOn <= q.dueBefore)),
  );
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) =>
    q.sort === 'due'
      ? cmp(dueKey(a), dueKey(b)) || cmp(a.id, b.id)
      : cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id),
  );
  return rows.map((p) => p.id);
}

function params(q: Query, limit: number, cursor?: string | null): Record<string, string> {
  const out: Record<string, string> = { limit: String(limit) };
  if (q.skills) out.skills = q.skills.join(',');
  if (q.sort) out.sort = q.sort;
  if (q.minEffort !== undefined) out.minEffort = String(q.minEffort);
  if (q.maxEffort !== undefined) out.maxEffort = String(q.maxEffort);
  if (q.dueBefore) out.dueBefore = q.dueBefore;
  if (cursor) out.cursor = cursor;
  return out;
}

/** Every page of the board for the query, following the cursors. */
async function walk(q: Query, v: Viewer, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const res: { status: number; text: string; body: BoardPage } = await clientOf(v).get<BoardPage>(
      'overflow',
      { query: params(q, limit, cursor) },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...res.body.items.map((i) => i.id));
    cursor = res.body.nextCursor;
    if (!cursor) return seen;
    // A page that says there is more is full.
    expect(res.body.items).toHaveLength(limit);
  }
  throw new Error('the cursor walk did not end');
}

const viewers: Viewer[] = ['anonymous', 'stranger', 'asked', 'owner'];

describe('the board by skills, newest first (one index walk per skill, merged)', () => {
  it('lists an overflow with two of the skills once, every page full, no gaps or repeats across cursors', async () => {
    const q: Query = { skills: ['alpha', 'beta'] };
    for (const v of viewers) {
      const want = expected(q, v);
      expect(want.length).toBeGreaterThan(20);
      for (const limit of [1, 3, 7, 50]) {
        const got = await walk(q, v, limit);
        expect(got, `${v} limit ${limit}`).toEqual(want);
        expect(new Set(got).size).toBe(got.length);
      }
    }
  });

  it('applies visibility inside each arm: members-only and asks never show to those who may not see them, and pages stay full', async () => {
    const q: Query = { skills: ['alpha', 'beta', 'gamma'] };
    const anon = await walk(q, 'anonymous', 4);
    expect(anon).toEqual(expected(q, 'anonymous'));
    const hidden = posted.filter((p) => p.visibility !== 'public').map((p) => p.id);
    expect(anon.filter((id) => hidden.includes(id))).toEqual([]);
    // A direct ask shows to its owner and the asked member, and to nobody else.
    const asks = posted.filter((p) => p.visibility === 'ask').map((p) => p.id);
    expect(asks.length).toBeGreaterThan(0);
    for (const v of viewers) {
      const got = await walk(q, v, 4);
      expect(got, v).toEqual(expected(q, v));
      const seesAsks = v === 'asked' || v === 'owner';
      expect(
        asks.filter((id) => got.includes(id)),
        v,
      ).toEqual(seesAsks ? asks : []);
    }
  });

  it('applies the effort filter inside each arm, so a sparse match still fills every page', async () => {
    // 30-hour postings are one in seven: each skill's walk passes many rows that fail the filter.
    for (const q of [
      { skills: ['alpha', 'beta'], minEffort: 20 },
      { skills: ['alpha', 'beta'], maxEffort: 2, dueBefore: dateIn(t, 6) },
    ] satisfies Query[]) {
      for (const v of ['anonymous', 'stranger'] as const) {
        const want = expected(q, v);
        expect(want.length).toBeGreaterThan(2);
        for (const limit of [1, 2, 5]) expect(await walk(q, v, limit), `${v} ${limit}`).toEqual(want);
      }
    }
  });

  it('finds nothing for an unknown skill, and one skill walks alone', async () => {
    expect(await walk({ skills: ['nobody-has-this'] }, 'stranger', 5)).toEqual([]);
    const q: Query = { skills: ['gamma'] };
    expect(await walk(q, 'stranger', 3)).toEqual(expected(q, 'stranger'));
  });
});

describe('the board by soonest due (the stored due key)', () => {
  it('sorts by due date, undated overflow last, without and with skills, across cursor pages', async () => {
    for (const q of [
      { sort: 'due' },
      { sort: 'due', skills: ['alpha', 'beta'] },
      { sort: 'due', skills: ['beta'], minEffort: 20 },
    ] satisfies Query[]) {
      for (const v of viewers) {
        const want = expected(q, v);
        for (const limit of [1, 4, 50]) expect(await walk(q, v, limit), `${v} ${limit}`).toEqual(want);
      }
    }
    const all = await walk({ sort: 'due' }, 'owner', 50);
    const dues = all.map((id) => posted.find((p) => p.id === id)!.dueOn);
    const firstUndated = dues.indexOf(null);
    expect(firstUndated).toBeGreaterThan(0);
    expect(dues.slice(firstUndated).every((d) => d === null)).toBe(true);
  });

  it('filters by due date through the due key: undated overflow never matches', async () => {
    const q: Query = { sort: 'due', dueBefore: dateIn(t, 5) };
    const want = expected(q, 'stranger');
    expect(want.length).toBeGreaterThan(0);
    expect(await walk(q, 'stranger', 2)).toEqual(want);
    expect(await walk({ ...q, sort: 'newest' }, 'stranger', 2)).toEqual(
      expected({ ...q, sort: 'newest' }, 'stranger'),
    );
  });

  it('keeps the due key in step when the due date or the skills are edited', async () => {
    const p = posted.find((x) => x.visibility === 'public' && x.dueOn === null)!;
    const mover = p.ownerId === owner.id ? owner : second;
    const dueOn = dateIn(t, 1);
    expect((await mover.client.patch(`overflow/${p.id}`, { dueOn })).status).toBe(200);
    p.dueOn = dueOn;
    expect(await walk({ sort: 'due', skills: p.skills }, 'stranger', 3)).toEqual(
      expected({ sort: 'due', skills: p.skills }, 'stranger'),
    );
    // New skills copy the new due key; clearing the due date puts it back last.
    expect((await mover.client.patch(`overflow/${p.id}`, { skills: ['delta'], dueOn: null })).status).toBe(
      200,
    );
    p.skills = ['delta'];
    p.dueOn = null;
    const rows = await t.app.ctx.db
      .selectFrom('overflow_skills')
      .innerJoin('overflow', 'overflow.id', 'overflow_skills.overflow_id')
      .select(['overflow_skills.due_key as copy', 'overflow.due_key as key', 'overflow.due_on'])
      .execute();
    for (const r of rows) {
      expect(r.copy).toBe(r.key);
      expect(r.key).toBe(r.due_on ?? '9999-12-31');
    }
    for (const q of [{ sort: 'due' }, { sort: 'due', skills: ['alpha', 'delta'] }] satisfies Query[]) {
      expect(await walk(q, 'stranger', 5)).toEqual(expected(q, 'stranger'));
    }
  });
});

describe('the repository shapes the routes do not reach', () => {
  it('several statuses without an owner: one arm per status and skill, merged in order', async () => {
    const grants = overflowGrants({ memberId: owner.id, emailVerified: true });
    const rows = await repo.listBoardPage(
      t.app.ctx.db,
      { grants, skills: ['alpha'], statuses: ['open', 'cancelled'] },
      'newest',
      100,
    );
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const closed = await t.app.ctx.db
      .selectFrom('overflow')
      .select('id')
      .where('status', '=', 'cancelled')
      .executeTakeFirstOrThrow();
    expect(ids).toContain(closed.id);
    const sorted = [...rows].sort((a, b) =>
      a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1,
    );
    expect(ids).toEqual(sorted.map((r) => r.id));
  });
});

// EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans by statistics and is measured by the benchmark.
if (testDialect() === 'sqlite') {
  describe('the board statements are index walks (SQLite plans)', () => {
    /** The lines directly under a plan node. */
    const children = (plan: PlanLine[], id: number) => plan.filter((l) => l.parent === id);

    it('walks an index per arm from the cursor; the only sorts are of the arms’ own LIMITed rows', async () => {
      const cursor = Buffer.from(JSON.stringify(['2999-01-01', 'zzzz'])).toString('base64url');
      const shapes: Record<string, string>[] = [
        {},
        { sort: 'due' },
        { skills: 'alpha,beta' },
        { skills: 'alpha,beta,gamma', sort: 'due' },
        { skills: 'alpha,beta', minEffort: '20', dueBefore: dateIn(t, 30) },
        { sort: 'due', dueBefore: dateIn(t, 30), maxEffort: '5' },
      ];
      for (const shape of shapes) {
        for (const viewer of [anonymous, stranger.client]) {
          const { queries } = await captureStatements(t, () =>
            viewer.get('overflow', { query: { ...shape, limit: '20', cursor } }),
          );
          const board = queries.filter((q) => /"overflow"/.test(q.sql) && /\blimit\b/.test(q.sql));
          expect(board.length, JSON.stringify(shape)).toBe(1);
          const plan = await sqlitePlan(t.app.ctx.db, board[0]!);
          const what = `${JSON.stringify(shape)}\n${plan.map((l) => `${l.id} ${l.parent} ${l.detail}`).join('\n')}`;
          // No full scan of a table, and every search is by an index the board owns or by primary key.
          for (const l of plan) {
            expect(l.detail, what).not.toMatch(/^SCAN (overflow|os|overflow_skills)\b/);
            if (l.detail.startsWith('SEARCH '))
              expect(l.detail, what).toMatch(
                /USING (COVERING )?INDEX (overflow_board|overflow_board_due|overflow_skills_board|overflow_skills_board_due|sqlite_autoindex_overflow_1|sqlite_autoindex_overflow_skills_1) /,
              );
          }
          // The walk delivers the order itself: a temp B-tree sorts only the LIMITed rows of an arm or of
          // the merged page (a sibling of `SCAN armN` / `SCAN page`), never the matches of a walk.
          for (const l of plan.filter((x) => x.detail.startsWith('USE TEMP B-TREE'))) {
            const siblings = children(plan, l.parent).map((s) => s.detail);
            expect(
              siblings.some((s) => /^SCAN (arm\d+|page)$/.test(s)),
              what,
            ).toBe(true);
          }
          expect(
            plan.some((l) =>
              /SEARCH (os|overflow) USING (COVERING )?INDEX overflow_(skills_)?board/.test(l.detail),
            ),
            what,
          ).toBe(true);
        }
      }
    });

    it('an owner’s list walks overflow_owner, never the whole board', async () => {
      for (const query of [
        { owner: owner.handle } as Record<string, string>,
        { owner: owner.handle, sort: 'due', skills: 'alpha' },
        { owner: 'me', status: 'all' },
      ]) {
        const { queries } = await captureStatements(t, () =>
          owner.client.get('overflow', { query: { ...query, limit: '20' } }),
        );
        const board = queries.filter((q) => /from "overflow"/.test(q.sql) && /\blimit\b/.test(q.sql));
        expect(board.length).toBe(1);
        const plan = await sqlitePlan(t.app.ctx.db, board[0]!);
        expect(plan.map((l) => l.detail).join('\n'), JSON.stringify(query)).toMatch(
          /SEARCH overflow USING INDEX overflow_owner \(owner_id=\?/,
        );
      }
    });

    it('the expiry job walks overflow_board_due', async () => {
      const { queries } = await captureStatements(t, () =>
        repo.listExpiredOpen(t.app.ctx.db, dateIn(t, 0), 200),
      );
      const plan = await sqlitePlan(t.app.ctx.db, queries[0]!);
      expect(plan.map((l) => l.detail)).toEqual([
        expect.stringMatching(
          /^SEARCH overflow USING (COVERING )?INDEX overflow_board_due \(status=\? AND due_key<\?\)$/,
        ),
      ]);
    });
  });
}
