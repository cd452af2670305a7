// Issue 10 — the member's export: requestExport / getExport / listExports / downloadExport, the job that builds
// the document in keyset pages with progress, the signed link that expires, and the document itself: complete
// against exportDocumentSchema for a member with one of everything, and nothing of anyone else's but a handle
// and a name (no email, no private delivery note of the other party).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createAccessToken, createWorkRecord, registerMember } from './helpers/factories.js';
import { completeEngagement, startEngagement, verifiedMember, type LoopMember } from './helpers/loop.js';
import { answeredWorkIdle } from '../src/modules/auth/background.js';
import {
  EXPORTS_PER_DAY,
  runExport,
  runExportJob,
  type ExportView,
} from '../src/modules/account/export.service.js';
import { exportDocumentSchema, type ExportDocument } from '../src/modules/account/export.schemas.js';
import { DAY, iso } from '../src/shared/clock.js';
import { newId } from '../src/shared/ids.js';
import { captureStatements, sqlitePlan } from './helpers/statements.js';
import { testDialect } from './setup/database.js';

let t: TestApp;
let admin: LoopMember;
let me: LoopMember;
let other: LoopMember;

beforeAll(async () => {
  t = await createTestApp();
  const a = await registerMember(t.app, { handle: 'admin' });
  admin = { ...a, id: a.member.id };
  me = await verifiedMember(t, { skills: ['typescript', '日本語'] });
  other = await verifiedMember(t);
});
afterAll(() => t.close());

const db = () => t.app.ctx.db;

function ok<T>(res: { status: number; text: string; body: T }, status: number): T {
  expect(res.status, res.text.slice(0, 400)).toBe(status);
  return res.body;
}

/** Requests an export and waits for the request's own kick of the job to finish. */
async function exportNow(m: LoopMember): Promise<ExportView> {
  const queued = ok(await m.client.post<ExportView>('me/exports'), 202);
  await answeredWorkIdle(t.app.ctx);
  return ok(await m.client.get<ExportView>(`me/exports/${queued.id}`), 200);
}

async function download(m: LoopMember, view: ExportView) {
  const res = await m.client.get<unknown>(`me/exports/${view.id}/download`);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return { res, doc: exportDocumentSchema.parse(JSON.parse(res.text)) };
}

/** Clears the member's exports so the daily limit does not get in a later test's way. */
async function forgetExports(m: LoopMember) {
  await db().deleteFrom('member_exports').where('member_id', '=', m.id).execute();
}

describe('a member with one of everything', () => {
  let doc: ExportDocument;
  let text: string;
  let view: ExportView;

  beforeAll(async () => {
    // Profile and settings.
    ok(
      await me.client.patch('me', {
        headline: 'Careful migrations',
        bio: 'I write the rollback first.',
        links: [{ label: 'Site', url: 'https://example.org/me' }],
        contactLine: 'me@example.org on the chat',
      }),
      200,
    );
    ok(await me.client.patch('me/email-settings', { kinds: { tie_formed: 'off' } }), 200);
    await createWorkRecord(me.client, { title: 'A self-reported talk', kind: 'talk' });
    await createAccessToken(me.client, { name: 'export-script' });

    // I own overflow; the other member offers, is accepted, delivers a PRIVATE note, and I complete it.
    const mine = await startEngagement(t, me.client, other.client, { title: 'My overflow' });
    ok(
      await other.client.post(`engagements/${mine.engagementId}/deliveries`, {
        note: 'SECRET-NOTE-OF-THE-HELPER with a customer name',
        links: ['https://example.org/secret-link'],
        notePrivate: true,
      }),
      201,
    );
    ok(
      await me.client.post(`engagements/${mine.engagementId}/messages`, { body: 'Thanks, reading now.' }),
      201,
    );
    ok(
      await other.client.post(`engagements/${mine.engagementId}/messages`, { body: 'Shout if stuck.' }),
      201,
    );
    await completeEngagement(me.client, mine.engagementId, { endorsement: 'Untangled it in a day.' });

    // They own overflow; I help and deliver a public note; they complete it (my verified work record).
    const theirs = await startEngagement(t, other.client, me.client, { title: 'Their overflow' });
    ok(
      await me.client.post(`engagements/${theirs.engagementId}/deliveries`, {
        note: 'My own delivery note',
        links: ['https://example.org/mine'],
      }),
      201,
    );
    await completeEngagement(other.client, theirs.engagementId, { endorsement: 'Quick and tidy.' });

    // Noticed notes and thanks, both ways.
    const theirRecord = await createWorkRecord(other.client, { title: 'Their talk', kind: 'talk' });
    const myRecord = await createWorkRecord(me.client, { title: 'My writing', kind: 'writing' });
    ok(
      await me.client.post('noticed', { workRecordId: theirRecord.id, message: 'I noticed your talk.' }),
      201,
    );
    ok(
      await other.client.post('noticed', { workRecordId: myRecord.id, message: 'Noticed your writing.' }),
      201,
    );
    ok(await me.client.post('thanks', { toHandle: other.handle, message: 'Thank you for the help!' }), 201);
    ok(await other.client.post('thanks', { toHandle: me.handle, message: 'Thanks for the review!' }), 201);

    view = await exportNow(me);
    const got = await download(me, view);
    doc = got.doc;
    text = got.res.text;
  });

  it('is ready at once, with a download link that expires in 24 hours', () => {
    expect(view).toMatchObject({ status: 'ready', error: null });
    expect(view.progress).toBe(view.total);
    expect(view.total).toBeGreaterThan(10);
    expect(view.downloadUrl).toMatch(new RegExp(`^/api/v1/me/exports/${view.id}/download\\?token=[\\w-]+$`));
    expect(new Date(view.expiresAt!).getTime() - new Date(view.readyAt!).getTime()).toBe(DAY);
    expect(view.bytes).toBe(Buffer.byteLength(text));
  });

  it('downloads as a JSON attachment that is never cached', async () => {
    const res = await me.client.get(`me/exports/${view.id}/download`);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="slipstream-export-${me.handle}-\\d{4}-\\d{2}-\\d{2}\\.json"$`),
    );
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('has every section non-empty, and parses with exportDocumentSchema', () => {
    const lists: Record<string, unknown[]> = {
      'profile.skills': doc.profile.skills,
      'profile.links': doc.profile.links,
      'settings.emailPreferences': doc.settings.emailPreferences,
      workRecords: doc.workRecords,
      overflow: doc.overflow,
      'offers.made': doc.offers.made,
      'offers.received': doc.offers.received,
      engagements: doc.engagements,
      'engagement events': doc.engagements.flatMap((e) => e.events),
      'engagement messages': doc.engagements.flatMap((e) => e.messages),
      'reviews.given': doc.reviews.given,
      'reviews.received': doc.reviews.received,
      ties: doc.ties,
      ledger: doc.ledger,
      'noticed.sent': doc.noticed.sent,
      'noticed.received': doc.noticed.received,
      'thanks.sent': doc.thanks.sent,
      'thanks.received': doc.thanks.received,
      notifications: doc.notifications,
      sessions: doc.sessions,
      accessTokens: doc.accessTokens,
      auditEvents: doc.auditEvents,
    };
    const empty = Object.entries(lists)
      .filter(([, v]) => v.length === 0)
      .map(([k]) => k);
    expect(empty).toEqual([]);
    expect(doc.profile).toMatchObject({ handle: me.handle, email: me.email, headline: 'Careful migrations' });
    expect(doc.profile.skills).toContain('日本語');
    expect(doc.settings.emailPreferences).toContainEqual(
      expect.objectContaining({ kind: 'tie_formed', mode: 'off' }),
    );
    expect(doc.auditEvents.map((a) => a.action)).toContain('account.export_requested');
  });

  it('holds work records with their verification, and reviews both ways', () => {
    const verified = doc.workRecords.find((w) => w.verification.verified)!;
    expect(verified).toMatchObject({
      title: 'Their overflow',
      verification: {
        endorsement: 'Quick and tidy.',
        verifiedBy: { handle: other.handle, name: other.member.name },
      },
    });
    expect(verified.verification.engagementId).not.toBeNull();
    expect(doc.reviews.given[0]).toMatchObject({
      endorsement: 'Untangled it in a day.',
      counterpart: { handle: other.handle },
    });
    expect(doc.reviews.received[0]).toMatchObject({
      endorsement: 'Quick and tidy.',
      counterpart: { handle: other.handle },
    });
  });

  it('names other members by handle and name only: no one else’s email', () => {
    expect(text).not.toContain(other.email);
    expect(text).not.toContain(admin.email);
    expect(text).toContain(me.email);
    const counterpart = doc.engagements[0]!.counterpart;
    expect(Object.keys(counterpart).sort()).toEqual(['handle', 'name']);
  });

  it('keeps the other party’s private delivery note out (their own export has it)', async () => {
    expect(text).not.toContain('SECRET-NOTE');
    expect(text).not.toContain('secret-link');
    const mine = doc.engagements.find((e) => e.role === 'owner')!;
    expect(mine.events.find((e) => e.kind === 'delivered')).toMatchObject({
      note: null,
      notePrivate: true,
      links: [],
    });
    // My own delivery note, on their overflow, is mine to keep.
    const theirs = doc.engagements.find((e) => e.role === 'helper')!;
    expect(theirs.events.find((e) => e.kind === 'delivered')).toMatchObject({ note: 'My own delivery note' });

    const { doc: theirDoc } = await download(other, await exportNow(other));
    const delivered = theirDoc.engagements
      .find((e) => e.role === 'helper' && e.overflow.title === 'My overflow')!
      .events.find((e) => e.kind === 'delivered')!;
    expect(delivered.note).toContain('SECRET-NOTE');
    expect(JSON.stringify(theirDoc)).not.toContain(me.email);
  });

  // EXPLAIN QUERY PLAN is SQLite's. Pages of 2 rows, so every walk also runs with a cursor.
  // Registered on SQLite only (as read-paths.plans.test.ts); PostgreSQL's plans are the benchmark's.
  if (testDialect() === 'sqlite')
    it('reads every section by an index, never a table scan', async () => {
      const id = newId(t.clock.now());
      await db()
        .insertInto('member_exports')
        .values({
          id,
          member_id: me.id,
          status: 'queued',
          created_at: iso(t.clock.now()),
          token_hash: null,
          data: null,
          bytes: null,
          error: null,
          claimed_until: null,
          started_at: null,
          ready_at: null,
          expires_at: null,
        })
        .execute();
      const { queries, result } = await captureStatements(t, () =>
        runExport(t.app.ctx, id, { batchSize: 2 }),
      );
      expect(result).toBe(true);
      const selects = queries.filter((q) => /^\s*select/i.test(q.sql));
      expect(selects.length).toBeGreaterThan(30);
      expect(selects.some((q) => /\) > \(/.test(q.sql))).toBe(true); // the keyset condition ran
      for (const q of selects) {
        const plan = await sqlitePlan(db(), q);
        for (const l of plan)
          expect(l.detail, `${q.sql}\n${plan.map((x) => x.detail).join('\n')}`).not.toMatch(
            /^SCAN (?!\(subquery)/,
          );
      }
    });

  it('carries no session secret, token or hash', async () => {
    const sessions = await db().selectFrom('sessions').select('id').where('member_id', '=', me.id).execute();
    const tokens = await db()
      .selectFrom('access_tokens')
      .select('token_hash')
      .where('member_id', '=', me.id)
      .execute();
    for (const s of sessions) expect(text).not.toContain(s.id);
    for (const tk of tokens) expect(text).not.toContain(tk.token_hash);
    expect(text).not.toContain('password');
  });
});

describe('who may see and download an export', () => {
  let view: ExportView;
  beforeAll(async () => {
    await forgetExports(me);
    view = await exportNow(me);
  });

  it('another member gets 404 for it, a visitor 401', async () => {
    const res = await other.client.get(`me/exports/${view.id}`);
    expect(res.status).toBe(404);
    expect(res.error?.code).toBe('EXPORT_NOT_FOUND');
    expectErrorShape(res);
    expect((await other.client.get(`me/exports/${view.id}/download`)).status).toBe(404);
    expect((await t.client().get(`me/exports/${view.id}`)).status).toBe(401);
    expect((await t.client().get(`me/exports/${view.id}/download`)).status).toBe(401);
    expect(
      (await other.client.get<{ items: ExportView[] }>('me/exports')).body.items.map((e) => e.id),
    ).not.toContain(view.id);
  });

  it('the signed link works without a session; a wrong token is 404', async () => {
    const res = await t.client().get(view.downloadUrl!.replace(/^\/api\/v1\//, ''));
    expect(res.status, res.text.slice(0, 200)).toBe(200);
    expect(exportDocumentSchema.parse(JSON.parse(res.text)).profile.handle).toBe(me.handle);
    const wrong = await t
      .client()
      .get(`me/exports/${view.id}/download`, { query: { token: 'A'.repeat(43) } });
    expect(wrong.status).toBe(404);
    expectErrorShape(wrong);
  });

  it('lists the member’s own exports, newest first', async () => {
    const list = ok(await me.client.get<{ items: ExportView[] }>('me/exports'), 200);
    expect(list.items[0]!.id).toBe(view.id);
  });

  it('works with the member’s access token too', async () => {
    const token = await createAccessToken(me.client, { name: 'download' });
    const res = await me.client.asToken(token.token).get(`me/exports/${view.id}/download`);
    expect(res.status).toBe(200);
  });

  it('expires after 24 hours: 410 with the error shape, and the job removes the document', async () => {
    t.clock.advance(DAY + 1000);
    const expired = ok(await me.client.get<ExportView>(`me/exports/${view.id}`), 200);
    expect(expired).toMatchObject({ status: 'expired', downloadUrl: null });
    const link = await t.client().get(view.downloadUrl!.replace(/^\/api\/v1\//, ''));
    expect(link.status).toBe(410);
    expect(link.error?.code).toBe('EXPORT_EXPIRED');
    expectErrorShape(link);
    expect((await me.client.get(`me/exports/${view.id}/download`)).status).toBe(410);
    const { removed } = await runExportJob(t.app.ctx);
    expect(removed).toBeGreaterThanOrEqual(1);
    const row = await db()
      .selectFrom('member_exports')
      .selectAll()
      .where('id', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ data: null, token_hash: null });
  });
});

describe('one at a time, a few a day', () => {
  it('a second request while one is queued answers that one', async () => {
    await forgetExports(me);
    const id = newId(t.clock.now());
    await db()
      .insertInto('member_exports')
      .values({
        id,
        member_id: me.id,
        status: 'queued',
        created_at: iso(t.clock.now()),
        token_hash: null,
        data: null,
        bytes: null,
        error: null,
        claimed_until: null,
        started_at: null,
        ready_at: null,
        expires_at: null,
      })
      .execute();
    const again = ok(await me.client.post<ExportView>('me/exports'), 202);
    expect(again).toMatchObject({ id, status: 'queued' });
    await answeredWorkIdle(t.app.ctx);
    // The scheduler's tick builds what is queued.
    expect((await runExportJob(t.app.ctx)).built).toBe(1);
    expect(ok(await me.client.get<ExportView>(`me/exports/${id}`), 200).status).toBe('ready');
  });

  it(`refuses a request past ${EXPORTS_PER_DAY} a day with 429 and Retry-After`, async () => {
    await forgetExports(me);
    for (let i = 0; i < EXPORTS_PER_DAY; i++) await exportNow(me);
    const res = await me.client.post('me/exports');
    expect(res.status).toBe(429);
    expect(res.error?.code).toBe('EXPORT_LIMIT_REACHED');
    expectErrorShape(res);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(DAY + 1000);
    expect((await me.client.post('me/exports')).status).toBe(202);
    await answeredWorkIdle(t.app.ctx);
  });
});

describe('a large account', () => {
  it('is built in keyset pages of the batch size, with progress going up to the total', async () => {
    const big = await verifiedMember(t);
    const now = t.clock.now();
    const N = 57;
    await db()
      .insertInto('notifications')
      .values(
        Array.from({ length: N }, (_, i) => ({
          id: newId(new Date(now.getTime() + i)),
          member_id: big.id,
          type: 'thanks_received',
          actor_id: other.id,
          subject_type: 'member',
          subject_id: other.id,
          data: '{}',
          read_at: null,
          // Several at one instant: the (created_at, id) keyset still reads each exactly once.
          created_at: iso(new Date(now.getTime() - Math.floor(i / 3) * 1000)),
        })),
      )
      .execute();
    await db()
      .insertInto('ledger_entries')
      .values(
        Array.from({ length: 23 }, (_, i) => ({
          id: newId(new Date(now.getTime() + i)),
          giver_id: big.id,
          receiver_id: other.id,
          kind: 'thanks' as const,
          weight: 1,
          source_type: 'thanks',
          source_id: `s${i}`,
          created_at: iso(new Date(now.getTime() - i * 1000)),
        })),
      )
      .execute();
    const id = newId(now);
    await db()
      .insertInto('member_exports')
      .values({
        id,
        member_id: big.id,
        status: 'queued',
        created_at: iso(now),
        token_hash: null,
        data: null,
        bytes: null,
        error: null,
        claimed_until: null,
        started_at: null,
        ready_at: null,
        expires_at: null,
      })
      .execute();

    const seen: number[] = [];
    // Two processes at once: the claim lets exactly one build it; the other leaves it.
    const results = await Promise.all([
      runExport(t.app.ctx, id, { batchSize: 10, onProgress: (p) => seen.push(p) }),
      runExport(t.app.ctx, id, { batchSize: 10, onProgress: (p) => seen.push(p) }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);

    const row = await db()
      .selectFrom('member_exports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('ready');
    expect(row.progress).toBe(row.total);
    expect(row.total).toBeGreaterThanOrEqual(N + 23);
    // Many batches, never going back, ending at the total.
    expect(seen.length).toBeGreaterThan(8);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(seen.at(-1)).toBe(row.total);
    const doc = exportDocumentSchema.parse(JSON.parse(row.data!));
    expect(doc.notifications).toHaveLength(N);
    expect(new Set(doc.notifications.map((n) => n.id)).size).toBe(N);
    expect(doc.ledger).toHaveLength(23);
    expect(doc.notifications.map((n) => n.createdAt)).toEqual(
      doc.notifications.map((n) => n.createdAt).sort(),
    );
  });
});
