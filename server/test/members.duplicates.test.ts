// Duplicate handles and emails are answered by `ON CONFLICT`, never by catching an error: on PostgreSQL an
// error aborts the whole transaction, and sign-up goes on after a clash (to answer, or to email the owner).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { registerMember, registrationBody } from './helpers/factories.js';
import { answeredWorkIdle } from '../src/modules/auth/background.js';
import { secondApp } from './helpers/loop.js';
import * as membersRepo from '../src/modules/members/members.repository.js';
import { newId } from '../src/shared/ids.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

function memberRow(handle: string, email: string) {
  const now = t.clock.now();
  return {
    id: newId(now),
    handle,
    email,
    email_verified_at: null,
    password_hash: 'x',
    name: 'Someone',
    headline: '',
    bio: '',
    time_zone: 'UTC',
    links: '[]',
    capacity: 2,
    role: 'member' as const,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
}

describe('insertMember', () => {
  it('reports a clash and leaves the transaction usable', async () => {
    const existing = await registerMember(t.app, { handle: 'clash_owner' });
    const results = await t.app.ctx.db.transaction().execute(async (trx) => {
      const byHandle = await membersRepo.insertMember(trx, memberRow('clash_owner', 'new1@example.org'));
      const byEmail = await membersRepo.insertMember(trx, memberRow('clash_new', existing.email));
      // The transaction goes on after both clashes, and commits.
      const fine = await membersRepo.insertMember(trx, memberRow('clash_fine', 'new2@example.org'));
      return { byHandle, byEmail, fine, count: await membersRepo.countMembers(trx) };
    });
    expect(results).toMatchObject({ byHandle: 'handle', byEmail: 'email', fine: 'ok' });
    expect(await membersRepo.findMemberByHandle(t.app.ctx.db, 'clash_fine')).toBeDefined();
    expect(await membersRepo.findMemberByHandle(t.app.ctx.db, 'clash_new')).toBeUndefined();
  });
});

describe('simultaneous sign-ups', () => {
  it('with one handle, from two processes: every answer 202, one account, no failure after the answers', async () => {
    const second = await secondApp(t);
    const failures = [vi.spyOn(t.app.ctx.log, 'error'), vi.spyOn(second.ctx.log, 'error')];
    try {
      const replies = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? second : t.app).inject({
            method: 'POST',
            url: '/api/v1/auth/register',
            payload: registrationBody({ handle: 'same_handle' }),
          }),
        ),
      );
      expect(replies.map((r) => r.statusCode)).toEqual(Array(6).fill(202));
      await Promise.all([answeredWorkIdle(t.app.ctx), answeredWorkIdle(second.ctx)]);
      const rows = await t.app.ctx.db
        .selectFrom('members')
        .select('id')
        .where('handle', '=', 'same_handle')
        .execute();
      expect(rows).toHaveLength(1);
      for (const f of failures) expect(f).not.toHaveBeenCalled();
      // Once it is taken, the answer says so at once.
      const late = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: registrationBody({ handle: 'same_handle' }),
      });
      expect(late.statusCode).toBe(409);
    } finally {
      for (const f of failures) f.mockRestore();
      await second.close();
    }
  });

  it('with one email, from two processes: every answer 202, one account, no failure after the answers', async () => {
    const second = await secondApp(t);
    const failures = [vi.spyOn(t.app.ctx.log, 'error'), vi.spyOn(second.ctx.log, 'error')];
    const email = 'same.email@example.org';
    try {
      const replies = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? second : t.app).inject({
            method: 'POST',
            url: '/api/v1/auth/register',
            payload: registrationBody({ email }),
          }),
        ),
      );
      expect(replies.map((r) => r.statusCode)).toEqual(Array(6).fill(202));
      for (const r of replies) expect(JSON.parse(r.body)).toEqual({ status: 'confirmation_sent', email });
      await Promise.all([answeredWorkIdle(t.app.ctx), answeredWorkIdle(second.ctx)]);
      for (const f of failures) expect(f).not.toHaveBeenCalled();
      const rows = await t.app.ctx.db.selectFrom('members').select('id').where('email', '=', email).execute();
      expect(rows).toHaveLength(1);
    } finally {
      for (const f of failures) f.mockRestore();
      await second.close();
    }
  });
});
