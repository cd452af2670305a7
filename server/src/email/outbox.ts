import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { addMs, iso, MINUTE } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Mailer, OutgoingEmail } from './mailer.js';

/**
 * Emails are rows written in the same transaction as the change that causes them, then drained by a
 * job. A crash can delay an email but never lose it, and the per-row claim means two processes never
 * send the same row.
 */
export async function enqueueEmail(db: Db, email: OutgoingEmail, now: Date): Promise<void> {
  await db
    .insertInto('email_outbox')
    .values({
      id: newId(now),
      to_address: email.to,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html,
      created_at: iso(now),
      next_attempt_at: iso(now),
      attempts: 0,
    })
    .execute();
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
      const due = await db
        .selectFrom('email_outbox')
        .select(['id'])
        .where('sent_at', 'is', null)
        .where('next_attempt_at', '<=', iso(now))
        .where('attempts', '<', MAX_ATTEMPTS)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', iso(now))]))
        .orderBy('next_attempt_at')
        .limit(25)
        .execute();
      if (due.length === 0) break;
      for (const { id } of due) {
        const claim = await db
          .updateTable('email_outbox')
          .set((eb) => ({ claimed_until: iso(addMs(now, CLAIM_MS)), attempts: eb('attempts', '+', 1) }))
          .where('id', '=', id)
          .where('sent_at', 'is', null)
          .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', iso(now))]))
          .executeTakeFirst();
        if (Number(claim.numUpdatedRows) !== 1) continue; // another process has it
        const row = await db
          .selectFrom('email_outbox')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        try {
          const { messageId } = await mailer.send({
            to: row.to_address,
            subject: row.subject,
            text: row.text_body,
            html: row.html_body,
          });
          await db
            .updateTable('email_outbox')
            .set({ sent_at: iso(clock.now()), message_id: messageId, claimed_until: null, last_error: null })
            .where('id', '=', id)
            .execute();
          sent++;
        } catch (error) {
          const backoff = Math.min(60, 2 ** row.attempts) * MINUTE;
          log.warn({ err: error, emailId: id }, 'email send failed; will retry');
          await db
            .updateTable('email_outbox')
            .set({
              claimed_until: null,
              last_error: String((error as Error).message ?? error).slice(0, 500),
              next_attempt_at: iso(addMs(clock.now(), backoff)),
            })
            .where('id', '=', id)
            .execute();
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
