import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { idTime } from '../shared/ids.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What the outbox hands the mailer: the Message-ID was fixed when the row was written. */
export interface SendableEmail extends OutgoingEmail {
  messageId: string;
  headers?: Record<string, string> | undefined;
  /** The outbox row's id: the `.eml` file is named from it, so a resend replaces the same file. */
  outboxId?: string | undefined;
}

export interface Mailer {
  send(email: SendableEmail): Promise<{ messageId: string; response?: string | undefined }>;
  close(): void;
}

/**
 * A failed send. `permanent` means retrying cannot help (an SMTP 5xx reply: the address does not exist, the
 * message is refused); anything else (4xx, a refused or dropped connection, a timeout) may work later.
 */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseCode?: number | undefined,
    readonly code?: string | undefined,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** Sorts any error from a transport into permanent or temporary, keeping only what is safe to store and log. */
export function toSendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  const e = (error ?? {}) as { message?: unknown; responseCode?: unknown; code?: unknown };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : String(error);
  return new SendError(
    message.slice(0, 500),
    responseCode !== undefined && responseCode >= 500,
    responseCode,
    code,
  );
}

/**
 * SMTP time limits. Without them nodemailer waits up to 2 minutes to connect and 10 minutes on a silent
 * socket, and a hung server would hold an outbox claim that long. SEND_DEADLINE_MS bounds a whole send
 * (connect, greeting, envelope and data together); the outbox's claim is longer than it (see outbox.ts).
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
export const SEND_DEADLINE_MS = 60_000;

/**
 * Real SMTP when SMTP_URL is set; otherwise each message is written as an `.eml` file to the outbox
 * folder, so a single machine needs no mail server and every email can be opened and inspected.
 */
export function createMailer(options: {
  smtpUrl?: string;
  outboxDir: string;
  from: string;
  /** Shorter limits, for tests of a hung server. */
  timeouts?: Partial<typeof SMTP_TIMEOUTS> & { deadlineMs?: number };
}): Mailer {
  if (options.smtpUrl) return smtpMailer(options.smtpUrl, options.from, options.timeouts);
  return fileMailer(options.outboxDir, options.from);
}

function message(from: string, email: SendableEmail) {
  // The row's Message-ID and headers exactly: a resend after a crash is the same message to the receiver.
  return {
    from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: email.messageId,
    headers: email.headers ?? {},
  };
}

function smtpMailer(
  url: string,
  from: string,
  {
    deadlineMs = SEND_DEADLINE_MS,
    ...timeouts
  }: Partial<typeof SMTP_TIMEOUTS> & { deadlineMs?: number } = {},
): Mailer {
  const transport: Transporter = nodemailer.createTransport({ url, ...SMTP_TIMEOUTS, ...timeouts });
  return {
    async send(email) {
      try {
        const info = await transport.sendMail({
          ...message(from, email),
          signal: AbortSignal.timeout(deadlineMs),
        });
        return { messageId: String(info.messageId), response: String(info.response ?? '') };
      } catch (error) {
        throw toSendError(error);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * Temporary files are named `.<pid>-<random>.tmp`. One whose process is gone was left by a process killed
 * mid-write; one older than STALE_TEMP_MS is abandoned whoever wrote it (a write takes milliseconds).
 */
const STALE_TEMP_MS = 10 * 60_000;

function isAbandoned(name: string, mtimeMs: number, now: number): boolean {
  if (now - mtimeMs > STALE_TEMP_MS) return true;
  const pid = Number(/^\.(\d+)-/.exec(name)?.[1]);
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** `2026-01-15T09-00-00-000Z-<row id>.eml`: lists in time order, and one row is always one file. */
export function emlFileName(email: Pick<SendableEmail, 'outboxId' | 'messageId'>): string {
  const time = email.outboxId ? idTime(email.outboxId) : null;
  const stamp = time ? `${time.toISOString().replace(/[:.]/g, '-')}-` : '';
  const name = email.outboxId ?? email.messageId.replace(/^<|>$/g, '');
  return `${stamp}${name.replace(/[^a-zA-Z0-9@._-]/g, '_')}.eml`;
}

function fileMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let swept = false;

  /** Once per process: removes temporary files of writes a killed process never finished. */
  async function sweep(now: number): Promise<void> {
    swept = true;
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!name.endsWith('.tmp')) continue;
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (info && isAbandoned(name, info.mtimeMs, now)) await rm(path, { force: true });
    }
  }

  return {
    async send(email) {
      const info = await transport.sendMail(message(from, email));
      await mkdir(dir, { recursive: true });
      if (!swept) await sweep(Date.now());
      const file = join(dir, emlFileName(email));
      // Write beside it, flush to disk, then rename: a reader (or a crash) sees the whole file or none,
      // and a resend of the row replaces the same file instead of adding a second one.
      const temp = join(dir, `.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
      try {
        const handle = await open(temp, 'w');
        try {
          await handle.writeFile(info.message as Buffer);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw toSendError(error);
      }
      // The rename itself is durable once the folder is flushed (not possible on every platform).
      const folder = await open(dir, 'r').catch(() => null);
      if (folder)
        await folder
          .sync()
          .catch(() => undefined)
          .finally(() => folder.close());
      return { messageId: String(info.messageId), response: `written to ${emlFileName(email)}` };
    },
    close: () => transport.close(),
  };
}
