import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { addMs, iso, MINUTE } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Config } from '../config/env.js';
import type { EmailOutboxRow } from '../db/schema.js';
import { SEND_DEADLINE_MS, toSendError, type Mailer, type OutgoingEmail } from './mailer.js';
import * as repo from './outbox.repository.js';

/**
 * Emails are rows written in the same transaction as the change that causes them, then drained by a
 * job. A crash can delay an email but never lose it, and the per-row claim means two processes never
 * send the same row.
 */
export interface QueuedEmail extends OutgoingEmail {
  /** The member it is for (event emails, digests). */
  memberId?: string | undefined;
  /** A notification type, 'digest', or 'account' (the default). */
  kind?: string | undefined;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string> | undefined;
  /** A Message-ID fixed earlier (the digest's, at its claim); otherwise one is made from the row id. */
  messageId?: string | undefined;
}

/** The instance's mail domain, for Message-IDs: the host of PUBLIC_URL. */
export function mailDomain(config: Config): string {
  return new URL(config.publicUrl).hostname || 'slipstream.local';
}

/** A Message-ID on the instance's domain for a new id. */
export function messageIdFor(config: Config, id: string): string {
  return `<${id}@${mailDomain(config)}>`;
}

/** Writes the row (in the caller's transaction) with its Message-ID fixed now. */
export async function enqueueEmail(
  ctx: { config: Config },
  db: Db,
  email: QueuedEmail,
  now: Date,
): Promise<{ id: string; messageId: string }> {
  const id = newId(now);
  const messageId = email.messageId ?? messageIdFor(ctx.config, id);
  await repo.insertEmail(db, {
    id,
    to_address: email.to,
    subject: email.subject,
    text_body: email.text,
    html_body: email.html,
    created_at: iso(now),
    next_attempt_at: iso(now),
    attempts: 0,
    message_id: messageId,
    member_id: email.memberId ?? null,
    kind: email.kind ?? 'account',
    headers: JSON.stringify(email.headers ?? {}),
  });
  return { id, messageId };
}

/**
 * How long a claim holds a row. A send gives up after SEND_DEADLINE_MS (60 s; the SMTP connection, greeting
 * and socket timeouts sit inside it), so 3 minutes leaves room for the database round trips and a slow
 * event loop without another process ever sending a row whose send is still running. It is also the
 * longest a row waits after a process dies holding it: short, so the one permitted repeat (a kill between
 * SMTP acceptance and the UPDATE that marks the row sent) happens soon and with the same Message-ID.
 */
export const CLAIM_MS = 3 * MINUTE;
if (CLAIM_MS <= SEND_DEADLINE_MS * 2) throw new Error('the outbox claim must outlast a send');

/**
 * Retries: 1, 2, 4, … minutes after each temporary failure, at most an hour apart, each ±10 % so rows
 * refused together do not come back together. 12 attempts span about six hours (long enough for a
 * greylisting server or a mail server restart); then the row fails for good.
 */
export const MAX_ATTEMPTS = 12;
const BACKOFF_BASE_MS = MINUTE;
const BACKOFF_CAP_MS = 60 * MINUTE;

/** The wait after the `attempts`-th failed attempt (1-based); `random` in [0, 1) gives the jitter. */
export function backoffMs(attempts: number, random: number = Math.random()): number {
  const plain = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(plain * (0.9 + 0.2 * random));
}

export interface Outbox {
  /** Sends everything due now; returns how many were sent. */
  drain(): Promise<number>;
  /**
   * Asks for a drain soon, without waiting (called after a commit that enqueued mail); with `afterMs`, that
   * long from now (for a caller still inside its transaction). `stop()` drops pending kicks.
   */
  kick(afterMs?: number): void;
  /** Waits for any drain in progress. */
  idle(): Promise<void>;
  /** On close: drops pending kicks (nothing may drain a closed database) and waits for a drain in progress. */
  stop(): Promise<void>;
}

export function createOutbox(db: Db, mailer: Mailer, clock: Clock, log: Logger): Outbox {
  let running: Promise<number> | undefined;
  let again = false;
  const pending = new Set<NodeJS.Timeout>();

  /** Sends one claimed row and records the outcome; true when it was accepted. */
  async function sendRow(row: EmailOutboxRow): Promise<boolean> {
    let result: { messageId: string; response?: string | undefined };
    try {
      result = await mailer.send({
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        // Every row has one (0018 gave older rows theirs); the fallback only satisfies the type.
        messageId: row.message_id ?? `<${row.id}@slipstream.local>`,
        headers: JSON.parse(row.headers) as Record<string, string>,
        outboxId: row.id,
      });
    } catch (caught) {
      const error = toSendError(caught);
      const now = clock.now();
      const final = error.permanent || row.attempts >= MAX_ATTEMPTS;
      // Never the body or the address: the id finds the row, and the reply says why.
      const fields = {
        emailId: row.id,
        kind: row.kind,
        attempts: row.attempts,
        responseCode: error.responseCode,
        code: error.code,
        reason: error.message,
      };
      if (final) {
        log.error(fields, error.permanent ? 'email refused permanently' : 'email failed after every attempt');
        await repo.markFailed(db, row.id, error.message, iso(now));
      } else {
        const retryAt = iso(addMs(now, backoffMs(row.attempts)));
        log.warn({ ...fields, retryAt }, 'email send failed; will retry');
        await repo.markRetry(db, row.id, error.message, retryAt);
      }
      return false;
    }
    // Straight after acceptance: a kill before this UPDATE is the only way a row is sent twice, and then
    // with the same Message-ID.
    await repo.markSent(
      db,
      row.id,
      iso(clock.now()),
      result.messageId,
      result.response?.slice(0, 500) ?? null,
    );
    return true;
  }

  async function drainOnce(): Promise<number> {
    let sent = 0;
    for (let batch = 0; batch < 20; batch++) {
      const due = await repo.listDue(db, iso(clock.now()), 25);
      if (due.length === 0) break;
      for (const id of due) {
        const now = clock.now();
        const row = await repo.claimEmail(db, id, iso(now), iso(addMs(now, CLAIM_MS)));
        if (!row) continue; // another process has it
        if (await sendRow(row)) sent++;
      }
    }
    return sent;
  }

  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await drainOnce();
      } while (again);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    drain,
    kick(afterMs = 0) {
      const timer = setTimeout(() => {
        pending.delete(timer);
        drain().catch((error: unknown) => log.error({ err: error }, 'outbox drain failed'));
      }, afterMs);
      timer.unref();
      pending.add(timer);
    },
    async idle() {
      while (running) await running.catch(() => undefined);
    },
    async stop() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      while (running) await running.catch(() => undefined);
    },
  };
}
