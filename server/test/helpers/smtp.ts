import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/**
 * A real SMTP server on 127.0.0.1 for the tests: what the app sends arrives here over SMTP and is parsed with
 * mailparser, as a receiving server would see it. `failNext(code)` makes the next messages fail with that SMTP
 * reply (e.g. 451 for a temporary failure, 550 for a permanent one).
 */
export interface ReceivedEmail {
  messageId: string;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  /** The header values as sent, lower-case names (e.g. `list-unsubscribe-post`). */
  header(name: string): string | undefined;
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  url: string;
  port: number;
  received: ReceivedEmail[];
  /** The next `count` messages are refused with this SMTP reply code. */
  failNext(code: number, count?: number): void;
  /** Waits until at least `n` messages have arrived (or throws after `ms`). */
  waitFor(n: number, ms?: number): Promise<ReceivedEmail[]>;
  clear(): void;
  close(): Promise<void>;
}

export interface SmtpServerOptions {
  /** Called for each accepted message just before the server answers 250 (the crash suite kills there). */
  onReceived?: (email: ReceivedEmail) => void;
  /**
   * Read only the header block, not the body (mailparser takes ~20 ms a message on a busy machine): `text` and
   * `html` are empty and `parsed` holds only `messageId`, `subject` and `headerLines`. For suites that count
   * thousands of messages.
   */
  headersOnly?: boolean;
}

/** The header block of a raw message, unfolded: each line as sent with its lower-case name. */
function readHeaders(raw: string): { key: string; line: string }[] {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end < 0 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  return block
    .split(/\r?\n/)
    .filter((l) => l.includes(':'))
    .map((line) => ({ key: line.slice(0, line.indexOf(':')).trim().toLowerCase(), line }));
}

function headerOnlyMail(raw: string): ParsedMail {
  const headerLines = readHeaders(raw);
  const value = (name: string) => {
    const line = headerLines.find((h) => h.key === name)?.line;
    return line === undefined ? undefined : line.slice(line.indexOf(':') + 1).trim();
  };
  return {
    headerLines,
    headers: new Map(),
    messageId: value('message-id'),
    subject: value('subject'),
  } as unknown as ParsedMail;
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedEmail[] = [];
  const failures: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // No reverse DNS for 127.0.0.1: it costs a lookup per connection.
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = failures.shift();
        if (code !== undefined) {
          const err = Object.assign(new Error(`test server refuses with ${code}`), { responseCode: code });
          callback(err);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const parse = options.headersOnly ? Promise.resolve(headerOnlyMail(raw)) : simpleParser(raw);
        parse
          .then((parsed) => {
            const rawHeaders = new Map(parsed.headerLines.map((h) => [h.key.toLowerCase(), h.line]));
            const email: ReceivedEmail = {
              messageId: parsed.messageId ?? '',
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: parsed.headers as Map<string, unknown>,
              header(name: string) {
                const line = rawHeaders.get(name.toLowerCase());
                return line === undefined ? undefined : line.slice(line.indexOf(':') + 1).trim();
              },
              raw,
              parsed,
            };
            received.push(email);
            options.onReceived?.(email);
            callback(null);
          })
          .catch((e: unknown) => callback(e as Error));
      });
    },
  });
  // A sender that goes away mid-conversation (the crash suite kills it) resets the socket: not an error here.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    failNext(code, count = 1) {
      for (let i = 0; i < count; i++) failures.push(code);
    },
    async waitFor(n, ms = 5000) {
      const end = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > end) throw new Error(`expected ${n} emails, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    clear() {
      received.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
