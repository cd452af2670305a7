// Search (issue 7): hand-made postings whose right answers are known — relevance and freshness order,
// the board's visibility and filters, cursor pages, the index in step with edits and cancels, phrases and
// prefixes, hostile input — and people search by skill, words and merit.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildSearchIndex } from '../src/db/search-index.js';
import { DAY } from '../src/shared/clock.js';
import { newId } from '../src/shared/ids.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { TestClient } from './helpers/client.js';
import { insertVerifiedWorkRecord, registerMember } from './helpers/factories.js';
import {
  completedEngagement,
  dateIn,
  postOverflow,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';

let t: TestApp;
let owner: LoopMember;
let asked: LoopMember;

beforeAll(async () => {
  t = await createTestApp();
  await verifiedMember(t); // the first member is the admin
  owner = await verifiedMember(t);
  asked = await verifiedMember(t);
  await completedEngagement(t, owner.client, asked.client); // a tie, so the owner may ask
});
afterAll(() => t.close());

interface Hit {
  id: string;
  title: string;
  brief: string;
  status: string;
  titleHighlights: [number, number][];
  snippet: { text: string; highlights: [number, number][] };
}
interface HitPage {
  items: Hit[];
  nextCursor: string | null;
}

let counter = 0;
/** A word no other test uses, so each test's postings are the only ones that match it. */
const word = () => `zq${(counter++).toString(36)}x${Math.random().toString(36).slice(2, 6)}`;

async function search(client: TestClient, query: Record<string, string>): Promise<HitPage> {
  const res = await client.get<HitPage>('search/overflow', { query });
  expect(res.status, res.text).toBe(200);
  return res.body;
}
const titles = (p: HitPage) => p.items.map((i) => i.title);

describe('searchOverflow ranking', () => {
  it('ranks by relevance: the title counts most, then a shorter brief over a longer one', async () => {
    const w = word();
    await postOverflow(owner.client, {
      title: 'Brief only, long',
      brief: `${w} ${'filler words here '.repeat(40)}`,
    });
    await postOverflow(owner.client, { title: `The ${w} title`, brief: `About ${w} too.` });
    await postOverflow(owner.client, { title: 'Brief only, short', brief: `Short brief on ${w}.` });
    expect(titles(await search(owner.client, { q: w }))).toEqual([
      `The ${w} title`,
      'Brief only, short',
      'Brief only, long',
    ]);
  });

  it('boosts fresh postings: equal text, the newer first; a far better match still wins over a day', async () => {
    const w = word();
    await postOverflow(owner.client, { title: 'Older same', brief: `Needs ${w}.` });
    await postOverflow(owner.client, { title: `Older ${w} strong`, brief: `${w} ${w} ${w}.` });
    t.clock.advance(2 * DAY);
    await postOverflow(owner.client, { title: 'Newer same', brief: `Needs ${w}.` });
    expect(titles(await search(owner.client, { q: w }))).toEqual([
      `Older ${w} strong`,
      'Newer same',
      'Older same',
    ]);
  });

  it('highlights the matches as plain-text ranges, never HTML', async () => {
    const w = word();
    await postOverflow(owner.client, {
      title: `Fix the ${w} parser`,
      brief: `<script>alert(1)</script> the ${w} breaks on ${w}s.`,
    });
    const [hit] = (await search(owner.client, { q: w })).items;
    const cut = (text: string, [s, e]: [number, number]) => text.slice(s, e);
    expect(hit!.titleHighlights.map((r) => cut(hit!.title, r))).toEqual([w]);
    expect(hit!.snippet.highlights.map((r) => cut(hit!.snippet.text, r))).toEqual([w, `${w}s`]);
    expect(hit!.snippet.text).toContain('<script>'); // as text: the web escapes it
  });
});

describe('searchOverflow visibility and filters', () => {
  it('shows exactly what the board shows each viewer: members-only and asks never leak', async () => {
    const w = word();
    const pub = await postOverflow(owner.client, { title: `Public ${w}`, visibility: 'public' });
    const mem = await postOverflow(owner.client, { title: `Members ${w}`, visibility: 'members' });
    const ask = await postOverflow(owner.client, {
      title: `Ask ${w}`,
      visibility: 'ask',
      askHandle: asked.handle,
    });
    const other = await verifiedMember(t);
    const unverified = await registerMember(t.app);
    const cases: [string, TestClient, string[]][] = [
      ['signed out', t.client(), [pub.id]],
      ['unverified', unverified.client, [pub.id]],
      ['other verified member', other.client, [pub.id, mem.id]],
      ['asked member', asked.client, [pub.id, mem.id, ask.id]],
      ['owner', owner.client, [pub.id, mem.id, ask.id]],
    ];
    for (const [who, client, expected] of cases) {
      const ids = (await search(client, { q: w })).items.map((i) => i.id);
      expect(ids.sort(), who).toEqual([...expected].sort());
    }
  });

  it('filters by skills, effort, due date and status like the board', async () => {
    const w = word();
    const a = await postOverflow(owner.client, { title: `A ${w}`, skills: ['Rust'], effortHours: 2 });
    const b = await postOverflow(owner.client, {
      title: `B ${w}`,
      skills: ['Go', 'SQL'],
      effortHours: 10,
      dueOn: dateIn(t, 5),
    });
    const c = await postOverflow(owner.client, { title: `C ${w}`, skills: ['Go'], effortHours: 40 });
    const ids = async (q: Record<string, string>) =>
      (await search(owner.client, { q: w, ...q })).items.map((i) => i.id).sort();
    expect(await ids({ skills: 'go' })).toEqual([b.id, c.id].sort());
    expect(await ids({ skills: 'Rust,SQL' })).toEqual([a.id, b.id].sort());
    expect(await ids({ minEffort: '5', maxEffort: '20' })).toEqual([b.id]);
    expect(await ids({ dueBefore: dateIn(t, 10) })).toEqual([b.id]);
    const bad = await owner.client.get('search/overflow', {
      query: { q: w, minEffort: '9', maxEffort: '3' },
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { code: string } }).error.code).toBe('INVALID_RANGE');
    expect((await owner.client.post(`overflow/${c.id}/cancel`, {})).status).toBe(200);
    expect(await ids({})).toEqual([a.id, b.id].sort());
    expect(await ids({ status: 'all' })).toEqual([a.id, b.id, c.id].sort());
  });

  it('pages with a cursor without gaps or repeats, in the order of one long page', async () => {
    const w = word();
    for (let i = 0; i < 7; i++) {
      await postOverflow(owner.client, { title: `Page ${i} ${w}`, brief: `${w} `.repeat(1 + (i % 3)) });
      t.clock.advance(3_600_000);
    }
    const all = titles(await search(owner.client, { q: w, limit: '50' }));
    expect(all).toHaveLength(7);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: HitPage = await search(owner.client, { q: w, limit: '3', ...(cursor && { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...titles(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    const bad = await owner.client.get('search/overflow', { query: { q: w, cursor: 'nope' } });
    expect(bad.status).toBe(400);
  });
});

describe('the index in step with writes', () => {
  it('an edit of title, brief or skills is searchable at once, and the old words no longer find it', async () => {
    const [before, after, skillWord, briefWord] = [word(), word(), word(), word()];
    const o = await postOverflow(owner.client, { title: `Title ${before}`, brief: 'Plain brief.' });
    expect((await search(owner.client, { q: before })).items.map((i) => i.id)).toEqual([o.id]);
    const patched = await owner.client.patch(`overflow/${o.id}`, {
      title: `Title ${after}`,
      brief: `Now about ${briefWord}.`,
      skills: [skillWord],
    });
    expect(patched.status, patched.text).toBe(200);
    expect((await search(owner.client, { q: before })).items).toEqual([]);
    for (const w of [after, briefWord, skillWord]) {
      expect(
        (await search(owner.client, { q: w })).items.map((i) => i.id),
        w,
      ).toEqual([o.id]);
    }
  });

  it('a cancelled posting leaves the default (open) search and stays under status=all', async () => {
    const w = word();
    const o = await postOverflow(owner.client, { title: `Cancel ${w}` });
    expect((await owner.client.post(`overflow/${o.id}/cancel`, {})).status).toBe(200);
    expect((await search(owner.client, { q: w })).items).toEqual([]);
    const all = await search(owner.client, { q: w, status: 'all' });
    expect(all.items.map((i) => [i.id, i.status])).toEqual([[o.id, 'cancelled']]);
  });

  it('rows loaded in bulk without a search key are found after rebuildSearchIndex', async () => {
    const w = word();
    const now = t.clock.now();
    const id = newId(now);
    const db = t.app.ctx.db;
    await db
      .insertInto('overflow')
      .values({
        id,
        owner_id: owner.id,
        title: `Bulk ${w}`,
        brief: 'Loaded by a seeder.',
        effort_hours: 3,
        due_on: null,
        visibility: 'public',
        ask_member_id: null,
        status: 'open',
        due_key: '9999-12-31',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
    await db
      .insertInto('overflow_skills')
      .values({
        overflow_id: id,
        skill: 'bulk',
        position: 0,
        status: 'open',
        created_at: now.toISOString(),
        due_key: '9999-12-31',
      })
      .execute();
    expect((await search(owner.client, { q: w })).items).toEqual([]);
    await rebuildSearchIndex(db);
    await rebuildSearchIndex(db); // idempotent
    expect((await search(owner.client, { q: w })).items.map((i) => i.id)).toEqual([id]);
    const seqs = await sql<{ n: number | string }>`
      select count(*) as n from overflow where search_seq is null
    `.execute(db);
    expect(Number(seqs.rows[0]!.n)).toBe(0);
  });
});

describe('query syntax', () => {
  it('a quoted phrase needs its words together and in order; `pre*` matches by prefix', async () => {
    const [a, b] = [word(), word()];
    const together = await postOverflow(owner.client, { title: `Phrase ${a} ${b} together` });
    const apart = await postOverflow(owner.client, { title: `Phrase ${b} then ${a}` });
    const ids = async (q: string) => (await search(owner.client, { q })).items.map((i) => i.id).sort();
    expect(await ids(`"${a} ${b}"`)).toEqual([together.id]);
    expect(await ids(`${a} ${b}`)).toEqual([together.id, apart.id].sort());
    expect(await ids(`${a.slice(0, 5)}*`)).toEqual([together.id, apart.id].sort());
    expect(await ids(`"${a} ${b}`)).toEqual([together.id]); // an unbalanced quote runs to the end
  });

  it('hostile input gives results or a clear 400, never a 500', async () => {
    const inputs = [
      '"',
      '""',
      '*',
      '-',
      '- *',
      'NEAR(a b)',
      'title:foo',
      'a OR b',
      'a AND NOT b',
      '(((',
      "'; drop table overflow; --",
      '\u0000',
      '🦀🦀',
      '^foo',
      'a'.repeat(500),
      'x '.repeat(250),
      '',
      ' ',
    ];
    for (const q of inputs) {
      const res = await t.client().get('search/overflow', { query: { q } });
      expect([200, 400], `${JSON.stringify(q)}: ${res.text}`).toContain(res.status);
      if (res.status === 400) {
        expect(['SEARCH_QUERY_EMPTY', 'SEARCH_QUERY_INVALID', 'VALIDATION_FAILED']).toContain(
          (res.body as { error: { code: string } }).error.code,
        );
      }
    }
    const long = await t.client().get('search/overflow', { query: { q: 'a'.repeat(1000) } });
    expect(long.status).toBe(400);
    const empty = await t.client().get('search/overflow', { query: { q: '*' } });
    expect((empty.body as { error: { code: string } }).error.code).toBe('SEARCH_QUERY_EMPTY');
  });

  it('random strings never answer 5xx (property)', async () => {
    const syntax = fc
      .array(
        fc.constantFrom(
          '"',
          '*',
          '-',
          '+',
          '(',
          ')',
          ':',
          '^',
          'NEAR',
          'OR',
          'AND',
          'NOT',
          ' ',
          'typ',
          '\\',
          '{',
          '}',
        ),
        {
          maxLength: 20,
        },
      )
      .map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 60 }), fc.string({ maxLength: 30, unit: 'binary' }), syntax),
        async (q) => {
          const res = await t.client().get('search/overflow', { query: { q } });
          return res.status < 500;
        },
      ),
      { numRuns: 60 },
    );
  });
});

interface PersonPage {
  items: {
    handle: string;
    verifiedWorkCount: number;
    hasFreeCapacity: boolean;
    merit: number;
    skills: string[];
  }[];
  nextCursor: string | null;
}

describe('searchMembers', () => {
  it('finds people by skill, ranked by merit, then verified work; with capacity; never by email', async () => {
    const skill = word();
    const low = await verifiedMember(t, { skills: [skill], capacity: 1 });
    const mid = await verifiedMember(t, { skills: [skill, 'writing'], capacity: 2 });
    const top = await verifiedMember(t, { skills: [skill] });
    await verifiedMember(t, { skills: ['unrelated'] });
    const db = t.app.ctx.db;
    await insertVerifiedWorkRecord(db, mid.id, { skills: [skill] });
    await insertVerifiedWorkRecord(db, mid.id, { skills: [skill] });
    await insertVerifiedWorkRecord(db, low.id, { skills: [skill] });
    const get = async (query: Record<string, string>) => {
      const res = await t.client().get<PersonPage>('search/members', { query });
      expect(res.status, res.text).toBe(200);
      return res.body;
    };
    // No merit computed yet: verified work decides.
    const before = await get({ skills: skill });
    expect(before.items.map((i) => i.handle)).toEqual([mid.handle, low.handle, top.handle]);
    expect(before.items.map((i) => i.verifiedWorkCount)).toEqual([2, 1, 0]);
    expect(before.items.every((i) => i.hasFreeCapacity)).toBe(true);
    // Merit in the skill outranks verified work.
    await db
      .insertInto('merit_scores')
      .values([
        {
          member_id: top.id,
          skill,
          score: 0.9,
          rank: 1,
          top_fraction: 0.01,
          computed_at: '2026-01-01T00:00:00Z',
        },
        {
          member_id: low.id,
          skill,
          score: 0.5,
          rank: 2,
          top_fraction: 0.02,
          computed_at: '2026-01-01T00:00:00Z',
        },
      ])
      .execute();
    const after = await get({ skills: skill });
    expect(after.items.map((i) => i.handle)).toEqual([top.handle, low.handle, mid.handle]);
    // Pages of one, without gaps or repeats.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: PersonPage = await get({ skills: skill, limit: '1', ...(cursor && { cursor }) });
      paged.push(...page.items.map((i) => i.handle));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual([top.handle, low.handle, mid.handle]);
    // Free text over public fields; the email is not searched.
    expect((await get({ q: mid.handle })).items.map((i) => i.handle)).toEqual([mid.handle]);
    expect((await get({ q: `${skill} writing` })).items.map((i) => i.handle)).toEqual([mid.handle]);
    expect((await get({ q: low.email.split('@')[1]!.split('.')[0]! + 'zz' })).items).toEqual([]);
    const empty = await t.client().get('search/members', { query: { q: '**' } });
    expect(empty.status).toBe(400);
  });

  it('says a helper at capacity has no free capacity', async () => {
    const skill = word();
    const helper = await verifiedMember(t, { skills: [skill], capacity: 1 });
    const someone = await verifiedMember(t);
    const o = await postOverflow(someone.client, { title: `Needs ${skill}` });
    const offer = await helper.client.post<{ id: string }>(`overflow/${o.id}/offers`, {
      pitch: 'I have done this twice before and can start today.',
      evidence: [],
      proposedOn: dateIn(t, 3),
    });
    expect(offer.status, offer.text).toBe(201);
    const accepted = await someone.client.post(`offers/${offer.body.id}/accept`, {});
    expect(accepted.status, accepted.text).toBe(201);
    const res = await t.client().get<PersonPage>('search/members', { query: { skills: skill } });
    expect(res.body.items.map((i) => [i.handle, i.hasFreeCapacity])).toEqual([[helper.handle, false]]);
  });
});
