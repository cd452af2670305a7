// People search (issue 7, docs/decisions/0014-search-design.md "People"): the people index follows sign-up,
// profile and skills edits in their transaction; only public profile fields match, never the email; skill
// and text together; pages without gaps or repeats; migration 0009 indexes the members already there; and on
// SQLite every statement walks an index (no scan of members, skills, merit or work records).
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator, migrateToLatest } from '../src/db/database.js';
import { rebuildMemberSearchIndex } from '../src/db/search-index.js';
import { newId } from '../src/shared/ids.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { insertVerifiedWorkRecord } from './helpers/factories.js';
import { verifiedMember, type LoopMember } from './helpers/loop.js';
import { captureStatements, sqlitePlan } from './helpers/statements.js';
import { testDialect } from './setup/database.js';

let t: TestApp;
let admin: LoopMember;
beforeAll(async () => {
  t = await createTestApp();
  admin = await verifiedMember(t); // the first member is the admin
}, 60_000);
afterAll(() => t.close());

interface PersonPage {
  items: { id: string; handle: string; merit: number; verifiedWorkCount: number; skills: string[] }[];
  nextCursor: string | null;
}

let counter = 0;
/** A word no other test uses. */
const word = () => `pq${(counter++).toString(36)}y${Math.random().toString(36).slice(2, 6)}`;

async function people(query: Record<string, string>): Promise<PersonPage> {
  const res = await t.client().get<PersonPage>('search/members', { query });
  expect(res.status, res.text).toBe(200);
  return res.body;
}
const handles = (p: PersonPage) => p.items.map((i) => i.handle);

async function giveMerit(memberId: string, skill: string, score: number, rank: number) {
  await t.app.ctx.db
    .insertInto('merit_scores')
    .values({
      member_id: memberId,
      skill,
      score,
      rank,
      top_fraction: rank / 100,
      computed_at: '2026-01-01T00:00:00Z',
    })
    .execute();
}

describe('the people index in step with writes', () => {
  it('a new member is found by name and handle at once, by the start of a word too', async () => {
    const w = word();
    const m = await verifiedMember(t, { name: `Grace ${w}` });
    expect(handles(await people({ q: w }))).toEqual([m.handle]);
    expect(handles(await people({ q: w.slice(0, 5) }))).toContain(m.handle);
    expect(handles(await people({ q: m.handle }))).toEqual([m.handle]);
  });

  it('edits of name, headline, bio and skills are searchable at once; the old words no longer find them', async () => {
    const [a, b, c, d] = [word(), word(), word(), word()];
    const m = await verifiedMember(t, { name: `Ada ${a}`, skills: [b] });
    const patch = await m.client.patch('me', { headline: `Builds ${c}`, bio: `I like ${d}.` });
    expect(patch.status, patch.text).toBe(200);
    for (const w of [a, b, c, d]) expect(handles(await people({ q: w })), w).toEqual([m.handle]);

    const [a2, b2, c2, d2] = [word(), word(), word(), word()];
    const edit = await m.client.patch('me', {
      name: `Ada ${a2}`,
      headline: `Builds ${c2}`,
      bio: `I like ${d2}.`,
      skills: [b2],
    });
    expect(edit.status, edit.text).toBe(200);
    for (const w of [a, b, c, d]) expect((await people({ q: w })).items, w).toEqual([]);
    for (const w of [a2, b2, c2, d2]) expect(handles(await people({ q: w })), w).toEqual([m.handle]);
    // The skills filter follows the skills too.
    expect((await people({ skills: b })).items).toEqual([]);
    expect(handles(await people({ skills: b2 }))).toEqual([m.handle]);
    // Clearing the skills removes them from the document.
    expect((await m.client.patch('me', { skills: [] })).status).toBe(200);
    expect((await people({ q: b2 })).items).toEqual([]);
    expect(handles(await people({ q: a2 }))).toEqual([m.handle]);
  });

  it('members written in bulk without a key are found after rebuildMemberSearchIndex', async () => {
    const w = word();
    const db = t.app.ctx.db;
    const now = t.clock.now().toISOString();
    const id = newId(t.clock.now());
    await db
      .insertInto('members')
      .values({
        id,
        handle: `bulk-${w}`,
        email: `${w}@example.org`,
        email_verified_at: now,
        password_hash: 'x',
        name: `Bulk ${w}`,
        headline: '',
        bio: '',
        time_zone: 'UTC',
        links: '[]',
        capacity: 2,
        role: 'member',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await db
      .insertInto('member_skills')
      .values({ member_id: id, skill: `s${w}`, position: 0 })
      .execute();
    expect((await people({ q: w })).items).toEqual([]);
    await rebuildMemberSearchIndex(db);
    await rebuildMemberSearchIndex(db); // idempotent
    expect((await people({ q: w })).items.map((i) => i.id)).toEqual([id]);
    expect((await people({ q: `s${w}` })).items.map((i) => i.id)).toEqual([id]);
    const { rows } = await sql<{ n: number | string }>`
      select count(*) as n from members where search_seq is null`.execute(db);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});

describe('only the public profile matches', () => {
  it('never by email (local part, domain or whole), time zone or links', async () => {
    const w = word();
    const local = `${w}mail`;
    const m = await verifiedMember(t, { email: `${local}@${w}domain.example`, timeZone: 'Europe/Lisbon' });
    const link = await m.client.patch('me', { links: [{ label: 'Site', url: `https://${w}link.example/` }] });
    expect(link.status, link.text).toBe(200);
    for (const q of [local, `${w}domain`, `${local}@${w}domain.example`, `${w}link`, 'lisbon']) {
      expect(handles(await people({ q })), q).not.toContain(m.handle);
    }
    // With a skill as well, the text still has to match a public field.
    const skill = word();
    expect((await m.client.patch('me', { skills: [skill] })).status).toBe(200);
    expect((await people({ q: local, skills: skill })).items).toEqual([]);
    expect(handles(await people({ skills: skill }))).toEqual([m.handle]);
  });
});

describe('suspended members', () => {
  it('are left out by text, by skill and by merit, and found again once reinstated', async () => {
    const w = word();
    const skill = word();
    const m = await verifiedMember(t, { name: `Sus ${w}`, skills: [skill] });
    const other = await verifiedMember(t, { name: `Kept ${w}`, skills: [skill] });
    await giveMerit(m.id, skill, 9, 1);
    expect(handles(await people({ q: w })).sort()).toEqual([m.handle, other.handle].sort());

    const res = await admin.client.post(`admin/members/${m.handle}/suspension`, { reason: 'Spam' });
    expect(res.status, res.text).toBe(200);
    expect(handles(await people({ q: w }))).toEqual([other.handle]);
    expect(handles(await people({ skills: skill }))).toEqual([other.handle]);
    expect(handles(await people({ q: m.handle }))).toEqual([]);

    const back = await admin.client.delete(`admin/members/${m.handle}/suspension`);
    expect(back.status, back.text).toBe(200);
    expect(handles(await people({ skills: skill }))).toEqual([m.handle, other.handle]);
  });
});

describe('skills and text together', () => {
  it('needs the skill and every word; merit in the skill lifts a match', async () => {
    const skill = word();
    const w = word();
    const plain = await verifiedMember(t, { name: `Lin ${w}`, skills: [skill] });
    const star = await verifiedMember(t, { name: `Kim ${w}`, skills: [skill] });
    const noSkill = await verifiedMember(t, { name: `Sam ${w}`, skills: ['other'] });
    const noWord = await verifiedMember(t, { skills: [skill] });
    await giveMerit(star.id, skill, 0.4, 1);
    const both = await people({ q: w, skills: skill });
    expect(handles(both)).toEqual([star.handle, plain.handle]);
    expect(both.items[0]!.merit).toBe(0.4);
    expect(handles(both)).not.toContain(noSkill.handle);
    expect(handles(both)).not.toContain(noWord.handle);
    // Two words: both must match (the name's and a skill's). Without skills, overall merit counts.
    expect(handles(await people({ q: `${w} ${skill}` })).sort()).toEqual([star.handle, plain.handle].sort());
    await giveMerit(plain.id, '', 0.1, 1);
    expect(handles(await people({ q: `${w} ${skill}` }))).toEqual([plain.handle, star.handle]);
    expect((await people({ q: `${w} ${word()}` })).items).toEqual([]);
    // A name match outranks a match in the bio alone, merit being equal.
    const bioOnly = await verifiedMember(t, { skills: [skill] });
    expect((await bioOnly.client.patch('me', { bio: `Worked with ${w} once.` })).status).toBe(200);
    expect(handles(await people({ q: w, skills: skill }))).toEqual([
      star.handle,
      plain.handle,
      bioOnly.handle,
    ]);
  });

  it('refuses more skills than it walks with a clear 400', async () => {
    const skills = Array.from({ length: 13 }, (_, i) => `s${i}`).join(',');
    const res = await t.client().get<{ error: { code: string } }>('search/members', { query: { skills } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('SEARCH_QUERY_INVALID');
    const bad = await t.client().get<{ error: { code: string } }>('search/members', {
      query: { skills: 'x', cursor: 'not-a-cursor' },
    });
    expect(bad.status).toBe(400);
  });
});

describe('paging', () => {
  let skill: string;
  let w: string;
  let members: LoopMember[];
  beforeAll(async () => {
    skill = word();
    w = word();
    members = [];
    for (let i = 0; i < 9; i++) {
      members.push(await verifiedMember(t, { name: `P${i} ${w}`, skills: [skill] }));
    }
    // Equal merit for some (ties broken by verified work, then id), none for others.
    await giveMerit(members[0]!.id, skill, 0.3, 1);
    await giveMerit(members[1]!.id, skill, 0.2, 2);
    await giveMerit(members[2]!.id, skill, 0.2, 2);
    await giveMerit(members[3]!.id, skill, 0.2, 2);
    await insertVerifiedWorkRecord(t.app.ctx.db, members[2]!.id, { skills: [skill] });
    await insertVerifiedWorkRecord(t.app.ctx.db, members[5]!.id, { skills: [skill] });
    await insertVerifiedWorkRecord(t.app.ctx.db, members[5]!.id, { skills: [skill] });
    await insertVerifiedWorkRecord(t.app.ctx.db, members[6]!.id, { skills: [skill] });
  }, 60_000);

  it('without text: merit, then verified work, then id — exactly', async () => {
    const page = await people({ skills: skill, limit: '50' });
    const byId = (a: LoopMember, b: LoopMember) => (a.id < b.id ? 1 : -1);
    const tied = [members[1]!, members[3]!].sort(byId);
    const rest = [members[4]!, members[7]!, members[8]!].sort(byId);
    expect(handles(page)).toEqual(
      [members[0]!, members[2]!, ...tied, members[5]!, members[6]!, ...rest].map((m) => m.handle),
    );
  });

  it('pages of any size concatenate to the long page, without gaps or repeats (property)', async () => {
    const queries: Record<string, string>[] = [{ skills: skill }, { q: w }, { q: w, skills: skill }];
    const long = await Promise.all(queries.map((q) => people({ ...q, limit: '50' })));
    expect(long.map((p) => p.items.length)).toEqual([9, 9, 9]);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 4 }), async (qi, size) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: PersonPage = await people({
            ...queries[qi]!,
            limit: String(size),
            ...(cursor && { cursor }),
          });
          expect(page.items.length).toBeLessThanOrEqual(size);
          seen.push(...handles(page));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toEqual(handles(long[qi]!));
      }),
      { numRuns: 12 },
    );
  });
});

describe('migration 0009_member_search', () => {
  it('indexes the members already there, and the app keeps the index in step after it', async () => {
    const w = word();
    const skill = word();
    const m = await verifiedMember(t, { name: `Before ${w}`, skills: [skill] });
    const db = t.app.ctx.db;
    const down = await createMigrator(db).migrateTo('0008_invites');
    expect(down.error).toBeUndefined();
    expect((await migrateToLatest(db))[0]).toBe('0009_member_search');
    expect(handles(await people({ q: w }))).toEqual([m.handle]);
    expect(handles(await people({ q: skill }))).toEqual([m.handle]);
    const { rows } = await sql<{ n: number | string }>`
      select count(*) as n from members where search_seq is null`.execute(db);
    expect(Number(rows[0]!.n)).toBe(0);
    const later = await verifiedMember(t, { name: `After ${w}` });
    expect(handles(await people({ q: w })).sort()).toEqual([m.handle, later.handle].sort());
  });
});

// EXPLAIN QUERY PLAN is SQLite's; the PostgreSQL walks are the same SQL (see the ADR's measurements).
if (testDialect() === 'sqlite') {
  describe('plans', () => {
    it('every statement of a people search walks an index: no scan of a table, sorts only of LIMITed walks', async () => {
      const skill = word();
      const w = word();
      await verifiedMember(t, { name: `Plan ${w}`, skills: [skill] });
      const shapes: Record<string, string>[] = [
        { skills: skill },
        { q: w },
        { q: `${w.slice(0, 4)}*` },
        { q: w, skills: skill },
      ];
      for (const query of shapes) {
        const { queries, result } = await captureStatements(t, () =>
          t.client().get('search/members', { query }),
        );
        expect(result.status).toBe(200);
        const selects = queries.filter((q) => /^\s*select/i.test(q.sql));
        const all: string[] = [];
        for (const q of selects) {
          const plan = await sqlitePlan(t.app.ctx.db, q);
          const text = `${q.sql}\n${plan.map((l) => l.detail).join('\n')}`;
          all.push(text);
          for (const l of plan) {
            // A SCAN is allowed of a LIMITed subquery (the walk's own result) or the FTS5 table (its doclist).
            expect(l.detail, text).not.toMatch(/^SCAN (?!top|newest|w\b|member_fts VIRTUAL TABLE)/);
          }
        }
        const joined = all.join('\n');
        if (query['skills']) {
          expect(joined).toMatch(/merit_scores USING (COVERING )?INDEX merit_scores_skill_rank/);
          expect(joined).toMatch(/member_skills USING (COVERING )?INDEX member_skills_skill/);
        }
        if (query['q']) expect(joined).toMatch(/SCAN member_fts VIRTUAL TABLE/);
      }
    });
  });
}
