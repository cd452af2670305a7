// Issue 9 — the digest's read paths stay bounded at scale: on SQLite, the plan of every statement the digest
// job and the preview run searches by an index (the scheduler's two partial indexes of members, the claims'
// primary key, each section's index that starts with the member) and sorts only what a walk already LIMITed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewDigest, runDigestJob } from '../src/modules/digest/digest.service.js';
import { createWorkRecord } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { makeOffer, postOverflow, verifiedMember, withToken, type LoopMember } from './helpers/loop.js';
import { captureStatements, sqlitePlan, type PlanLine } from './helpers/statements.js';
import { testDialect } from './setup/database.js';

let t: TestApp;
let me: LoopMember;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-10T06:00:00Z');
  me = await withToken(await verifiedMember(t, { skills: ['rust'] }));
  await runDigestJob(t.app.ctx); // placed at 08:00
  t.clock.advance(60_000);
  const helper = await withToken(await verifiedMember(t));
  const mine = await postOverflow(me.client, { title: 'Port the parser' });
  await makeOffer(t, helper.client, mine.id);
  await postOverflow(helper.client, { title: 'Speed up the Rust build', skills: ['Rust'] });
  const fan = await withToken(await verifiedMember(t));
  const work = await createWorkRecord(me.client, { title: 'A talk' });
  const note = await fan.client.post<{ id: string }>('noticed', {
    workRecordId: work.id,
    message: 'Great talk.',
  });
  await me.client.post(`noticed/${note.body.id}/accept`);
  await fan.client.post('thanks', { toHandle: me.handle, message: 'Thank you.' });
  await postOverflow(fan.client, { title: 'A way to give back' });
}, 60_000);
afterAll(() => t?.close());

async function plans(fn: () => Promise<unknown>) {
  const { queries } = await captureStatements(t, fn);
  const out: { sql: string; plan: PlanLine[] }[] = [];
  for (const q of queries.filter((x) => /^\s*select/i.test(x.sql)))
    out.push({ sql: q.sql, plan: await sqlitePlan(t.app.ctx.db, q) });
  return out;
}

const show = (p: { sql: string; plan: PlanLine[] }) =>
  `${p.sql}\n${p.plan.map((l) => `${l.id} ${l.parent} ${l.detail}`).join('\n')}`;
const planOf = (all: { sql: string; plan: PlanLine[] }[], pattern: RegExp) => {
  const p = all.find((x) => pattern.test(x.sql));
  expect(p, all.map((x) => x.sql).join('\n')).toBeDefined();
  return p!.plan.map((l) => l.detail).join('\n');
};

if (testDialect() === 'sqlite') {
  describe('the digest’s read paths (SQLite plans)', () => {
    it('no statement of a digest run or a preview scans a table', async () => {
      t.clock.set('2026-11-10T08:00:30Z');
      const run = await plans(() => runDigestJob(t.app.ctx));
      const preview = await plans(() => previewDigest(t.app.ctx, me.handle));
      for (const p of [...run, ...preview])
        for (const l of p.plan)
          expect(l.detail, show(p)).not.toMatch(
            /^SCAN (?!\(subquery|as_|given|received|newest|ranked|arm\d+|w$|verified_skills$|CONSTANT ROW$)/,
          );

      expect(planOf(run, /"digest_next_at" is null/)).toMatch(/members_digest_unplaced/);
      expect(planOf(run, /"digest_next_at" <= \?/)).toMatch(/members_digest_due/);
      expect(planOf(run, /from "digests"/)).toMatch(
        /SEARCH digests USING (COVERING )?INDEX sqlite_autoindex_digests_1/,
      );
      expect(planOf(run, /from "email_preferences"/)).toMatch(/sqlite_autoindex_email_preferences_1/);
      expect(planOf(run, /from "notifications" where "member_id" = \? and "created_at" > \?/)).toMatch(
        /notifications_member \(member_id=\? AND created_at>\?\)/,
      );
      expect(planOf(run, /from "thanks_notes"/)).toMatch(/thanks_to \(to_id=\? AND created_at>\?\)/);
      expect(planOf(run, /from "noticed_notes"/)).toMatch(
        /noticed_to_created \(to_id=\? AND created_at>\?\)/,
      );
      expect(planOf(run, /from "offers" where \("helper_id", "overflow_id"\) in/)).toMatch(
        /SEARCH offers USING COVERING INDEX offers_helper_overflow \(helper_id=\? AND overflow_id=\?\)/,
      );
      // The verified skills: each member's newest verified records, LIMITed, then their skills by key.
      expect(planOf(run, /from "work_records"/)).toMatch(
        /SEARCH work_records USING COVERING INDEX work_records_member \(member_id=\? AND verified=\?\)/,
      );
      expect(planOf(run, /from "ledger_entries"/)).toMatch(
        /ledger_receiver_created \(receiver_id=\? AND created_at>\?\)/,
      );
    });
  });
}
