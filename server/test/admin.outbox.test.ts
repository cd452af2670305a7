// Issue 9 — the admin outbox: recent rows newest first (keyset pages), filtered by status, each one index
// walk; one message with its content, and every such read in the admin audit. Admins only.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../src/email/mailer.js';
import { createOutbox, enqueueEmail, type QueuedEmail } from '../src/email/outbox.js';
import { addMs, DAY, iso, MINUTE } from '../src/shared/clock.js';
import { expectErrorShape } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { TestClient, TestResponse } from './helpers/client.js';
import { registerMember } from './helpers/factories.js';
import { verifiedMember, verifyEmail, type LoopMember } from './helpers/loop.js';
import { startSmtpServer } from './helpers/smtp.js';
import { captureStatements, sqlitePlan } from './helpers/statements.js';
import { testDialect } from './setup/database.js';

interface Item {
  id: string;
  to: string;
  subject: string;
  kind: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  failedAt: string | null;
  nextAttemptAt: string | null;
  messageId: string | null;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

let t: TestApp;
let admin: TestClient;
let adminId: string;
let member: LoopMember;
const seeded: Record<Item['status'], string[]> = { pending: [], sent: [], failed: [] };

const db = () => t.app.ctx.db;

function email(subject: string, overrides: Partial<QueuedEmail> = {}): QueuedEmail {
  return {
    to: 'reader@example.net',
    subject,
    text: `Text of ${subject}`,
    html: `<p>HTML of ${subject}</p>`,
    kind: 'offer_received',
    headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    ...overrides,
  };
}

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'https://slip.example.org' } });
  // The first account on an instance is its administrator.
  const first = await registerMember(t.app, { handle: 'outboxadmin' });
  await verifyEmail(t, first.email);
  admin = first.client;
  adminId = first.member.id;
  member = await verifiedMember(t);
  await t.sendQueuedMail();
  // The account emails above are sent; add rows of each status, one minute apart, none of them due.
  const later = iso(addMs(t.clock.now(), DAY));
  for (let i = 0; i < 9; i++) {
    t.clock.advance(MINUTE);
    const status = (['pending', 'sent', 'failed'] as const)[i % 3]!;
    const { id } = await enqueueEmail(t.app.ctx, db(), email(`${status} ${i}`), t.clock.now());
    const now = iso(t.clock.now());
    await db()
      .updateTable('email_outbox')
      .set(
        status === 'pending'
          ? { next_attempt_at: later, attempts: 1, last_error: '451 try later' }
          : status === 'sent'
            ? { sent_at: now, attempts: 1, smtp_response: '250 OK' }
            : { failed_at: now, attempts: 1, last_error: '550 no such user' },
      )
      .where('id', '=', id)
      .execute();
    seeded[status].push(id);
  }
}, 60_000);
afterAll(() => t?.close());

async function allPages(query: Record<string, string>): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const res: TestResponse<Page> = await admin.get<Page>('admin/outbox', {
      query: { ...query, ...(cursor && { cursor }) },
    });
    expect(res.status, res.text).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('too many pages');
}

const newestFirst = (items: Item[]) =>
  [...items].sort((a, b) => (b.createdAt + b.id).localeCompare(a.createdAt + a.id));

describe('adminListOutbox', () => {
  it('pages through every row newest first, without repeats', async () => {
    const items = await allPages({ limit: '2' });
    const total = await db().selectFrom('email_outbox').select('id').execute();
    expect(items).toHaveLength(total.length);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items).toEqual(newestFirst(items));
    // The newest row first, in the contract's shape.
    const newest = items[0]!;
    expect(newest).toEqual({
      id: seeded.failed.at(-1),
      to: 'reader@example.net',
      subject: 'failed 8',
      kind: 'offer_received',
      status: 'failed',
      attempts: 1,
      lastError: '550 no such user',
      createdAt: iso(t.clock.now()),
      sentAt: null,
      failedAt: iso(t.clock.now()),
      nextAttemptAt: null,
      messageId: `<${seeded.failed.at(-1)}@slip.example.org>`,
    });
    // The account emails of the sign-ups are there too, sent.
    expect(items.filter((i) => i.kind === 'account').every((i) => i.status === 'sent')).toBe(true);
  });

  it.each(['pending', 'sent', 'failed'] as const)('status=%s lists exactly those rows', async (status) => {
    const items = await allPages({ status, limit: '1' });
    expect(items.every((i) => i.status === status)).toBe(true);
    expect(items).toEqual(newestFirst(items));
    const ids = items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(seeded[status]));
    for (const other of (['pending', 'sent', 'failed'] as const).filter((s) => s !== status)) {
      for (const id of seeded[other]) expect(ids).not.toContain(id);
    }
    if (status === 'pending') {
      expect(items.every((i) => i.nextAttemptAt !== null && i.sentAt === null && i.failedAt === null)).toBe(
        true,
      );
      expect(items).toHaveLength(seeded.pending.length);
    }
    if (status === 'failed') expect(items).toHaveLength(seeded.failed.length);
  });

  it('refuses a bad status, limit or cursor with 400', async () => {
    for (const query of <Record<string, string>[]>[
      { status: 'bounced' },
      { limit: '0' },
      { limit: '101' },
      { cursor: 'not-a-cursor' },
    ]) {
      const res = await admin.get('admin/outbox', { query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expectErrorShape(res);
    }
  });

  it('is for admins only: members 403, anonymous 401', async () => {
    const asMember = await member.client.get('admin/outbox');
    expect(asMember.status).toBe(403);
    expectErrorShape(asMember);
    expect((await t.client().get('admin/outbox')).status).toBe(401);
  });

  it('shows a message a mail server refused (550) as failed, with its reply, at once', async () => {
    const smtp = await startSmtpServer();
    const mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: t.config.mailFrom });
    const outbox = createOutbox(db(), mailer, t.clock, pino({ level: 'silent' }));
    try {
      t.clock.advance(MINUTE);
      const { id } = await enqueueEmail(t.app.ctx, db(), email('refused'), t.clock.now());
      smtp.failNext(550);
      await outbox.drain();
      const res = await admin.get<Page>('admin/outbox', { query: { status: 'failed', limit: '1' } });
      expect(res.body.items[0]).toMatchObject({ id, status: 'failed', attempts: 1, nextAttemptAt: null });
      expect(res.body.items[0]!.lastError).toMatch(/550/);
      expect(res.body.items[0]!.failedAt).toBe(iso(t.clock.now()));
      seeded.failed.push(id);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });
});

describe('adminGetOutboxMessage', () => {
  const audits = () =>
    db().selectFrom('audit_log').selectAll().where('action', '=', 'email.outbox.read').execute();

  it('gives the content and headers, and puts the read in the admin audit (listing does not)', async () => {
    await allPages({});
    expect(await audits()).toHaveLength(0);

    const id = seeded.sent[0]!;
    const res = await admin.get<Item & { headers: Record<string, string>; text: string; html: string }>(
      `admin/outbox/${id}`,
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      id,
      status: 'sent',
      subject: 'sent 1',
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      text: 'Text of sent 1',
      html: '<p>HTML of sent 1</p>',
      messageId: `<${id}@slip.example.org>`,
    });
    const rows = await audits();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_id: adminId,
      subject_type: 'email_outbox',
      subject_id: id,
      created_at: iso(t.clock.now()),
    });
    expect(JSON.parse(rows[0]!.detail)).toEqual({ kind: 'offer_received', memberId: null });
  });

  it('answers 404 for an unknown id (and records nothing); members 403, anonymous 401', async () => {
    const before = (await audits()).length;
    const missing = await admin.get('admin/outbox/nope');
    expect(missing.status).toBe(404);
    expectErrorShape(missing);
    const id = seeded.sent[0]!;
    const asMember = await member.client.get(`admin/outbox/${id}`);
    expect(asMember.status).toBe(403);
    expectErrorShape(asMember);
    expect((await t.client().get(`admin/outbox/${id}`)).status).toBe(401);
    expect(await audits()).toHaveLength(before);
  });
});

// EXPLAIN QUERY PLAN is SQLite's.
if (testDialect() === 'sqlite') {
  describe('index walks (SQLite plans)', () => {
    it.each([
      [undefined, 'email_outbox_created'],
      ['pending', 'email_outbox_pending_created'],
      ['sent', 'email_outbox_sent_created'],
      ['failed', 'email_outbox_failed_created'],
    ])('status=%s walks %s, with a cursor too, and sorts nothing', async (status, index) => {
      const first = await admin.get<Page>('admin/outbox', {
        query: { limit: '1', ...(status && { status }) },
      });
      const cursor = first.body.nextCursor!;
      expect(cursor).toBeTruthy();
      const variants: Record<string, string>[] = [{}, { cursor }];
      for (const query of variants) {
        const { queries } = await captureStatements(t, () =>
          admin.get('admin/outbox', { query: { limit: '1', ...query, ...(status && { status }) } }),
        );
        const list = queries.find((q) => /from "email_outbox"/.test(q.sql))!;
        const plan = (await sqlitePlan(db(), list)).map((l) => l.detail).join('\n');
        expect(plan, list.sql).toContain(`USING INDEX ${index}`);
        expect(plan, list.sql).not.toMatch(/TEMP B-TREE|^SCAN email_outbox$/m);
      }
    });
  });
}
