// Issue 7 — the other read paths stay bounded at scale: on SQLite, the plan of every statement the overflow
// page (signed in), My work, the ledger, ties and notifications run searches by an index and sorts only
// what a walk already LIMITed (a sibling of `SCAN <subquery>`) or a member's own short lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkRecord } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import {
  completedEngagement,
  makeOffer,
  postOverflow,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';
import { captureStatements, sqlitePlan, type PlanLine } from './helpers/statements.js';
import { testDialect } from './setup/database.js';

let t: TestApp;
let owner: LoopMember;
let helper: LoopMember;
let openId: string;

beforeAll(async () => {
  t = await createTestApp();
  owner = await verifiedMember(t, { skills: ['typescript'] });
  helper = await verifiedMember(t);
  await completedEngagement(t, owner.client, helper.client);
  // A one-sided tie for the give-back suggestions (completed work is two-sided since 0014): a member who
  // noticed the owner's work and thanked them, with open overflow of their own.
  const fan = await verifiedMember(t);
  const work = await createWorkRecord(owner.client, { title: 'A talk' });
  const note = await fan.client.post<{ id: string }>('noticed', {
    workRecordId: work.id,
    message: 'Your talk on caching was brilliant.',
  });
  await owner.client.post(`noticed/${note.body.id}/accept`);
  await fan.client.post('thanks', { toHandle: owner.handle, message: 'Thank you for the talk.' });
  await postOverflow(fan.client, { title: 'A way to give back' });
  openId = (await postOverflow(owner.client, { title: 'The open one' })).id;
  await makeOffer(t, helper.client, openId);
}, 60_000);
afterAll(() => t.close());

async function plans(fn: () => Promise<{ status: number }>) {
  const { queries, result } = await captureStatements(t, fn);
  expect(result.status).toBe(200);
  const out: { sql: string; plan: PlanLine[] }[] = [];
  for (const q of queries.filter((x) => /^\s*select/i.test(x.sql))) {
    out.push({ sql: q.sql, plan: await sqlitePlan(t.app.ctx.db, q) });
  }
  return out;
}

const show = (p: { sql: string; plan: PlanLine[] }) =>
  `${p.sql}\n${p.plan.map((l) => `${l.id} ${l.parent} ${l.detail}`).join('\n')}`;

// EXPLAIN QUERY PLAN is SQLite's; on PostgreSQL these routes are covered by the benchmark.
if (testDialect() === 'sqlite') {
  describe('read paths at scale (SQLite plans)', () => {
    it('no statement of these pages scans a table', async () => {
      for (const fn of [
        () => helper.client.get(`overflow/${openId}`),
        () => owner.client.get(`overflow/${openId}`),
        () => owner.client.get('me/engagements', { query: { role: 'any' } }),
        () => helper.client.get('me/engagements', { query: { role: 'helper' } }),
        () => owner.client.get('me/ledger'),
        () => owner.client.get('me/ties'),
        () => owner.client.get('me/notifications'),
        // Issue 8: questions on a posting, the capacity before offering, the owner's offers.
        () => helper.client.get(`overflow/${openId}/questions`),
        () => owner.client.get(`overflow/${openId}/questions`),
        () => helper.client.get('me/capacity'),
        () => owner.client.get(`overflow/${openId}/offers`),
        // Issue 9: the email settings page.
        () => owner.client.get('me/email-settings'),
      ]) {
        for (const p of await plans(fn)) {
          for (const l of p.plan)
            expect(l.detail, show(p)).not.toMatch(/^SCAN (?!\(subquery|as_|given|received|newest|ranked)/);
        }
      }
    });

    it('questions: everyone but the owner walks the partial index of questions still shown', async () => {
      await helper.client.post(`overflow/${openId}/questions`, { body: 'Which database do you run?' });
      const list = (await plans(() => t.client().get(`overflow/${openId}/questions`))).find((p) =>
        /overflow_questions/.test(p.sql),
      )!;
      expect(list.plan.map((l) => l.detail).join('\n'), show(list)).toMatch(/overflow_questions_shown/);
    });

    it('My work walks each side’s (member, updated_at, id) index and merges two LIMITed walks', async () => {
      const [, list] = await plans(() => owner.client.get('me/engagements', { query: { role: 'any' } }));
      const details = list!.plan.map((l) => l.detail);
      // Covering: the walks read the index alone; the page's rows are read next, by primary key.
      expect(details, show(list!)).toContain(
        'SEARCH engagements USING COVERING INDEX engagements_helper_updated (helper_id=?)',
      );
      expect(details, show(list!)).toContain(
        'SEARCH engagements USING COVERING INDEX engagements_owner_updated (owner_id=?)',
      );
      for (const l of list!.plan.filter((x) => x.detail.startsWith('USE TEMP B-TREE'))) {
        const siblings = list!.plan.filter((x) => x.parent === l.parent).map((x) => x.detail);
        expect(
          siblings.some((s) => /^SCAN as_(helper|owner)$/.test(s)),
          show(list!),
        ).toBe(true);
      }
    });

    it('For you: one statement of LIMITed skill arms (overflow row by key inside each), then one statement each for offered, skills and merit of the candidate set', async () => {
      const all = await plans(() => helper.client.get('me/recommended-overflow'));
      const text = all.map(show).join('\n\n');
      for (const p of all)
        for (const l of p.plan) expect(l.detail, show(p)).not.toMatch(/^SCAN (?!\(subquery|arm\d+|newest)/);
      const arms = all.filter((p) => /cross join "overflow"/.test(p.sql));
      expect(arms, text).toHaveLength(1);
      const armPlan = arms[0]!.plan.map((l) => l.detail);
      expect(
        armPlan.filter((d) => d.startsWith('SEARCH os USING COVERING INDEX overflow_skills_board')).length,
      ).toBe(
        armPlan.filter((d) => /^SEARCH overflow USING INDEX sqlite_autoindex_overflow_1 \(id=\?\)$/.test(d))
          .length,
      );
      expect(armPlan.some((d) => d.startsWith('SEARCH os USING COVERING INDEX overflow_skills_board'))).toBe(
        true,
      );
      expect(armPlan.join('\n')).not.toMatch(/TEMP B-TREE|offers/);
      const offered = all.find((p) => /from "offers"/.test(p.sql))!;
      expect(offered.plan.map((l) => l.detail).join('\n'), text).toMatch(
        /SEARCH offers USING COVERING INDEX offers_helper_overflow \(helper_id=\? AND overflow_id=\?\)/,
      );
      const verified = all.find((p) => /"newest"/.test(p.sql))!;
      expect(verified.plan.map((l) => l.detail).join('\n'), text).toMatch(
        /SEARCH work_records USING (COVERING )?INDEX work_records_member \(member_id=\? AND verified=\?\)/,
      );
    });

    it('an offer shows its helper’s newest verified work from a LIMITed walk, never their whole history', async () => {
      const all = await plans(() => owner.client.get(`overflow/${openId}/offers`));
      const recent = all.find((p) =>
        /from "work_records" where "member_id" = \? and "verified" = \?/.test(p.sql),
      )!;
      const text = all.map(show).join('\n\n');
      expect(recent, text).toBeDefined();
      expect(recent.plan.map((l) => l.detail).join('\n'), show(recent)).toMatch(
        /SEARCH work_records USING (COVERING )?INDEX work_records_member \(member_id=\? AND verified=\?\)/,
      );
      for (const p of all)
        for (const l of p.plan) expect(l.detail, show(p)).not.toMatch(/^SCAN (?!\(subquery)/);
    });

    it('the ledger’s recent entries merge two LIMITed walks; the give-back overflow reads its owners’ rows only', async () => {
      const all = await plans(() => owner.client.get('me/ledger'));
      const entries = all.find((p) => /from \(select "newest"|"newest"/.test(p.sql))!;
      expect(entries, all.map(show).join('\n\n')).toBeDefined();
      const details = entries.plan.map((l) => l.detail).join('\n');
      expect(details).toMatch(
        /SEARCH ledger_entries USING COVERING INDEX ledger_giver_created \(giver_id=\?\)/,
      );
      expect(details).toMatch(
        /SEARCH ledger_entries USING COVERING INDEX ledger_receiver_created \(receiver_id=\?\)/,
      );
      // The ties: the first page and the one-sided ties, each two LIMITed walks of (member, updated_at, id)
      // (the give-back ones of the partial indexes) merged; the stored weights, not the ledger's rows.
      const tieWalks = all
        .filter((p) => /newest_ties/.test(p.sql))
        .map((p) => p.plan.map((l) => l.detail).join('\n'));
      expect(tieWalks, all.map(show).join('\n\n')).toHaveLength(2);
      expect(tieWalks.join('\n')).toMatch(/SEARCH ties USING COVERING INDEX ties_a_updated \(member_a=\?\)/);
      expect(tieWalks.join('\n')).toMatch(/SEARCH ties USING COVERING INDEX ties_b_updated \(member_b=\?\)/);
      expect(tieWalks.join('\n')).toMatch(
        /SEARCH ties USING (COVERING )?INDEX ties_a_give_back \(member_a=\?\)/,
      );
      expect(tieWalks.join('\n')).toMatch(
        /SEARCH ties USING (COVERING )?INDEX ties_b_give_back \(member_b=\?\)/,
      );
      expect(all.map((p) => p.sql).join('\n')).not.toMatch(/sum\(/i);
      const giveBack = all.find((p) => /owner_rank/.test(p.sql))!;
      expect(giveBack.plan.map((l) => l.detail).join('\n'), show(giveBack)).toMatch(
        /SEARCH overflow USING INDEX overflow_owner \(owner_id=\?\)/,
      );
    });
  });
} else {
  describe('read paths at scale', () => {
    it('serve the same pages on PostgreSQL', async () => {
      for (const path of [`overflow/${openId}`, 'me/engagements', 'me/ledger', 'me/ties', 'me/notifications'])
        expect((await owner.client.get(path)).status, path).toBe(200);
      expect((await helper.client.get('me/recommended-overflow')).status).toBe(200);
      expect((await owner.client.get(`overflow/${openId}/offers`)).status).toBe(200);
    });
  });
}
