import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { addMs, iso, MINUTE } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Config } from '../config/env.js';
import type { Mailer, OutgoingEmail } from './mailer.js';
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

const CLAIM_MS = 2 * MINUTE;
const MAX_ATTEMPTS = 8;

export interface Outbox {
  /** Sends everything due now; returns how many were sent. */
  drain(): Promise<number>;
  /** Asks for a drain soon, without waiting (called after a commit that enqueued mail). */
  kick(): void;
  /** Waits for any drain in progress. */
  idle(): Promise<void>;
}

export function createOutbox(db: Db, mailer: Mailer, clock: Clock, log: Logger): Outbox {
  let running: Promise<number> | undefined;
  let again = false;

  async function drainOnce(): Promise<number> {
    let sent = 0;
    for (let batch = 0; batch < 20; batch++) {
      const now = clock.now();
      const due = await repo.listDue(db, iso(now), MAX_ATTEMPTS, 25);
      if (due.length === 0) break;
      for (const id of due) {
        const row = await repo.claimEmail(db, id, iso(now), iso(addMs(now, CLAIM_MS)));
        if (!row) continue; // another process has it
        try {
          const { messageId } = await mailer.send({
            to: row.to_address,
            subject: row.subject,
            text: row.text_body,
            html: row.html_body,
            // Every row has one (0018 gave older rows theirs); the fallback only satisfies the type.
            messageId: row.message_id ?? `<${row.id}@slipstream.local>`,
            headers: JSON.parse(row.headers) as Record<string, string>,
          });
          await repo.markSent(db, id, iso(clock.now()), messageId);
          sent++;
        } catch (error) {
          const backoff = Math.min(60, 2 ** row.attempts) * MINUTE;
          log.warn({ err: error, emailId: id }, 'email send failed; will retry');
          await repo.markFailed(
            db,
            id,
            String((error as Error).message ?? error).slice(0, 500),
            iso(addMs(clock.now(), backoff)),
          );
        }
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
    kick() {
      setImmediate(() => {
        drain().catch((error: unknown) => log.error({ err: error }, 'outbox drain failed'));
      });
    },
    async idle() {
      while (running) await running.catch(() => undefined);
    },
  };
}
