// Issue 9 — delivery a crash cannot change. The outbox sends over real SMTP (a test server on 127.0.0.1)
// and to `.eml` files: the Message-ID that arrives is the row's, on the instance's domain; a temporary
// refusal (4xx) comes back later with growing backoff; a permanent one (5xx) stops at once and is kept for
// admins; a row resent after a crash is the same message (and the same file).
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, emlFileName, type Mailer } from '../src/email/mailer.js';
import {
  backoffMs,
  CLAIM_MS,
  createOutbox,
  enqueueEmail,
  MAX_ATTEMPTS,
  type Outbox,
  type QueuedEmail,
} from '../src/email/outbox.js';
import * as outboxRepo from '../src/email/outbox.repository.js';
import { addMs, DAY, iso, MINUTE } from '../src/shared/clock.js';
import { idTime } from '../src/shared/ids.js';
import { createTestApp, LogCapture, type TestApp } from './helpers/app.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { captureStatements, sqlitePlan } from './helpers/statements.js';
import { testDialect } from './setup/database.js';

let t: TestApp;
let smtp: TestSmtpServer;
let mailer: Mailer;
let outbox: Outbox;
const logs = new LogCapture();

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'https://slip.example.org' } });
  smtp = await startSmtpServer();
  mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: t.config.mailFrom });
  outbox = createOutbox(t.app.ctx.db, mailer, t.clock, pino({ level: 'info' }, logs));
});
afterAll(async () => {
  await outbox?.idle();
  mailer?.close();
  await smtp?.close();
  await t?.close();
});
beforeEach(() => smtp.clear());

const db = () => t.app.ctx.db;
const row = (id: string) =>
  db().selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const SECRET_BODY = 'the body says a secret thing 7f3a';
function email(overrides: Partial<QueuedEmail> = {}): QueuedEmail {
  return {
    to: 'reader@example.net',
    subject: 'An offer waits for you',
    text: `Hello. ${SECRET_BODY}`,
    html: `<p>Hello. ${SECRET_BODY}</p>`,
    kind: 'offer_received',
    headers: {
      'List-Unsubscribe': '<https://slip.example.org/api/v1/email/unsubscribe?token=abc>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    ...overrides,
  };
}

const enqueue = (overrides: Partial<QueuedEmail> = {}) =>
  enqueueEmail(t.app.ctx, db(), email(overrides), t.clock.now());

describe('delivery over SMTP', () => {
  it("sends the row's Message-ID, on the instance domain, with its headers, and records the reply", async () => {
    const { id, messageId } = await enqueue();
    expect(messageId).toBe(`<${id}@slip.example.org>`);

    expect(await outbox.drain()).toBe(1);
    const [got] = await smtp.waitFor(1);
    expect(got!.messageId).toBe(messageId);
    expect(got!.header('list-unsubscribe')).toBe(
      '<https://slip.example.org/api/v1/email/unsubscribe?token=abc>',
    );
    expect(got!.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(got!.to).toEqual(['reader@example.net']);

    const r = await row(id);
    expect(r.sent_at).toBe(iso(t.clock.now()));
    expect(r.message_id).toBe(messageId);
    expect(r.smtp_response).toMatch(/^250\b/);
    expect(r.attempts).toBe(1);
    expect(r.failed_at).toBeNull();
    // Sent rows are not sent again.
    expect(await outbox.drain()).toBe(0);
  });

  it('keeps a Message-ID fixed earlier (the digest claim)', async () => {
    const { id } = await enqueue({ messageId: '<digest-2026-01-15-x@slip.example.org>' });
    await outbox.drain();
    const [got] = await smtp.waitFor(1);
    expect(got!.messageId).toBe('<digest-2026-01-15-x@slip.example.org>');
    expect((await row(id)).message_id).toBe('<digest-2026-01-15-x@slip.example.org>');
  });

  it('retries a 451 later, each wait longer, then delivers the same message', async () => {
    const { id, messageId } = await enqueue();
    smtp.failNext(451, 2);

    expect(await outbox.drain()).toBe(0);
    let r = await row(id);
    expect(r.sent_at).toBeNull();
    expect(r.failed_at).toBeNull();
    expect(r.last_error).toMatch(/451/);
    const firstWait = Date.parse(r.next_attempt_at) - t.clock.now().getTime();
    expect(firstWait).toBeGreaterThanOrEqual(0.9 * MINUTE);
    expect(firstWait).toBeLessThanOrEqual(1.1 * MINUTE);

    // Not due yet: nothing happens.
    t.clock.advance(0.5 * MINUTE);
    expect(await outbox.drain()).toBe(0);
    expect((await row(id)).attempts).toBe(1);

    t.clock.advance(MINUTE);
    expect(await outbox.drain()).toBe(0);
    r = await row(id);
    expect(r.attempts).toBe(2);
    const secondWait = Date.parse(r.next_attempt_at) - t.clock.now().getTime();
    expect(secondWait).toBeGreaterThanOrEqual(1.8 * MINUTE);
    expect(secondWait).toBeLessThanOrEqual(2.2 * MINUTE);
    expect(secondWait).toBeGreaterThan(firstWait);

    t.clock.advance(3 * MINUTE);
    expect(await outbox.drain()).toBe(1);
    const [got] = await smtp.waitFor(1);
    expect(got!.messageId).toBe(messageId);
    r = await row(id);
    expect(r.sent_at).not.toBeNull();
    expect(r.last_error).toBeNull();
    expect(r.attempts).toBe(3);
  });

  it('stops at once on a 550: failed_at and last_error set, never retried', async () => {
    const { id } = await enqueue({ to: 'nobody@example.net' });
    smtp.failNext(550);
    expect(await outbox.drain()).toBe(0);
    const r = await row(id);
    expect(r.failed_at).toBe(iso(t.clock.now()));
    expect(r.last_error).toMatch(/550/);
    expect(r.sent_at).toBeNull();

    t.clock.advance(2 * DAY);
    expect(await outbox.drain()).toBe(0);
    expect((await row(id)).attempts).toBe(1);
    expect(smtp.received).toHaveLength(0);
  });

  it('fails for good when the last attempt fails, even temporarily', async () => {
    const { id } = await enqueue();
    await db()
      .updateTable('email_outbox')
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where('id', '=', id)
      .execute();
    smtp.failNext(421);
    await outbox.drain();
    const r = await row(id);
    expect(r.attempts).toBe(MAX_ATTEMPTS);
    expect(r.failed_at).not.toBeNull();
    expect(r.last_error).toMatch(/421/);
  });

  it('treats a server that cannot be reached as temporary', async () => {
    const down = await startSmtpServer();
    await down.close();
    const unreachable = createMailer({
      smtpUrl: down.url,
      outboxDir: '/nonexistent',
      from: t.config.mailFrom,
    });
    const other = createOutbox(db(), unreachable, t.clock, pino({ level: 'silent' }));
    const { id } = await enqueue();
    await other.drain();
    unreachable.close();
    const r = await row(id);
    expect(r.failed_at).toBeNull();
    expect(r.last_error).toBeTruthy();
    expect(Date.parse(r.next_attempt_at)).toBeGreaterThan(t.clock.now().getTime());
    // Deliver it, so later tests start from an empty queue.
    t.clock.advance(2 * MINUTE);
    expect(await outbox.drain()).toBe(1);
  });

  it('gives up on a server that accepts the connection and says nothing, and tries again later', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket)); // never greets
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const hung = createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      outboxDir: '/nonexistent',
      from: t.config.mailFrom,
      timeouts: { greetingTimeout: 200, deadlineMs: 1000 },
    });
    const other = createOutbox(db(), hung, t.clock, pino({ level: 'silent' }));
    try {
      const { id } = await enqueue();
      const started = Date.now();
      await other.drain();
      expect(Date.now() - started).toBeLessThan(3000);
      const r = await row(id);
      expect(r.failed_at).toBeNull();
      expect(r.sent_at).toBeNull();
      expect(r.last_error).toMatch(/greeting|timeout/i);
      expect(Date.parse(r.next_attempt_at)).toBeGreaterThan(t.clock.now().getTime());
      t.clock.advance(2 * MINUTE);
      expect(await outbox.drain()).toBe(1);
    } finally {
      hung.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a claimed row waits for its claim to end; a resend after a crash is the same message', async () => {
    const { id, messageId } = await enqueue();
    const now = t.clock.now();
    // A process claims the row and dies before marking it sent.
    expect(await outboxRepo.claimEmail(db(), id, iso(now), iso(addMs(now, CLAIM_MS)))).toBeDefined();
    expect(await outbox.drain()).toBe(0);
    t.clock.advance(CLAIM_MS - 1000);
    expect(await outbox.drain()).toBe(0);
    t.clock.advance(1000);
    expect(await outbox.drain()).toBe(1);
    const [got] = await smtp.waitFor(1);
    expect(got!.messageId).toBe(messageId);
    expect((await row(id)).attempts).toBe(2);
  });

  it('logs a failure with the row id and the reply, never the body or the address', async () => {
    await enqueue({ to: 'private-person@example.net' });
    smtp.failNext(550);
    await outbox.drain();
    const line = logs.lines.find((l) => l.msg === 'email refused permanently');
    expect(line).toMatchObject({ kind: 'offer_received', responseCode: 550 });
    expect(line!.emailId).toBeTruthy();
    expect(logs.text).not.toContain(SECRET_BODY);
    expect(logs.text).not.toContain('private-person@example.net');
  });
});

// EXPLAIN QUERY PLAN is SQLite's.
if (testDialect() === 'sqlite') {
  describe('the drain walks email_outbox_pending (SQLite plans)', () => {
    it('finds due rows by one range of the partial index and claims each by its key', async () => {
      await enqueue();
      const { queries } = await captureStatements(t, () =>
        createOutbox(t.app.ctx.db, mailer, t.clock, pino({ level: 'silent' })).drain(),
      );
      const due = queries.find((q) => /^select/i.test(q.sql) && /from "email_outbox"/.test(q.sql))!;
      const plan = (await sqlitePlan(db(), due)).map((l) => l.detail).join('\n');
      expect(plan, due.sql).toMatch(
        /^SEARCH email_outbox USING (COVERING )?INDEX email_outbox_pending \(next_attempt_at<\?\)$/,
      );
      const claim = queries.find((q) => /^update "email_outbox" set "claimed_until"/.test(q.sql))!;
      const claimPlan = (await sqlitePlan(db(), claim)).map((l) => l.detail).join('\n');
      expect(claimPlan, claim.sql).toMatch(
        /USING INDEX sqlite_autoindex_email_outbox_1 \(id=\?\)|USING INTEGER PRIMARY KEY/,
      );
    });
  });
}

describe('backoff', () => {
  it('doubles from a minute, is capped at an hour, and jitters by at most 10 %', () => {
    expect(backoffMs(1, 0.5)).toBe(MINUTE);
    expect(backoffMs(2, 0.5)).toBe(2 * MINUTE);
    expect(backoffMs(5, 0.5)).toBe(16 * MINUTE);
    expect(backoffMs(9, 0.5)).toBe(60 * MINUTE);
    expect(backoffMs(30, 0.5)).toBe(60 * MINUTE);
    expect(backoffMs(3, 0)).toBe(0.9 * 4 * MINUTE);
    expect(backoffMs(3, 0.999999)).toBeLessThanOrEqual(1.1 * 4 * MINUTE);
  });
});

/** A process id that is not running (ids stop at 2^22 on Linux). */
const DEAD_PID = 4_194_305;

describe('the .eml file transport', () => {
  let dir: string;
  let files: Mailer;
  let fileOutbox: Outbox;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipstream-eml-'));
    files = createMailer({ outboxDir: dir, from: t.config.mailFrom });
    fileOutbox = createOutbox(db(), files, t.clock, pino({ level: 'silent' }));
  });
  afterAll(() => files?.close());

  it('writes one whole file per row, named from the row, and a resend replaces it', async () => {
    // Temporary files left by processes killed mid-write (one just now, one long ago): swept on the first
    // write. A live process's file (ours, another's) is left alone.
    await writeFile(join(dir, `.${DEAD_PID}-aaaa.tmp`), 'half a mess');
    const stale = join(dir, '.deadbeef.tmp');
    await writeFile(stale, 'half a mess');
    const old = new Date(Date.now() - DAY);
    await utimes(stale, old, old);
    const live = `.${process.ppid}-bbbb.tmp`;
    await writeFile(join(dir, live), 'being written');

    const { id, messageId } = await enqueue();
    expect(await fileOutbox.drain()).toBe(1);
    const name = emlFileName({ outboxId: id, messageId });
    expect(name.startsWith(idTime(id)!.toISOString().replace(/[:.]/g, '-'))).toBe(true);
    expect((await readdir(dir)).sort()).toEqual([live, name].sort());
    await rm(join(dir, live));
    const first = await readFile(join(dir, name), 'utf8');
    expect(first).toContain(`Message-ID: ${messageId}`);
    expect(first).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect((await row(id)).smtp_response).toBe(`written to ${name}`);

    // A crash between writing and the UPDATE: the row is sent again, into the same file.
    await db()
      .updateTable('email_outbox')
      .set({ sent_at: null, next_attempt_at: iso(t.clock.now()) })
      .where('id', '=', id)
      .execute();
    expect(await fileOutbox.drain()).toBe(1);
    expect(await readdir(dir)).toEqual([name]);
    const second = await readFile(join(dir, name), 'utf8');
    expect(second).toContain(`Message-ID: ${messageId}`);
  });

  it('lists in the order the rows were written', async () => {
    t.clock.advance(MINUTE);
    const a = await enqueue({ subject: 'first' });
    t.clock.advance(MINUTE);
    const b = await enqueue({ subject: 'second' });
    await fileOutbox.drain();
    const names = (await readdir(dir)).sort();
    expect(names.slice(-2)).toEqual([
      emlFileName({ outboxId: a.id, messageId: a.messageId }),
      emlFileName({ outboxId: b.id, messageId: b.messageId }),
    ]);
    expect(names.every((n) => n.endsWith('.eml'))).toBe(true);
  });
});
