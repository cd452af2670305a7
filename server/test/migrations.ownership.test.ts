// Issue 10's migration (0020 and whatever follows it) on a database that already holds members, overflow and an
// admin's audit lines: stepping back to 0019 and forward again keeps every member and posting, moves each
// admin_audit line into audit_log (a read of a member's data then concerns that member), and leaves nobody
// suspended, leaving or hidden. Stepping back again restores admin_audit from the admins' lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createMigrator, migrateToLatest, type Db } from '../src/db/database.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { postOverflow, verifiedMember, type LoopMember } from './helpers/loop.js';

let t: TestApp;
const db = (): Db => t.app.ctx.db;
let member: LoopMember;
let overflowId: string;

beforeAll(async () => {
  t = await createTestApp();
  member = await verifiedMember(t);
  overflowId = (await postOverflow(member.client, { title: 'Proofread the handbook' })).id;
}, 60_000);
afterAll(() => t?.close());

describe('migration 0020 (issue 10)', () => {
  it('steps back to 0019 and forward again, keeping members, overflow and the admin audit', async () => {
    const membersBefore = await db()
      .selectFrom('members')
      .select(['id', 'email', 'handle', 'role'])
      .execute();
    const overflowBefore = await db().selectFrom('overflow').select(['id', 'title', 'status']).execute();

    const down = await createMigrator(db()).migrateTo('0019_outbox_admin');
    expect(down.error).toBeUndefined();
    // Lines written by the old code: one about a member, one about an email.
    await sql`insert into admin_audit (id, actor_id, action, subject_type, subject_id, detail, created_at) values
      ('0000a1', ${member.id}, 'member.read', 'member', ${member.id}, '{"why":"test"}', '2026-01-01T00:00:00.000Z'),
      ('0000a2', ${member.id}, 'email.outbox.read', 'email_outbox', 'x1', '{}', '2026-01-02T00:00:00.000Z')`.execute(
      db(),
    );

    await migrateToLatest(db());

    expect(await db().selectFrom('members').select(['id', 'email', 'handle', 'role']).execute()).toEqual(
      membersBefore,
    );
    expect(await db().selectFrom('overflow').select(['id', 'title', 'status']).execute()).toEqual(
      overflowBefore,
    );
    const fresh = await db()
      .selectFrom('members')
      .select(['suspended_at', 'deletion_requested_at', 'deletion_due_at', 'deleted_at'])
      .where('id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(fresh).toEqual({
      suspended_at: null,
      deletion_requested_at: null,
      deletion_due_at: null,
      deleted_at: null,
    });
    const posting = await db()
      .selectFrom('overflow')
      .select('hidden_at')
      .where('id', '=', overflowId)
      .executeTakeFirstOrThrow();
    expect(posting.hidden_at).toBeNull();

    const lines = await db()
      .selectFrom('audit_log')
      .select(['id', 'member_id', 'actor_id', 'action', 'subject_type', 'subject_id', 'detail', 'ip'])
      .where('id', 'in', ['0000a1', '0000a2'])
      .orderBy('id')
      .execute();
    expect(lines).toEqual([
      {
        id: '0000a1',
        member_id: member.id,
        actor_id: member.id,
        action: 'member.read',
        subject_type: 'member',
        subject_id: member.id,
        detail: '{"why":"test"}',
        ip: null,
      },
      {
        id: '0000a2',
        member_id: null,
        actor_id: member.id,
        action: 'email.outbox.read',
        subject_type: 'email_outbox',
        subject_id: 'x1',
        detail: '{}',
        ip: null,
      },
    ]);

    // The new tables take rows.
    await db()
      .insertInto('reports')
      .values({
        id: 'r1',
        reporter_id: member.id,
        subject_type: 'overflow',
        subject_id: overflowId,
        subject_member_id: member.id,
        reason: 'spam',
        status: 'open',
        resolved_by: null,
        resolved_at: null,
        resolution_note: null,
        created_at: '2026-12-01T00:00:00.000Z',
      })
      .execute();
    await db()
      .insertInto('member_exports')
      .values({
        id: 'x1',
        member_id: member.id,
        status: 'queued',
        token_hash: null,
        data: null,
        bytes: null,
        error: null,
        claimed_until: null,
        created_at: '2026-12-01T00:00:00.000Z',
        started_at: null,
        ready_at: null,
        expires_at: null,
      })
      .execute();
    await db().deleteFrom('reports').execute();
    await db().deleteFrom('member_exports').execute();

    // And back: admin_audit holds the lines an admin wrote.
    const again = await createMigrator(db()).migrateTo('0019_outbox_admin');
    expect(again.error).toBeUndefined();
    const restored = await sql<{ id: string; action: string }>`select id, action from admin_audit
      where id in ('0000a1', '0000a2') order by id`.execute(db());
    expect(restored.rows).toEqual([
      { id: '0000a1', action: 'member.read' },
      { id: '0000a2', action: 'email.outbox.read' },
    ]);
    await migrateToLatest(db());
  });
});
