// Issue 10 — listAuditLog: a member reads the events that concern them, newest first and cursor paged; an
// admin reads everyone's (scope=all, optionally one member's); nobody else may. Each line is a sentence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createAccessToken, registerMember, type RegisteredMember } from './helpers/factories.js';
import { captureStatements, sqlitePlan } from './helpers/statements.js';
import { testDialect } from './setup/database.js';
import { recordAudit } from '../src/modules/audit/audit.service.js';

interface AuditLine {
  id: string;
  action: string;
  description: string;
  createdAt: string;
  actor: { handle: string | null; name: string } | null;
  member: { handle: string | null; name: string } | null;
  subjectType: string;
  subjectId: string;
  ip: string | null;
  userAgent: string | null;
}
interface AuditPage {
  items: AuditLine[];
  nextCursor: string | null;
}

let t: TestApp;
let admin: RegisteredMember;
let ada: RegisteredMember;
let bob: RegisteredMember;

beforeAll(async () => {
  t = await createTestApp();
  admin = await registerMember(t.app, { handle: 'admin' });
  ada = await registerMember(t.app, { handle: 'ada' });
  bob = await registerMember(t.app, { handle: 'bob' });
  // Five token events for Ada, one second apart, and one for Bob.
  for (let i = 1; i <= 5; i++) {
    t.clock.advance(1000);
    await createAccessToken(ada.client, { name: `ada token ${i}` });
  }
  t.clock.advance(1000);
  await createAccessToken(bob.client, { name: 'bob token' });
});
afterAll(() => t.close());

describe('a member’s own events', () => {
  it('lists only the events that concern them, newest first, with a readable description', async () => {
    const res = await ada.client.get<AuditPage>('audit-log');
    expect(res.status).toBe(200);
    const actions = res.body.items.map((l) => l.action);
    expect(actions).toEqual([...Array(5).fill('security.token_created'), 'security.signin_new_device']);
    expect(res.body.items[0]).toMatchObject({
      description: expect.stringMatching(
        /^Created the access token “ada token 5”, expiring \d{4}-\d{2}-\d{2}$/,
      ),
      actor: { handle: 'ada', name: 'Test ada' },
      member: { handle: 'ada', name: 'Test ada' },
      subjectType: 'access_token',
      ip: '127.0.0.1',
      userAgent: 'slipstream-test',
    });
    const times = res.body.items.map((l) => l.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(JSON.stringify(res.body)).not.toContain('bob token');
  });

  it('pages with a cursor, without repeats or gaps', async () => {
    const first = await ada.client.get<AuditPage>('audit-log', { query: { limit: '2' } });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await ada.client.get<AuditPage>('audit-log', { query: { limit: '2', cursor } });
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    const all = await ada.client.get<AuditPage>('audit-log');
    expect(seen.map((l) => l.id)).toEqual(all.body.items.map((l) => l.id));
  });

  it('works with an access token too (reading your activity changes nothing)', async () => {
    const { token } = await createAccessToken(bob.client, { name: 'reader' });
    const res = await bob.client.asToken(token).get<AuditPage>('audit-log');
    expect(res.status).toBe(200);
    expect(res.body.items.every((l) => l.member?.handle === 'bob')).toBe(true);
  });

  it('shows an action nobody described by its name, and an admin action on the member with who did it', async () => {
    t.clock.advance(1000);
    await recordAudit(
      t.app.ctx.db,
      {
        memberId: bob.member.id,
        actorId: admin.member.id,
        action: 'admin.trust_changed',
        subjectType: 'member',
        subjectId: bob.member.id,
        detail: { trusted: true },
      },
      t.clock.now(),
    );
    t.clock.advance(1000);
    await recordAudit(
      t.app.ctx.db,
      {
        memberId: bob.member.id,
        actorId: null,
        action: 'future.thing_happened',
        subjectType: 'member',
        subjectId: bob.member.id,
      },
      t.clock.now(),
    );
    const res = await bob.client.get<AuditPage>('audit-log', { query: { limit: '2' } });
    expect(res.body.items.map((l) => [l.action, l.description, l.actor?.handle ?? null])).toEqual([
      ['future.thing_happened', 'future.thing_happened', null],
      ['admin.trust_changed', 'Marked as trusted for merit', 'admin'],
    ]);
  });

  it('answers 401 when signed out, 400 for a bad cursor or limit', async () => {
    expectError(await t.client().get('audit-log'), 401, 'UNAUTHENTICATED');
    expectError(await ada.client.get('audit-log', { query: { cursor: 'nonsense' } }), 400, 'INVALID_CURSOR');
    expectValidationError(
      await ada.client.get('audit-log', { query: { limit: '500' } }),
      'querystring.limit',
    );
    expectValidationError(
      await ada.client.get('audit-log', { query: { scope: 'everyone' } }),
      'querystring.scope',
    );
  });
});

describe('everyone’s log (admins)', () => {
  it('an admin reads every member’s events with scope=all, and one member’s with member=<handle>', async () => {
    const all = await admin.client.get<AuditPage>('audit-log', { query: { scope: 'all', limit: '100' } });
    expect(all.status).toBe(200);
    const members = new Set(all.body.items.map((l) => l.member?.handle));
    expect(members).toEqual(new Set(['admin', 'ada', 'bob']));
    const bobs = await admin.client.get<AuditPage>('audit-log', { query: { scope: 'all', member: '@Bob' } });
    expect(bobs.status).toBe(200);
    expect(bobs.body.items.length).toBeGreaterThan(0);
    expect(bobs.body.items.every((l) => l.member?.handle === 'bob')).toBe(true);
    expectError(
      await admin.client.get('audit-log', { query: { scope: 'all', member: 'nobody-here' } }),
      404,
      'MEMBER_NOT_FOUND',
    );
  });

  it('refuses everyone else with 403 ADMIN_ONLY, also when they name a member', async () => {
    expectError(await ada.client.get('audit-log', { query: { scope: 'all' } }), 403, 'ADMIN_ONLY');
    expectError(await ada.client.get('audit-log', { query: { member: 'bob' } }), 403, 'ADMIN_ONLY');
    expectError(await t.client().get('audit-log', { query: { scope: 'all' } }), 401, 'UNAUTHENTICATED');
  });

  it('an admin’s own scope is still their own events', async () => {
    const res = await admin.client.get<AuditPage>('audit-log');
    expect(res.body.items.every((l) => l.member?.handle === 'admin')).toBe(true);
  });
});

if (testDialect() === 'sqlite') {
  describe('query plans', () => {
    it('each page is a LIMITed index walk: audit_log_member for one member, audit_log_time for everyone', async () => {
      for (const [fn, index] of [
        [() => ada.client.get('audit-log'), 'audit_log_member'],
        [() => admin.client.get('audit-log', { query: { scope: 'all' } }), 'audit_log_time'],
        [() => admin.client.get('audit-log', { query: { scope: 'all', member: 'bob' } }), 'audit_log_member'],
      ] as const) {
        const { queries, result } = await captureStatements(t, fn);
        expect(result.status).toBe(200);
        const list = queries.find((q) => /from "audit_log"/.test(q.sql))!;
        const plan = (await sqlitePlan(t.app.ctx.db, list)).map((l) => l.detail);
        // "SCAN … USING INDEX audit_log_time" is the ordered walk the LIMIT stops; no table scan, no sort.
        expect(plan.join('\n')).toContain(`INDEX ${index}`);
        expect(plan.join('\n')).not.toMatch(/^SCAN audit_log$|TEMP B-TREE/m);
      }
    });
  });
}
