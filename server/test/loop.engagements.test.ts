// Issue 3 — engagements: submitDelivery, requestRevision, completeEngagement (one transaction: verified work,
// tie, ledger, notifications), abandonEngagement, getEngagement, listMyEngagements, and anti-ghosting
// (autoCompleteOverdue with the instance's review window).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { TestClient } from './helpers/client.js';
import { createWorkRecord, registerMember, type RegisteredMember } from './helpers/factories.js';
import {
  abandonEngagement,
  acceptOffer,
  completeEngagement,
  completedEngagement,
  deliver,
  deliveredEngagement,
  makeOffer,
  notificationsOfType,
  requestRevision,
  startEngagement,
  verifiedMember,
  withToken,
  type LoopMember,
} from './helpers/loop.js';
import {
  autoCompleteOverdue,
  NEUTRAL_ENDORSEMENT,
  type EngagementView,
} from '../src/modules/engagements/engagements.service.js';
import type { ProfileView } from '../src/modules/members/members.service.js';
import type { OverflowDetail } from '../src/modules/overflow/overflow.service.js';
import type { TieView } from '../src/modules/ties/ties.service.js';
import { DAY, HOUR, MINUTE } from '../src/shared/clock.js';

let t: TestApp;
let admin: RegisteredMember;
let owner: LoopMember;
let other: LoopMember;

beforeAll(async () => {
  t = await createTestApp();
  // Tokens, not sessions: these suites move the clock by weeks.
  admin = await withToken(await registerMember(t.app, { handle: 'admin' }));
  owner = await withToken(await verifiedMember(t));
  other = await withToken(await verifiedMember(t));
});
afterAll(() => t.close());

const getEngagement = async (client: TestClient, id: string) => {
  const res = await client.get<EngagementView>(`engagements/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const overflowStatus = async (id: string) =>
  (await owner.client.get<OverflowDetail>(`overflow/${id}`)).body.status;

/** What completion wrote for an engagement, straight from the database. */
async function credits(engagementId: string) {
  const db = t.app.ctx.db;
  const [records, ledger] = await Promise.all([
    db.selectFrom('work_records').selectAll().where('engagement_id', '=', engagementId).execute(),
    db.selectFrom('ledger_entries').selectAll().where('source_id', '=', engagementId).execute(),
  ]);
  return { records, ledger };
}

async function tieBetween(a: LoopMember, b: LoopMember): Promise<TieView | undefined> {
  const res = await a.client.get<{ items: TieView[] }>('me/ties');
  return res.body.items.find((x) => x.member.id === b.id);
}

describe('the engagement loop: deliver → revision → deliver → complete', () => {
  it('walks the whole loop with the right statuses, events and notifications', async () => {
    const helper = await verifiedMember(t);
    await createWorkRecord(helper.client, {
      title: 'A self-reported talk',
      kind: 'talk',
      date: '2026-01-01',
    });
    const s = await startEngagement(t, owner.client, helper.client, {
      title: 'Write the migration guide',
      skills: ['TypeScript', 'PostgreSQL', 'Docs'],
      effortHours: 8,
    });
    const id = s.engagementId;

    // Only the helper delivers; nothing can be completed before a delivery.
    expectError(
      await owner.client.post(`engagements/${id}/deliveries`, { note: 'Done', links: [] }),
      403,
      'NOT_ENGAGEMENT_HELPER',
    );
    const early = await owner.client.post(`engagements/${id}/complete`, { rating: 5, endorsement: 'Great' });
    expectError(early, 409, 'ENGAGEMENT_STATE_CONFLICT');
    expect(early.error!.details).toEqual({ status: 'active', event: 'complete' });
    expectValidationError(
      await helper.client.post(`engagements/${id}/deliveries`, { note: 'x', links: ['ftp://x.org'] }),
    );
    expectValidationError(
      await helper.client.post(`engagements/${id}/deliveries`, { note: 'n'.repeat(5001) }),
      'body.note',
    );

    t.clock.advance(HOUR);
    const d1 = await deliver(helper.client, id, {
      note: 'First draft',
      links: ['https://example.org/draft'],
    });
    expect(d1).toMatchObject({
      status: 'delivered',
      deliveredAt: t.clock.now().toISOString(),
      autoCompleteAt: new Date(t.clock.now().getTime() + 14 * DAY).toISOString(),
    });
    expect(await overflowStatus(s.overflow.id)).toBe('delivered');
    expect((await notificationsOfType(owner.client, 'delivery_submitted'))[0]).toMatchObject({
      subject: { type: 'engagement', id },
      actor: { handle: helper.handle },
    });
    expectError(
      await helper.client.post(`engagements/${id}/deliveries`, { note: 'Again' }),
      409,
      'ENGAGEMENT_STATE_CONFLICT',
    );

    // Only the owner asks for a revision.
    expectError(
      await helper.client.post(`engagements/${id}/revision-requests`, { note: 'More' }),
      403,
      'NOT_ENGAGEMENT_OWNER',
    );
    expectValidationError(
      await owner.client.post(`engagements/${id}/revision-requests`, { note: ' ' }),
      'body.note',
    );
    t.clock.advance(HOUR);
    const r = await requestRevision(owner.client, id, 'Please add a rollback section.');
    expect(r).toMatchObject({ status: 'active', autoCompleteAt: null });
    expect(await overflowStatus(s.overflow.id)).toBe('assigned');
    const rev = await notificationsOfType(helper.client, 'revision_requested');
    expect(rev.map((n) => n.subject.id)).toEqual([id]);
    expectError(
      await owner.client.post(`engagements/${id}/revision-requests`, { note: 'Again' }),
      409,
      'ENGAGEMENT_STATE_CONFLICT',
    );

    t.clock.advance(HOUR);
    await deliver(helper.client, id, {
      note: 'Final guide with rollback',
      links: ['https://example.org/final', 'https://example.org/x'],
    });

    // The review: rating 1–5, endorsement ≤ 1000, skills among the overflow's.
    for (const bad of [
      { rating: 0, endorsement: 'Fine' },
      { rating: 6, endorsement: 'Fine' },
      { rating: 4.5, endorsement: 'Fine' },
      { rating: 5, endorsement: '  ' },
      { rating: 5, endorsement: 'e'.repeat(1001) },
      { endorsement: 'No rating' },
    ]) {
      expectValidationError(await owner.client.post(`engagements/${id}/complete`, bad));
    }
    const wrongSkill = await owner.client.post(`engagements/${id}/complete`, {
      rating: 5,
      endorsement: 'Great',
      skills: ['typescript', 'rust'],
    });
    expectError(wrongSkill, 400, 'SKILL_NOT_IN_OVERFLOW');
    expect(wrongSkill.error!.details).toEqual({ unknown: ['rust'] });
    expectError(
      await helper.client.post(`engagements/${id}/complete`, { rating: 5, endorsement: 'Me!' }),
      403,
      'NOT_ENGAGEMENT_OWNER',
    );

    t.clock.advance(HOUR);
    const endorsement = 'e'.repeat(990) + ' Superb.';
    // Skills as the owner typed them when posting ("TypeScript") count as the overflow's skill.
    const done = await completeEngagement(owner.client, id, {
      rating: 4,
      endorsement,
      skills: ['Docs', 'TypeScript'],
    });
    expect(done).toMatchObject({
      status: 'completed',
      completedAt: t.clock.now().toISOString(),
      autoCompleted: false,
      review: { rating: 4, endorsement, skills: ['typescript', 'docs'] },
      overflow: { status: 'completed' },
    });
    expect(done.events.map((e) => e.kind)).toEqual([
      'started',
      'delivered',
      'revision_requested',
      'delivered',
      'completed',
    ]);
    expect(await overflowStatus(s.overflow.id)).toBe('completed');

    // Exactly one verified work record, linked to the engagement, with the endorsement and the skills.
    const { records, ledger } = await credits(id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      id: done.workRecordId,
      member_id: helper.id,
      title: 'Write the migration guide',
      summary: 'Final guide with rollback',
      url: 'https://example.org/final',
      kind: 'delivery',
      verified: 1,
      engagement_id: id,
      endorsement,
    });

    // On the helper's public profile, verified work comes first (before self-reported work).
    const profile = (await t.client().get<ProfileView>(`members/${helper.handle}`)).body;
    expect(Object.keys(profile).indexOf('verifiedWork')).toBeLessThan(
      Object.keys(profile).indexOf('selfReportedWork'),
    );
    expect(profile.verifiedWork.total).toBe(1);
    expect(profile.verifiedWork.items[0]).toMatchObject({
      id: done.workRecordId,
      verified: true,
      endorsement,
      engagementId: id,
      skills: ['typescript', 'docs'],
    });
    expect(profile.selfReportedWork.items.map((w) => w.title)).toEqual(['A self-reported talk']);
    expect(profile.completionRecord).toEqual({ completed: 1, abandonedByHelper: 0, abandonedByOwner: 0 });
    // Verified work cannot be edited by its holder.
    expectError(
      await helper.client.patch(`work-records/${done.workRecordId}`, { title: 'Better' }),
      409,
      'WORK_RECORD_VERIFIED',
    );

    // A tie (strength 1), the 'help' entry weighted by effort hours and the owner's opportunity, review and
    // endorsement (ADR 0008: 8 − 2·2, 2, 2), notifications to both.
    expect(await tieBetween(owner, helper)).toMatchObject({
      formedVia: 'engagement',
      label: 'worked together on “Write the migration guide”',
      strength: 1,
      given: 8,
      received: 8,
    });
    expect(await tieBetween(helper, owner)).toMatchObject({ strength: 1, given: 8, received: 8 });
    expect(ledger).toHaveLength(4);
    expect(ledger.find((l) => l.kind === 'help')).toMatchObject({
      giver_id: helper.id,
      receiver_id: owner.id,
      weight: 8,
      source_type: 'engagement',
    });
    expect(
      ledger
        .filter((l) => l.kind !== 'help')
        .map((l) => [l.kind, l.weight, l.giver_id])
        .sort(),
    ).toEqual(
      [
        ['endorsement', 2, owner.id],
        ['opportunity', 4, owner.id],
        ['review', 2, owner.id],
      ].sort(),
    );
    for (const m of [owner, helper]) {
      expect((await notificationsOfType(m.client, 'engagement_completed')).map((n) => n.subject.id)).toEqual([
        id,
      ]);
      expect(await notificationsOfType(m.client, 'tie_formed')).toHaveLength(1);
    }

    // Completed is final.
    expectError(
      await owner.client.post(`engagements/${id}/complete`, { rating: 5, endorsement: 'Again' }),
      409,
      'ENGAGEMENT_STATE_CONFLICT',
    );
    expectError(
      await helper.client.post(`engagements/${id}/abandon`, { reason: 'Oops' }),
      409,
      'ENGAGEMENT_STATE_CONFLICT',
    );
    expect((await credits(id)).records).toHaveLength(1);
  });

  it('a second completed engagement strengthens the tie (+1) and does not announce a new one', async () => {
    const helper = await verifiedMember(t);
    await completedEngagement(t, owner.client, helper.client, { effortHours: 3 });
    const second = await completedEngagement(t, owner.client, helper.client, { effortHours: 5 });
    // 3 h: opportunity 3; 5 h: opportunity 3, review 1, endorsement 1.
    expect(await tieBetween(owner, helper)).toMatchObject({ strength: 2, received: 8, given: 8 });
    expect(await notificationsOfType(helper.client, 'tie_formed')).toHaveLength(1);
    expect(await notificationsOfType(helper.client, 'engagement_completed')).toHaveLength(2);
    const db = t.app.ctx.db;
    const ties = await db
      .selectFrom('ties')
      .selectAll()
      .where((eb) => eb.or([eb('member_a', '=', helper.id), eb('member_b', '=', helper.id)]))
      .execute();
    expect(ties).toHaveLength(1);
    // The help and the owner's opportunity, review and endorsement: each once.
    expect((await credits(second.engagementId)).ledger).toHaveLength(4);
  });

  it('completion is one transaction: a failure before commit leaves nothing half done', async () => {
    const helper = await verifiedMember(t);
    const s = await deliveredEngagement(t, owner.client, helper.client);
    const db = t.app.ctx.db;
    // Make the very last write of completion (the notifications) fail.
    if (t.database.dialect === 'postgres') {
      await sql`create function fail_completion() returns trigger language plpgsql as $$
        begin raise exception 'injected failure'; end $$`.execute(db);
      await sql`create trigger fail_completion before insert on notifications for each row
        when (new.type = 'engagement_completed') execute function fail_completion()`.execute(db);
    } else {
      await sql`create trigger fail_completion before insert on notifications
        when new.type = 'engagement_completed' begin select raise(abort, 'injected failure'); end`.execute(
        db,
      );
    }
    try {
      const res = await owner.client.post(`engagements/${s.engagementId}/complete`, {
        rating: 5,
        endorsement: 'Great',
      });
      expectError(res, 500, 'INTERNAL');
      expect((await getEngagement(owner.client, s.engagementId)).status).toBe('delivered');
      expect(await overflowStatus(s.overflow.id)).toBe('delivered');
      expect(await credits(s.engagementId)).toEqual({ records: [], ledger: [] });
      expect(await tieBetween(owner, helper)).toBeUndefined();
    } finally {
      await sql`drop trigger fail_completion${sql.raw(t.database.dialect === 'postgres' ? ' on notifications' : '')}`.execute(
        db,
      );
      if (t.database.dialect === 'postgres') await sql`drop function fail_completion()`.execute(db);
    }
    // The retry goes through, once.
    await completeEngagement(owner.client, s.engagementId);
    expect((await credits(s.engagementId)).records).toHaveLength(1);
  });
});

describe('abandonEngagement', () => {
  it('the helper abandons: the overflow reopens, nothing is credited, the completion record shows it', async () => {
    const helper = await verifiedMember(t);
    const s = await startEngagement(t, owner.client, helper.client, { title: 'Abandoned by helper' });
    expectValidationError(
      await helper.client.post(`engagements/${s.engagementId}/abandon`, { reason: ' ' }),
      'body.reason',
    );
    expectError(
      await other.client.post(`engagements/${s.engagementId}/abandon`, { reason: 'Not mine' }),
      404,
      'ENGAGEMENT_NOT_FOUND',
    );

    t.clock.advance(MINUTE);
    const e = await abandonEngagement(helper.client, s.engagementId, 'I got sick, sorry.');
    expect(e).toMatchObject({
      status: 'abandoned',
      abandoned: { at: t.clock.now().toISOString(), byHandle: helper.handle, reason: 'I got sick, sorry.' },
      review: null,
      workRecordId: null,
    });
    const detail = await owner.client.get<OverflowDetail>(`overflow/${s.overflow.id}`);
    expect(detail.body.status).toBe('open');
    expect(await credits(s.engagementId)).toEqual({ records: [], ledger: [] });
    expect(await tieBetween(owner, helper)).toBeUndefined();
    const n = await notificationsOfType(owner.client, 'engagement_abandoned');
    expect(n[0]).toMatchObject({ subject: { id: s.engagementId }, actor: { handle: helper.handle } });
    expect(n[0]!.text).toContain('I got sick, sorry.');

    const profile = (await t.client().get<ProfileView>(`members/${helper.handle}`)).body;
    expect(profile.completionRecord).toEqual({ completed: 0, abandonedByHelper: 1, abandonedByOwner: 0 });
    expect(profile.verifiedWork.total).toBe(0);

    // Abandoned is final; the reopened overflow takes a new offer and a new engagement.
    expectError(
      await helper.client.post(`engagements/${s.engagementId}/deliveries`, { note: 'Late' }),
      409,
      'ENGAGEMENT_STATE_CONFLICT',
    );
    const next = await verifiedMember(t);
    const e2 = await acceptOffer(owner.client, (await makeOffer(t, next.client, s.overflow.id)).id);
    expect((await getEngagement(next.client, e2)).status).toBe('active');
    expect(await overflowStatus(s.overflow.id)).toBe('assigned');
  });

  it('the owner cannot abandon delivered work: it must be reviewed (409 DELIVERY_AWAITS_REVIEW)', async () => {
    const helper = await verifiedMember(t);
    const s = await deliveredEngagement(t, owner.client, helper.client);
    expectError(
      await owner.client.post(`engagements/${s.engagementId}/abandon`, { reason: 'Changed my mind.' }),
      409,
      'DELIVERY_AWAITS_REVIEW',
    );
    expect((await getEngagement(owner.client, s.engagementId)).status).toBe('delivered');
    // The helper still can step away.
    expect((await abandonEngagement(helper.client, s.engagementId, 'Cannot do the revision.')).status).toBe(
      'abandoned',
    );
  });

  it('the owner abandons an active engagement: it counts as abandoned by the owner', async () => {
    const helper = await verifiedMember(t);
    const s = await startEngagement(t, owner.client, helper.client);
    const e = await abandonEngagement(owner.client, s.engagementId, 'Priorities changed.');
    expect(e.abandoned).toMatchObject({ byHandle: owner.handle, reason: 'Priorities changed.' });
    expect(await overflowStatus(s.overflow.id)).toBe('open');
    expect(await credits(s.engagementId)).toEqual({ records: [], ledger: [] });
    expect(
      (await notificationsOfType(helper.client, 'engagement_abandoned')).map((n) => n.subject.id),
    ).toEqual([s.engagementId]);
    const profile = (await t.client().get<ProfileView>(`members/${helper.handle}`)).body;
    expect(profile.completionRecord).toEqual({ completed: 0, abandonedByHelper: 0, abandonedByOwner: 1 });
    // Nothing to auto-complete later either.
    t.clock.advance(20 * DAY);
    await autoCompleteOverdue(t.app.ctx);
    expect((await getEngagement(owner.client, s.engagementId)).status).toBe('abandoned');
  });
});

describe('anti-ghosting (autoCompleteOverdue)', () => {
  it('completes a delivery the owner ignored for 14 days: no rating, a neutral endorsement; not before', async () => {
    const helper = await verifiedMember(t);
    const s = await deliveredEngagement(t, owner.client, helper.client, {
      effortHours: 4,
      skills: ['Go', 'SQL'],
    });
    const deliveredAt = t.clock.now().getTime();

    t.clock.set(new Date(deliveredAt + 14 * DAY - MINUTE));
    await autoCompleteOverdue(t.app.ctx);
    expect((await getEngagement(owner.client, s.engagementId)).status).toBe('delivered');

    t.clock.set(new Date(deliveredAt + 14 * DAY + MINUTE));
    expect(await autoCompleteOverdue(t.app.ctx)).toBeGreaterThanOrEqual(1);
    const e = await getEngagement(helper.client, s.engagementId);
    expect(e).toMatchObject({
      status: 'completed',
      autoCompleted: true,
      review: { rating: null, endorsement: NEUTRAL_ENDORSEMENT, skills: ['go', 'sql'] },
    });
    expect(e.events.at(-1)).toMatchObject({ kind: 'auto_completed', actor: null });
    expect(await overflowStatus(s.overflow.id)).toBe('completed');
    const { records, ledger } = await credits(s.engagementId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ member_id: helper.id, verified: 1, endorsement: NEUTRAL_ENDORSEMENT });
    // Not reviewed in time and no endorsement written: the owner is credited only with the opportunity.
    expect(ledger.map((l) => [l.kind, l.weight, l.giver_id]).sort()).toEqual(
      [
        ['help', 4, helper.id],
        ['opportunity', 2, owner.id],
      ].sort(),
    );
    expect(await tieBetween(helper, owner)).toMatchObject({ strength: 1 });
    for (const m of [owner, helper]) {
      const n = await notificationsOfType(m.client, 'engagement_auto_completed');
      expect(n.map((x) => x.subject.id)).toEqual([s.engagementId]);
      expect(n[0]!.text).toMatch(/completed automatically/);
    }

    // Safe to run again: nothing more happens.
    expect(await autoCompleteOverdue(t.app.ctx)).toBe(0);
    expect((await credits(s.engagementId)).records).toHaveLength(1);
    expect(await notificationsOfType(helper.client, 'engagement_auto_completed')).toHaveLength(1);
  });

  it('never completes an engagement that was not delivered', async () => {
    const helper = await verifiedMember(t);
    const s = await startEngagement(t, owner.client, helper.client);
    t.clock.advance(60 * DAY);
    await autoCompleteOverdue(t.app.ctx);
    expect((await getEngagement(owner.client, s.engagementId)).status).toBe('active');
  });

  it('a revision request restarts the window from the next delivery', async () => {
    const helper = await verifiedMember(t);
    const s = await deliveredEngagement(t, owner.client, helper.client);
    t.clock.advance(10 * DAY);
    await requestRevision(owner.client, s.engagementId);
    await deliver(helper.client, s.engagementId);
    t.clock.advance(10 * DAY);
    await autoCompleteOverdue(t.app.ctx);
    expect((await getEngagement(owner.client, s.engagementId)).status).toBe('delivered');
    t.clock.advance(4 * DAY + MINUTE);
    await autoCompleteOverdue(t.app.ctx);
    expect((await getEngagement(owner.client, s.engagementId)).status).toBe('completed');
  });

  it('uses the instance setting autoCompleteDays, which only an admin can change', async () => {
    expectError(await owner.client.patch('instance', { autoCompleteDays: 3 }), 403, 'ADMIN_ONLY');
    expectValidationError(
      await admin.client.patch('instance', { autoCompleteDays: 0 }),
      'body.autoCompleteDays',
    );
    const res = await admin.client.patch<{ autoCompleteDays: number }>('instance', { autoCompleteDays: 3 });
    expect(res.body.autoCompleteDays).toBe(3);
    try {
      const helper = await verifiedMember(t);
      const s = await deliveredEngagement(t, owner.client, helper.client);
      const e = await getEngagement(owner.client, s.engagementId);
      expect(e.autoCompleteAt).toBe(new Date(t.clock.now().getTime() + 3 * DAY).toISOString());
      t.clock.advance(3 * DAY - MINUTE);
      await autoCompleteOverdue(t.app.ctx);
      expect((await getEngagement(owner.client, s.engagementId)).status).toBe('delivered');
      t.clock.advance(2 * MINUTE);
      await autoCompleteOverdue(t.app.ctx);
      expect((await getEngagement(owner.client, s.engagementId)).status).toBe('completed');
    } finally {
      await admin.client.patch('instance', { autoCompleteDays: 14 });
    }
  });
});

describe('getEngagement and listMyEngagements', () => {
  it('only the two parties (and admins, read-only) see an engagement', async () => {
    const helper = await verifiedMember(t);
    const s = await startEngagement(t, owner.client, helper.client);
    expect((await getEngagement(owner.client, s.engagementId)).viewerRole).toBe('owner');
    expect((await getEngagement(helper.client, s.engagementId)).viewerRole).toBe('helper');
    expect((await getEngagement(admin.client, s.engagementId)).viewerRole).toBe('admin');
    expectError(await other.client.get(`engagements/${s.engagementId}`), 404, 'ENGAGEMENT_NOT_FOUND');
    expectError(await t.client().get(`engagements/${s.engagementId}`), 401, 'UNAUTHENTICATED');
    // Admins read; they do not act.
    expectError(
      await admin.client.post(`engagements/${s.engagementId}/abandon`, { reason: 'Admin' }),
      404,
      'ENGAGEMENT_NOT_FOUND',
    );
  });

  it('lists my engagements by role and by live / closed', async () => {
    const m = await verifiedMember(t);
    const asHelper = await startEngagement(t, owner.client, m.client);
    t.clock.advance(MINUTE);
    const asOwner = await completedEngagement(t, m.client, other.client);
    type Page = { items: EngagementView[]; nextCursor: string | null };
    const list = async (query: Record<string, string>) =>
      (await m.client.get<Page>('me/engagements', { query })).body.items.map((e) => e.id);
    expect(await list({})).toEqual([asOwner.engagementId, asHelper.engagementId]);
    expect(await list({ role: 'helper' })).toEqual([asHelper.engagementId]);
    expect(await list({ role: 'owner' })).toEqual([asOwner.engagementId]);
    expect(await list({ status: 'live' })).toEqual([asHelper.engagementId]);
    expect(await list({ status: 'closed' })).toEqual([asOwner.engagementId]);
    const p1 = await m.client.get<Page>('me/engagements', { query: { limit: '1' } });
    const p2 = await m.client.get<Page>('me/engagements', {
      query: { limit: '1', cursor: p1.body.nextCursor! },
    });
    expect([...p1.body.items, ...p2.body.items].map((e) => e.id)).toEqual(await list({}));
    expectError(await t.client().get('me/engagements'), 401, 'UNAUTHENTICATED');
  });
});

describe("a failed claim on the engagement's overflow is a conflict, never a silent no-op (ADR 0008)", () => {
  // The overflow mirrors its engagement; here another writer moved it (simulated in the database), so the
  // overflow's conditional UPDATE finds 0 rows: the step must be refused and roll back entirely.
  const moveOverflow = (id: string, status: 'cancelled' | 'completed') =>
    t.app.ctx.db.updateTable('overflow').set({ status }).where('id', '=', id).execute();
  const statusOf = async (engagementId: string) =>
    (
      await t.app.ctx.db
        .selectFrom('engagements')
        .select('status')
        .where('id', '=', engagementId)
        .executeTakeFirstOrThrow()
    ).status;

  it('delivering', async () => {
    const h = await withToken(await verifiedMember(t));
    const s = await startEngagement(t, owner.client, h.client);
    await moveOverflow(s.overflow.id, 'cancelled');
    const res = await h.client.post(`engagements/${s.engagementId}/deliveries`, {
      note: 'Done.',
      links: [],
    });
    expectError(res, 409, 'OVERFLOW_STATE_CONFLICT');
    expect(await statusOf(s.engagementId)).toBe('active');
  });

  it('asking for a revision, completing and abandoning', async () => {
    const h = await withToken(await verifiedMember(t));
    const s = await deliveredEngagement(t, owner.client, h.client);
    await moveOverflow(s.overflow.id, 'cancelled');
    expectError(
      await owner.client.post(`engagements/${s.engagementId}/revision-requests`, { note: 'Again.' }),
      409,
      'OVERFLOW_STATE_CONFLICT',
    );
    expectError(
      await owner.client.post(`engagements/${s.engagementId}/complete`, {
        rating: 5,
        endorsement: 'Good.',
        skills: [],
      }),
      409,
      'OVERFLOW_STATE_CONFLICT',
    );
    expectError(
      await h.client.post(`engagements/${s.engagementId}/abandon`, { reason: 'Stopping.' }),
      409,
      'OVERFLOW_STATE_CONFLICT',
    );
    expect(await statusOf(s.engagementId)).toBe('delivered');
    const records = await t.app.ctx.db
      .selectFrom('work_records')
      .select('id')
      .where('engagement_id', '=', s.engagementId)
      .execute();
    expect(records).toEqual([]);
  });

  it('the auto-complete job skips such an engagement and still completes the others', async () => {
    const h = await withToken(await verifiedMember(t));
    const stuck = await deliveredEngagement(t, owner.client, h.client);
    const fine = await deliveredEngagement(t, other.client, h.client);
    await moveOverflow(stuck.overflow.id, 'completed');
    t.clock.advance(15 * DAY);
    expect(await autoCompleteOverdue(t.app.ctx)).toBe(1);
    expect(await statusOf(stuck.engagementId)).toBe('delivered');
    expect(await statusOf(fine.engagementId)).toBe('completed');
    // Leave nothing overdue for later suites.
    await t.app.ctx.db
      .updateTable('engagements')
      .set({ status: 'abandoned' })
      .where('id', '=', stuck.engagementId)
      .execute();
  });
});
