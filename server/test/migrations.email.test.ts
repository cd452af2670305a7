// Issue 9's migration (0018 and whatever follows it) on a database that already holds members and queued email:
// stepping back to 0017 and forward again keeps every member and every queued message, gives a message queued
// before 0018 a Message-ID (so even it is resent as the same message after a crash), and leaves every member to be
// placed by the digest scheduler at the default hour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createMigrator, migrateToLatest, type Db } from '../src/db/database.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { verifiedMember, type LoopMember } from './helpers/loop.js';

let t: TestApp;
const db = (): Db => t.app.ctx.db;
let member: LoopMember;

beforeAll(async () => {
  t = await createTestApp();
  member = await verifiedMember(t);
}, 60_000);
afterAll(() => t?.close());

describe('migration 0018 (issue 9)', () => {
  it('steps back to 0017 and forward again, keeping members and queued email, fixing old rows’ Message-IDs', async () => {
    // Nothing is being sent while the rows are compared (the app's outbox drains what sign-up queued).
    await t.app.ctx.outbox.idle();
    const membersBefore = await db().selectFrom('members').select(['id', 'email', 'ledger_given']).execute();
    const outboxBefore = await db()
      .selectFrom('email_outbox')
      .select(['id', 'to_address', 'subject', 'sent_at'])
      .orderBy('id')
      .execute();
    expect(outboxBefore.length).toBeGreaterThan(0);

    const down = await createMigrator(db()).migrateTo('0017_needs_you');
    expect(down.error).toBeUndefined();
    // A row queued by the old code: no Message-ID yet, none of 0018's columns.
    await sql`insert into email_outbox (id, to_address, subject, text_body, html_body, created_at, next_attempt_at, attempts)
      values ('0000old', 'old@example.com', 'Old', 'text', '<p>html</p>', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 0)`.execute(
      db(),
    );

    const applied = await migrateToLatest(db());
    expect(applied[0]).toBe('0018_email');

    const membersAfter = await db().selectFrom('members').select(['id', 'email', 'ledger_given']).execute();
    expect(membersAfter).toEqual(membersBefore);
    const outboxAfter = await db()
      .selectFrom('email_outbox')
      .select(['id', 'to_address', 'subject', 'sent_at', 'message_id', 'kind', 'headers', 'failed_at'])
      .orderBy('id')
      .execute();
    const old = outboxAfter.find((r) => r.id === '0000old');
    expect(old).toMatchObject({ message_id: '<0000old@slipstream.local>', kind: 'account', headers: '{}' });
    expect(old?.failed_at).toBeNull();
    // Every row that was there before is there after, unchanged where 0018 did not touch it.
    expect(
      outboxAfter
        .filter((r) => r.id !== '0000old')
        .map(({ id, to_address, subject, sent_at }) => ({
          id,
          to_address,
          subject,
          sent_at,
        })),
    ).toEqual(outboxBefore);
    expect(outboxAfter.every((r) => r.message_id !== null)).toBe(true);

    const placed = await db()
      .selectFrom('members')
      .select(['digest_hour', 'digest_next_at', 'digest_since'])
      .where('id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(placed).toEqual({ digest_hour: 8, digest_next_at: null, digest_since: null });

    // The new tables take rows, and the digest claim is unique per member and local date.
    const claim = {
      member_id: member.id,
      local_date: '2026-12-01',
      message_id: '<d1@slipstream.local>',
      claimed_at: '2026-12-01T08:00:00.000Z',
      status: 'empty' as const,
      outbox_id: null,
    };
    await db().insertInto('digests').values(claim).execute();
    await expect(
      db()
        .insertInto('digests')
        .values({ ...claim, message_id: '<d2@slipstream.local>' })
        .execute(),
    ).rejects.toThrow();
    await db()
      .insertInto('email_preferences')
      .values({ member_id: member.id, kind: 'offer_received', mode: 'off', updated_at: claim.claimed_at })
      .execute();
    await db().deleteFrom('digests').execute();
    await db().deleteFrom('email_preferences').execute();
    await db().deleteFrom('email_outbox').where('id', '=', '0000old').execute();
  });
});
