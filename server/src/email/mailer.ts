import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

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
}

export interface Mailer {
  send(email: SendableEmail): Promise<{ messageId: string; response?: string | undefined }>;
  close(): void;
}

/**
 * Real SMTP when SMTP_URL is set; otherwise each message is written as an `.eml` file to the outbox
 * folder, so a single machine needs no mail server and every email can be opened and inspected.
 */
export function createMailer(options: { smtpUrl?: string; outboxDir: string; from: string }): Mailer {
  if (options.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(email) {
        const info = await transport.sendMail({ from: options.from, ...email });
        return { messageId: String(info.messageId), response: String(info.response ?? '') };
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(email) {
      const info = await transport.sendMail({ from: options.from, ...email });
      await mkdir(options.outboxDir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const safeTo = email.to.replace(/[^a-zA-Z0-9@._-]/g, '_');
      const file = join(
        options.outboxDir,
        `${stamp}-${safeTo}-${Math.random().toString(36).slice(2, 8)}.eml`,
      );
      await writeFile(file, info.message as Buffer);
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
