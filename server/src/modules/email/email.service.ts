import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { mailDomain } from '../../email/outbox.js';
import { iso } from '../../shared/clock.js';
import * as repo from './email.repository.js';
import { defaultMode, EMAIL_KINDS, isEmailKind, type EmailKind, type EmailMode } from './kinds.js';
import { signUnsubscribe } from './unsubscribe.js';

/** A member's mode for one kind, their choice or the default. */
export async function modeFor(db: Db, memberId: string, kind: EmailKind): Promise<EmailMode> {
  return (await repo.findPreference(db, memberId, kind)) ?? defaultMode(kind);
}

/** Every kind's mode for a member (defaults applied): one read of their preference rows. */
export async function modesFor(db: Db, memberId: string): Promise<Record<EmailKind, EmailMode>> {
  const modes = Object.fromEntries(EMAIL_KINDS.map((k) => [k, defaultMode(k)])) as Record<
    EmailKind,
    EmailMode
  >;
  for (const row of await repo.listPreferences(db, memberId)) {
    if (isEmailKind(row.kind)) modes[row.kind] = row.mode;
  }
  return modes;
}

/**
 * The modes of several members for a few kinds at once (the email channel: one query for one notify()).
 * Keyed `${memberId}:${kind}`.
 */
export async function modesOfMany(
  db: Db,
  pairs: { memberId: string; kind: EmailKind }[],
): Promise<Map<string, EmailMode>> {
  const members = [...new Set(pairs.map((p) => p.memberId))];
  const kinds = [...new Set(pairs.map((p) => p.kind))];
  const chosen = new Map(
    (await repo.preferencesOf(db, members, kinds)).map((r) => [`${r.member_id}:${r.kind}`, r.mode]),
  );
  const out = new Map<string, EmailMode>();
  for (const p of pairs) {
    const key = `${p.memberId}:${p.kind}`;
    out.set(key, chosen.get(key) ?? defaultMode(p.kind));
  }
  return out;
}

const KEY_NAME = 'unsubscribe_key';
// Per database handle (tests run several apps in one process); only a key read outside a transaction is
// cached, so a rolled-back first insert can never leave this process signing with a key nobody stored.
const keys = new WeakMap<Db, string>();

/** The instance's unsubscribe-token key: made on first use (the first process to insert wins), then read. */
export async function unsubscribeKey(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  db: Db = ctx.db,
): Promise<string> {
  const cached = keys.get(ctx.db);
  if (cached) return cached;
  const value = await repo.ensureSecret(
    db,
    KEY_NAME,
    randomBytes(32).toString('base64url'),
    iso(ctx.clock.now()),
  );
  if (db === ctx.db) keys.set(ctx.db, value);
  return value;
}

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

export async function unsubscribeToken(ctx: Ctx, db: Db, memberId: string, kind: EmailKind): Promise<string> {
  return signUnsubscribe(await unsubscribeKey(ctx, db), memberId, kind);
}

/** RFC 2369 / RFC 8058 headers: the one-click HTTPS POST target, and a mailto for clients that only do mail. */
export async function unsubscribeHeaders(
  ctx: Ctx,
  db: Db,
  memberId: string,
  kind: EmailKind,
): Promise<Record<string, string>> {
  const token = await unsubscribeToken(ctx, db, memberId, kind);
  const https = `${ctx.config.publicUrl}/api/v1/email/unsubscribe?token=${token}`;
  const mailto = `mailto:unsubscribe@${mailDomain(ctx.config)}?subject=unsubscribe%20${token}`;
  return {
    'List-Unsubscribe': `<${https}>, <${mailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** The web page a body link leads to: it confirms, and offers to re-subscribe. */
export async function unsubscribePageUrl(
  ctx: Ctx,
  db: Db,
  memberId: string,
  kind: EmailKind,
): Promise<string> {
  return `${ctx.config.publicUrl}/unsubscribe?token=${await unsubscribeToken(ctx, db, memberId, kind)}`;
}

/** The settings page, for email footers. */
export function emailSettingsUrl(ctx: Pick<AppContext, 'config'>): string {
  return `${ctx.config.publicUrl}/settings/email`;
}
