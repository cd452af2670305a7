// Issue 10 — moderation: the admin members list (search, filters, paging), roles and the last admin,
// suspension taking effect at once (signed out, refused at sign-in, open overflow out of every list) and
// reinstatement, reports (visibility, one open per subject), the queue, hide / suspend / dismiss, the
// reporter told the outcome, and the audit lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectSignedOut } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { TestClient } from './helpers/client.js';
import { createAccessToken, createWorkRecord, registerMember, signIn } from './helpers/factories.js';
import {
  dateIn,
  makeOffer,
  notificationsOfType,
  postOverflow,
  startEngagement,
  verifiedMember,
  verifyEmail,
  type LoopMember,
} from './helpers/loop.js';
import { captureStatements, sqlitePlan } from './helpers/statements.js';
import { testDialect } from './setup/database.js';

let t: TestApp;
let admin: LoopMember;
let owner: LoopMember;
let reporter: LoopMember;
let other: LoopMember;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface AdminMember {
  id: string;
  handle: string;
  name: string;
  email: string;
  role: 'member' | 'admin';
  trusted: boolean;
  suspendedAt: string | null;
}
interface ReportItem {
  id: string;
  status: string;
  reason: string;
  note: string;
  reporter: { handle: string } | null;
  subject: {
    type: string;
    id: string;
    title: string | null;
    excerpt: string;
    hidden: boolean;
    author: { handle: string; suspended: boolean } | null;
    openReports: number;
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const a = await registerMember(t.app, { handle: 'admin', name: 'Ada Admin' });
  await verifyEmail(t, a.email);
  admin = { ...a, id: a.member.id };
  owner = await verifiedMember(t, { name: 'Olive Owner' });
  reporter = await verifiedMember(t, { name: 'Rita Reporter' });
  other = await verifiedMember(t, { name: 'Otto Other' });
});
afterAll(() => t.close());

const audit = (action: string, memberId: string) =>
  t.app.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('member_id', '=', memberId)
    .execute();

async function boardIds(client: TestClient, query: Record<string, string> = {}): Promise<string[]> {
  const res = await client.get<Page<{ id: string }>>('overflow', { query: { limit: '50', ...query } });
  expect(res.status, res.text).toBe(200);
  return res.body.items.map((o) => o.id);
}

async function report(
  client: TestClient,
  subjectType: string,
  subjectId: string,
  reason = 'spam',
  note = '',
) {
  return client.post<{ id: string; status: string }>('reports', { subjectType, subjectId, reason, note });
}

describe('the admin members list', () => {
  it('lists members in handle order with paging, searches handle, name and email prefixes, filters by role', async () => {
    const first = await admin.client.get<Page<AdminMember>>('admin/members', { query: { limit: '2' } });
    expect(first.status, first.text).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).not.toBeNull();
    const rest = await admin.client.get<Page<AdminMember>>('admin/members', {
      query: { limit: '100', cursor: first.body.nextCursor! },
    });
    const handles = [...first.body.items, ...rest.body.items].map((m) => m.handle);
    expect(handles).toEqual([...handles].sort());
    expect(new Set(handles).size).toBe(handles.length);
    expect(handles).toEqual(expect.arrayContaining([admin.handle, owner.handle, reporter.handle]));

    const byName = await admin.client.get<Page<AdminMember>>('admin/members', { query: { q: 'olive' } });
    expect(byName.body.items.map((m) => m.handle)).toEqual([owner.handle]);
    const byEmail = await admin.client.get<Page<AdminMember>>('admin/members', {
      query: { q: reporter.email.slice(0, reporter.email.indexOf('@')) },
    });
    expect(byEmail.body.items.map((m) => m.handle)).toContain(reporter.handle);
    const byHandle = await admin.client.get<Page<AdminMember>>('admin/members', {
      query: { q: `@${other.handle.toUpperCase()}` },
    });
    expect(byHandle.body.items.map((m) => m.handle)).toEqual([other.handle]);
    const admins = await admin.client.get<Page<AdminMember>>('admin/members', { query: { role: 'admin' } });
    expect(admins.body.items.map((m) => m.handle)).toEqual([admin.handle]);
  });

  it('is for admins only', async () => {
    expectError(await owner.client.get('admin/members'), 403, 'ADMIN_ONLY');
    expectError(await t.client().get('admin/members'), 401, 'UNAUTHENTICATED');
  });
});

describe('roles', () => {
  it('the last admin cannot step down; with a second admin they can; every change is audited', async () => {
    const self = await admin.client.put(`admin/members/${admin.handle}/role`, { role: 'member' });
    expectError(self, 409, 'LAST_ADMIN');
    expect(self.error?.message).toMatch(/only administrator/);

    const promoted = await admin.client.put<AdminMember>(`admin/members/${other.handle}/role`, {
      role: 'admin',
      trusted: true,
    });
    expect(promoted.status, promoted.text).toBe(200);
    expect(promoted.body).toMatchObject({ role: 'admin', trusted: true });
    // The new role takes effect at the member's next request.
    expect((await other.client.get('admin/members')).status).toBe(200);
    const lines = await audit('admin.role_changed', other.id);
    expect(lines[0]).toMatchObject({ actor_id: admin.id, subject_type: 'member', subject_id: other.id });
    expect(JSON.parse(lines[0]!.detail)).toMatchObject({ from: 'member', to: 'admin' });
    expect(await audit('admin.trust_changed', other.id)).toHaveLength(1);

    const back = await other.client.put<AdminMember>(`admin/members/${other.handle}/role`, {
      role: 'member',
    });
    expect(back.status, back.text).toBe(200);
    expect(back.body.role).toBe('member');
    expectError(await other.client.get('admin/members'), 403, 'ADMIN_ONLY');
  });

  it('setMemberTrusted writes an audit line too', async () => {
    const res = await admin.client.put(`admin/members/${reporter.handle}/trusted`, { trusted: true });
    expect(res.status, res.text).toBe(200);
    const lines = await audit('admin.trust_changed', reporter.id);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!.detail)).toMatchObject({ trusted: true });
  });

  it('refuses an empty change and an unknown member', async () => {
    expectError(await admin.client.put(`admin/members/${owner.handle}/role`, {}), 400, 'VALIDATION_FAILED');
    expectError(
      await admin.client.put('admin/members/nobody-here/role', { role: 'admin' }),
      404,
      'MEMBER_NOT_FOUND',
    );
  });
});

describe('suspension', () => {
  it('takes effect at once: sessions and tokens stop working, sign-in is refused, open overflow leaves every list', async () => {
    const m = await verifiedMember(t, { name: 'Sam Suspended', skills: ['rust'] });
    const token = await createAccessToken(m.client, { name: 'script' });
    const bearer = m.client.asToken(token.token);
    const open = await postOverflow(m.client, { title: 'Suspended member open', skills: ['rust'] });
    const later = await postOverflow(m.client, { title: 'Suspended member later', dueOn: dateIn(t, 2) });
    // An offer they made on someone else's overflow stays pending, and cannot be accepted.
    const theirs = await postOverflow(owner.client, { title: 'Owner wants rust' });
    const offer = await makeOffer(t, m.client, theirs.id);
    expect(await boardIds(reporter.client)).toEqual(expect.arrayContaining([open.id, later.id]));
    const rustFan = await verifiedMember(t, { skills: ['rust'] });
    const before = await rustFan.client.get<{ items: { id: string }[] }>('me/recommended-overflow');
    expect(before.body.items.map((o) => o.id)).toContain(open.id);

    const res = await admin.client.post<AdminMember>(`admin/members/${m.handle}/suspension`, {
      reason: 'Spam postings',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.suspendedAt).not.toBeNull();

    expectSignedOut(await m.client.get('auth/session'));
    expectError(await bearer.get('auth/session'), 401, 'INVALID_TOKEN');
    const login = await t.client().post('auth/login', { email: m.email, password: m.password });
    expectError(login, 403, 'ACCOUNT_SUSPENDED');
    expect(login.error?.message).toMatch(/suspended/);

    const board = await boardIds(reporter.client);
    expect(board).not.toContain(open.id);
    expect(board).not.toContain(later.id);
    expect(await boardIds(reporter.client, { skills: 'rust' })).not.toContain(open.id);
    expect(await boardIds(t.client(), { owner: m.handle, status: 'all' })).toEqual([]);
    const search = await reporter.client.get<{ items: { id: string }[] }>('search/overflow', {
      query: { q: 'suspended', status: 'all' },
    });
    expect(search.status, search.text).toBe(200);
    expect(search.body.items.map((i) => i.id)).not.toContain(open.id);
    const forYou = await rustFan.client.get<{ items: { id: string }[] }>('me/recommended-overflow');
    expect(forYou.status, forYou.text).toBe(200);
    expect(forYou.body.items.map((o) => o.id)).not.toContain(open.id);
    expectError(await reporter.client.get(`overflow/${open.id}`), 404, 'OVERFLOW_REMOVED');
    // Admins still see it, as suspended.
    const seen = await admin.client.get<{ status: string }>(`overflow/${open.id}`);
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body.status).toBe('suspended');
    // Their history stays: the profile answers.
    expect((await t.client().get(`members/${m.handle}`)).status).toBe(200);
    // Their pending offer stays pending, but the owner cannot accept it.
    const accept = await owner.client.post(`offers/${offer.id}/accept`, {});
    expectError(accept, 409, 'HELPER_SUSPENDED');

    const email = await t.lastEmailTo(m.email);
    expect(email.subject).toMatch(/suspended/);
    expect(email.text).toContain('Spam postings');
    const lines = await audit('admin.member_suspended', m.id);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!.detail)).toMatchObject({ reason: 'Spam postings', overflowHidden: 2 });

    expectError(
      await admin.client.post(`admin/members/${m.handle}/suspension`, { reason: 'Again' }),
      409,
      'ALREADY_SUSPENDED',
    );
    expectError(
      await admin.client.post(`admin/members/${admin.handle}/suspension`, { reason: 'Myself' }),
      409,
      'CANNOT_SUSPEND_SELF',
    );
    const suspended = await admin.client.get<Page<AdminMember>>('admin/members', {
      query: { suspended: 'true' },
    });
    expect(suspended.body.items.map((x) => x.handle)).toEqual([m.handle]);

    // Reinstatement: sign-in works again; overflow not yet due opens again, overflow past due expires.
    t.clock.advance(3 * 24 * 3600_000);
    const back = await admin.client.delete<AdminMember>(`admin/members/${m.handle}/suspension`);
    expect(back.status, back.text).toBe(200);
    expect(back.body.suspendedAt).toBeNull();
    await signIn(t.app, m);
    const reopened = await reporter.client.get<{ status: string }>(`overflow/${open.id}`);
    expect(reopened.body.status).toBe('open');
    const expired = await reporter.client.get<{ status: string }>(`overflow/${later.id}`);
    expect(expired.body.status).toBe('expired');
    expect(await boardIds(reporter.client)).toContain(open.id);
    expect(await audit('admin.member_reinstated', m.id)).toHaveLength(1);
    expectError(await admin.client.delete(`admin/members/${m.handle}/suspension`), 409, 'NOT_SUSPENDED');
  });

  it('needs a reason', async () => {
    expectError(
      await admin.client.post(`admin/members/${owner.handle}/suspension`, { reason: '' }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('reports', () => {
  it('a member reports what they can see; a second report is the same one; invisible content is 404', async () => {
    const o = await postOverflow(owner.client, { title: 'Reportable overflow' });
    const first = await report(reporter.client, 'overflow', o.id, 'spam', 'Looks like an advert.');
    expect(first.status, first.text).toBe(201);
    expect(first.body.status).toBe('open');
    const again = await report(reporter.client, 'overflow', o.id, 'misleading');
    expect(again.status, again.text).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const ask = await postOverflow(owner.client, { title: 'Members only', visibility: 'members' });
    expectError(await report(t.client(), 'overflow', ask.id), 401, 'UNAUTHENTICATED');
    expectError(await report(reporter.client, 'overflow', 'no-such-id'), 404, 'REPORT_SUBJECT_NOT_FOUND');
    expectError(await report(owner.client, 'overflow', o.id), 400, 'BAD_REQUEST');
    expectError(
      await reporter.client.post('reports', { subjectType: 'overflow', subjectId: o.id, reason: 'boring' }),
      400,
      'VALIDATION_FAILED',
    );
    // An unconfirmed member cannot report.
    const fresh = await registerMember(t.app);
    expectError(await report(fresh.client, 'overflow', o.id), 403, 'EMAIL_NOT_VERIFIED');
  });

  it('a message is reportable by the other party only', async () => {
    const started = await startEngagement(t, owner.client, other.client);
    const msg = await other.client.post<{ id: string }>(`engagements/${started.engagementId}/messages`, {
      body: 'Rude words here',
    });
    expect(msg.status, msg.text).toBe(201);
    expectError(await report(reporter.client, 'message', msg.body.id), 404, 'REPORT_SUBJECT_NOT_FOUND');
    const res = await report(owner.client, 'message', msg.body.id, 'harassment');
    expect(res.status, res.text).toBe(201);

    const queue = await admin.client.get<Page<ReportItem>>('admin/reports');
    const item = queue.body.items.find((r) => r.id === res.body.id)!;
    expect(item.subject).toMatchObject({ type: 'message', excerpt: 'Rude words here' });
    expect(item.subject.author?.handle).toBe(other.handle);

    const hide = await admin.client.post(`admin/reports/${res.body.id}/resolution`, { action: 'hide' });
    expect(hide.status, hide.text).toBe(200);
    const thread = await owner.client.get<{ items: { id: string; body: string; removed: boolean }[] }>(
      `engagements/${started.engagementId}/messages`,
    );
    const shown = thread.body.items.find((m) => m.id === msg.body.id)!;
    expect(shown.removed).toBe(true);
    expect(shown.body).not.toContain('Rude');
    const own = await other.client.get<{ items: { id: string; body: string; removed: boolean }[] }>(
      `engagements/${started.engagementId}/messages`,
    );
    expect(own.body.items.find((m) => m.id === msg.body.id)).toMatchObject({
      body: 'Rude words here',
      removed: true,
    });
  });

  it('the queue shows the content; hiding resolves every open report on it, leaves every list, tells each reporter', async () => {
    const o = await postOverflow(owner.client, { title: 'Advert for pills', brief: 'Buy pills now, cheap.' });
    const r1 = await report(reporter.client, 'overflow', o.id, 'spam', 'An advert.');
    const r2 = await report(other.client, 'overflow', o.id, 'misleading');
    expect([r1.status, r2.status]).toEqual([201, 201]);

    const queue = await admin.client.get<Page<ReportItem>>('admin/reports');
    expect(queue.status, queue.text).toBe(200);
    const item = queue.body.items.find((r) => r.id === r1.body.id)!;
    expect(item).toMatchObject({
      status: 'open',
      reason: 'spam',
      note: 'An advert.',
      reporter: { handle: reporter.handle },
    });
    expect(item.subject).toMatchObject({
      type: 'overflow',
      title: 'Advert for pills',
      excerpt: 'Buy pills now, cheap.',
      hidden: false,
      author: { handle: owner.handle, suspended: false },
      openReports: 2,
    });
    expectError(await owner.client.get('admin/reports'), 403, 'ADMIN_ONLY');

    const res = await admin.client.post<{ status: string; resolved: number }>(
      `admin/reports/${r1.body.id}/resolution`,
      {
        action: 'hide',
        note: 'Spam.',
      },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ status: 'hidden', resolved: 2 });

    expect(await boardIds(reporter.client)).not.toContain(o.id);
    const search = await reporter.client.get<{ items: { id: string }[] }>('search/overflow', {
      query: { q: 'pills' },
    });
    expect(search.body.items.map((i) => i.id)).not.toContain(o.id);
    const gone = await reporter.client.get(`overflow/${o.id}`);
    expectError(gone, 404, 'OVERFLOW_REMOVED');
    expect(gone.error?.message).toMatch(/removed by a moderator/);
    // The owner and admins still see it; it stays in the owner's own list.
    const mine = await owner.client.get<{ removed: boolean }>(`overflow/${o.id}`);
    expect(mine.body.removed).toBe(true);
    expect(await boardIds(owner.client, { owner: 'me', status: 'all' })).toContain(o.id);
    expect(await boardIds(t.client(), { owner: owner.handle, status: 'all' })).not.toContain(o.id);
    expect((await admin.client.get(`overflow/${o.id}`)).status).toBe(200);

    for (const who of [reporter, other]) {
      const told = await notificationsOfType(who.client, 'report_resolved');
      expect(told[0]!.text).toMatch(/removed the overflow/);
      expect(told[0]!.text).toContain('Advert for pills');
    }
    const resolvedLines = await audit('admin.report_resolved', owner.id);
    expect(resolvedLines.length).toBeGreaterThanOrEqual(1);
    expect(await audit('admin.content_hidden', owner.id)).toHaveLength(1);

    expectError(
      await admin.client.post(`admin/reports/${r2.body.id}/resolution`, { action: 'dismiss' }),
      409,
      'REPORT_RESOLVED',
    );
    const hiddenQueue = await admin.client.get<Page<ReportItem>>('admin/reports', {
      query: { status: 'hidden' },
    });
    expect(hiddenQueue.body.items.map((r) => r.id)).toEqual(expect.arrayContaining([r1.body.id, r2.body.id]));
  });

  it("a hidden offer reads as removed to the owner; a hidden noticed note leaves the recipient's box, not the sender's", async () => {
    const o = await postOverflow(owner.client, { title: 'Offer to hide' });
    const offer = await makeOffer(t, reporter.client, o.id);
    const r = await report(owner.client, 'offer', offer.id, 'harassment');
    expect(r.status, r.text).toBe(201);
    expect(
      (await admin.client.post(`admin/reports/${r.body.id}/resolution`, { action: 'hide' })).status,
    ).toBe(200);
    const offers = await owner.client.get<{ items: { id: string; pitch: string; removed: boolean }[] }>(
      `overflow/${o.id}/offers`,
    );
    const shown = offers.body.items.find((x) => x.id === offer.id)!;
    expect(shown.removed).toBe(true);
    expect(shown.pitch).toMatch(/Removed by a moderator/);
    const own = await reporter.client.get<{ items: { id: string; pitch: string }[] }>(
      `overflow/${o.id}/offers`,
    );
    expect(own.body.items.find((x) => x.id === offer.id)!.pitch).not.toMatch(/Removed/);

    const record = await createWorkRecord(owner.client, { title: 'A talk to notice' });
    const note = await other.client.post<{ id: string }>('noticed', {
      workRecordId: record.id,
      message: 'Noticed your talk, and something rude.',
    });
    expect(note.status, note.text).toBe(201);
    const nr = await report(owner.client, 'noticed', note.body.id, 'harassment');
    expect(nr.status, nr.text).toBe(201);
    expect(
      (await admin.client.post(`admin/reports/${nr.body.id}/resolution`, { action: 'hide' })).status,
    ).toBe(200);
    const received = await owner.client.get<{ items: { id: string }[] }>('me/noticed', {
      query: { box: 'received' },
    });
    expect(received.body.items.map((n) => n.id)).not.toContain(note.body.id);
    const sent = await other.client.get<{ items: { id: string }[] }>('me/noticed', {
      query: { box: 'sent' },
    });
    expect(sent.body.items.map((n) => n.id)).toContain(note.body.id);
  });

  it('suspend from a report suspends the author; dismiss leaves the content; a profile cannot be hidden', async () => {
    const author = await verifiedMember(t, { name: 'Bad Actor' });
    const o = await postOverflow(author.client, { title: 'Scam posting' });
    const r = await report(reporter.client, 'overflow', o.id, 'spam');
    const res = await admin.client.post(`admin/reports/${r.body.id}/resolution`, {
      action: 'suspend',
      note: 'Scams',
    });
    expect(res.status, res.text).toBe(200);
    expectSignedOut(await author.client.get('auth/session'));
    expect(await boardIds(reporter.client)).not.toContain(o.id);
    const told = await notificationsOfType(reporter.client, 'report_resolved');
    expect(told.find((n) => n.text.includes('Scam posting'))?.text).toMatch(/suspended the member/);
    expect(await audit('admin.member_suspended', author.id)).toHaveLength(1);

    const p = await report(reporter.client, 'member', other.id, 'other', 'Fake profile?');
    expect(p.status, p.text).toBe(201);
    expectError(
      await admin.client.post(`admin/reports/${p.body.id}/resolution`, { action: 'hide' }),
      400,
      'CANNOT_HIDE_PROFILE',
    );
    t.clock.advance(60_000);
    const dismissed = await admin.client.post(`admin/reports/${p.body.id}/resolution`, { action: 'dismiss' });
    expect(dismissed.status, dismissed.text).toBe(200);
    const told2 = await notificationsOfType(reporter.client, 'report_resolved');
    expect(told2.find((n) => n.text.includes('profile'))?.text).toMatch(/took no action/);
    expectError(
      await admin.client.post('admin/reports/nope/resolution', { action: 'dismiss' }),
      404,
      'REPORT_NOT_FOUND',
    );
  });
});

// EXPLAIN QUERY PLAN is SQLite's: the admin lists walk an index, never scan a table or sort all members.
if (testDialect() === 'sqlite') {
  describe('the admin lists walk indexes (SQLite plans)', () => {
    it('members (all, by role, suspended, by prefix) and reports (by status, all)', async () => {
      for (const fn of [
        () => admin.client.get('admin/members'),
        () => admin.client.get('admin/members', { query: { role: 'admin' } }),
        () => admin.client.get('admin/members', { query: { suspended: 'true' } }),
        () => admin.client.get('admin/members', { query: { q: 'ol' } }),
        () => admin.client.get('admin/reports'),
        () => admin.client.get('admin/reports', { query: { status: 'all' } }),
        () => admin.client.get('admin/reports', { query: { status: 'dismissed' } }),
      ]) {
        const { queries, result } = await captureStatements(t, fn);
        expect(result.status).toBe(200);
        for (const q of queries.filter(
          (x) => /^\s*select/i.test(x.sql) && /"(members|reports)"/.test(x.sql),
        )) {
          const plan = await sqlitePlan(t.app.ctx.db, q);
          const text = `${q.sql}\n${plan.map((l) => l.detail).join('\n')}`;
          for (const l of plan) {
            expect(l.detail, text).not.toMatch(/^SCAN (members|reports)(?! USING)/);
            if (/from "(members|reports)"/.test(q.sql) && /order by/.test(q.sql) && !/ in \(/.test(q.sql))
              expect(l.detail, text).not.toMatch(/TEMP B-TREE/);
          }
        }
      }
    });
  });
}
