import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';

export interface ReceivedEmail {
  file: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The first http(s) link in the text body (falling back to the HTML body). */
  link: string | undefined;
}

export interface ReadEmailOptions {
  /** Only emails whose subject matches. */
  subject?: RegExp;
  /** Only emails written at or after this time (file modification time). */
  since?: Date;
  /** How long to wait for a matching email to appear (the server sends from a background queue). */
  timeoutMs?: number;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

function firstLink(text: string): string | undefined {
  const m = /https?:\/\/[^\s<>"')]+/.exec(text);
  return m?.[0];
}

async function newestMatching(outboxDir: string, to: string, options: ReadEmailOptions) {
  let names: string[];
  try {
    names = await readdir(outboxDir);
  } catch {
    return undefined;
  }
  const want = to.toLowerCase();
  const candidates: { file: string; mtime: number }[] = [];
  for (const name of names) {
    if (!name.endsWith('.eml')) continue;
    const file = join(outboxDir, name);
    const { mtimeMs } = await stat(file);
    if (options.since && mtimeMs < options.since.getTime() - 1000) continue;
    candidates.push({ file, mtime: mtimeMs });
  }
  // Newest first: modification time, then the file name (which starts with an ISO time stamp).
  candidates.sort((a, b) => b.mtime - a.mtime || b.file.localeCompare(a.file));
  for (const { file } of candidates) {
    const parsed = await simpleParser(await readFile(file));
    const recipients = addresses(parsed.to);
    if (!recipients.includes(want)) continue;
    const subject = parsed.subject ?? '';
    if (options.subject && !options.subject.test(subject)) continue;
    const text = parsed.text ?? '';
    const html = typeof parsed.html === 'string' ? parsed.html : '';
    return { file, to: recipients, subject, text, html, link: firstLink(text) ?? firstLink(html) };
  }
  return undefined;
}

/**
 * The newest `.eml` in `outboxDir` addressed to `to`, parsed. Waits (polling) until one exists, because
 * the server writes emails from a background queue shortly after the request that caused them.
 */
export async function readLatestEmailIn(
  outboxDir: string,
  to: string,
  options: ReadEmailOptions = {},
): Promise<ReceivedEmail> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const found = await newestMatching(outboxDir, to, options);
    if (found) return found;
    if (Date.now() > deadline) {
      const what = options.subject ? ` with a subject matching ${options.subject}` : '';
      throw new Error(`no email to ${to}${what} arrived in ${outboxDir}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
