import { randomBytes } from 'node:crypto';
import type { Actor, AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { mailDomain } from '../../email/outbox.js';
import { iso } from '../../shared/clock.js';
import * as repo from './email.repository.js';
import { badRequest, notFound } from '../../shared/errors.js';
import { requireMember } from '../auth/auth.policy.js';
import {
  defaultMode,
  EMAIL_KINDS,
  EVENT_EMAIL_KINDS,
  isEmailKind,
  kindDescription,
  kindLabel,
  modesOf,
  type EmailKind,
  type EmailMode,
  type EventEmailKind,
} from './kinds.js';
import { signUnsubscribe, verifyUnsubscribe } from './unsubscribe.js';

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
// Per database handle (tests run several apps in one process). A key is cached only once it is known to be
// committed, so a rolled-back first insert can never leave this process signing with a key nobody stored.
const keys = new WeakMap<Db, string>();
// Transactions in which this process inserted the key: a read there may see its own uncommitted row.
const insertedIn = new WeakSet<Db>();

/** The instance's unsubscribe-token key: made on first use (the first process to insert wins), then read. */
export async function unsubscribeKey(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  db: Db = ctx.db,
): Promise<string> {
  const cached = keys.get(ctx.db);
  if (cached) return cached;
  const found = await repo.findSecret(db, KEY_NAME);
  if (found !== undefined) {
    // Another transaction's row is visible only once committed.
    if (!insertedIn.has(db)) keys.set(ctx.db, found);
    return found;
  }
  const value = await repo.ensureSecret(
    db,
    KEY_NAME,
    randomBytes(32).toString('base64url'),
    iso(ctx.clock.now()),
  );
  if (db === ctx.db) keys.set(ctx.db, value);
  else insertedIn.add(db);
  return value;
}

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

export async function unsubscribeToken(ctx: Ctx, db: Db, memberId: string, kind: EmailKind): Promise<string> {
  return signUnsubscribe(await unsubscribeKey(ctx, db), memberId, kind);
}

function headersFor(ctx: Ctx, token: string): Record<string, string> {
  const https = `${ctx.config.publicUrl}/api/v1/email/unsubscribe?token=${token}`;
  const mailto = `mailto:unsubscribe@${mailDomain(ctx.config)}?subject=unsubscribe%20${token}`;
  return {
    'List-Unsubscribe': `<${https}>, <${mailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

const pageUrl = (ctx: Ctx, token: string) => `${ctx.config.publicUrl}/unsubscribe?token=${token}`;

/** RFC 2369 / RFC 8058 headers: the one-click HTTPS POST target, and a mailto for clients that only do mail. */
export async function unsubscribeHeaders(
  ctx: Ctx,
  db: Db,
  memberId: string,
  kind: EmailKind,
): Promise<Record<string, string>> {
  return headersFor(ctx, await unsubscribeToken(ctx, db, memberId, kind));
}

/** The web page a body link leads to: it confirms, and offers to re-subscribe. */
export async function unsubscribePageUrl(
  ctx: Ctx,
  db: Db,
  memberId: string,
  kind: EmailKind,
): Promise<string> {
  return pageUrl(ctx, await unsubscribeToken(ctx, db, memberId, kind));
}

/** Both from one token: the headers and the body link of one email. */
export async function unsubscribeLinks(ctx: Ctx, db: Db, memberId: string, kind: EmailKind) {
  const token = await unsubscribeToken(ctx, db, memberId, kind);
  return { headers: headersFor(ctx, token), pageUrl: pageUrl(ctx, token) };
}

/** The settings page, for email footers. */
export function emailSettingsUrl(ctx: Pick<AppContext, 'config'>): string {
  return `${ctx.config.publicUrl}/settings/email`;
}

/** Recipients and actors of events, by id: the address, whether it is confirmed, the name to greet or cite. */
export async function emailFactsOf(db: Db, memberIds: string[]) {
  const rows = await repo.findMembersEmailFacts(db, [...new Set(memberIds)]);
  return new Map(
    rows.map((r) => [r.id, { email: r.email, verified: r.email_verified_at !== null, name: r.name }]),
  );
}

// --- the settings API and the token pages ------------------------------------------------------------------

export interface EmailSettingsView {
  email: string;
  emailVerified: boolean;
  timeZone: string;
  digest: { enabled: boolean; hour: number; nextAt: string | null };
  kinds: { kind: EventEmailKind; label: string; description: string; mode: EmailMode; modes: EmailMode[] }[];
}

export async function getEmailSettings(ctx: AppContext, actor: Actor | null): Promise<EmailSettingsView> {
  const a = requireMember(actor);
  return settingsOf(ctx.db, a.memberId);
}

async function settingsOf(db: Db, memberId: string): Promise<EmailSettingsView> {
  const m = await repo.findMemberEmailFacts(db, memberId);
  if (!m) throw notFound('Member', 'MEMBER_NOT_FOUND');
  const modes = await modesFor(db, memberId);
  const enabled = modes.digest === 'now';
  return {
    email: m.email,
    emailVerified: m.email_verified_at !== null,
    timeZone: m.time_zone,
    digest: { enabled, hour: m.digest_hour, nextAt: enabled ? m.digest_next_at : null },
    kinds: EVENT_EMAIL_KINDS.map((kind) => ({
      kind,
      label: kindLabel(kind),
      description: kindDescription(kind),
      mode: modes[kind],
      modes: modesOf(kind),
    })),
  };
}

export interface EmailSettingsInput {
  digest?: { enabled?: boolean | undefined; hour?: number | undefined } | undefined;
  kinds?: Partial<Record<EmailKind, EmailMode>> | undefined;
}

/**
 * A partial update. Turning the digest on or moving its hour clears the member's next due time, so the
 * scheduler places them again (a member who moves 08:00 to 18:00 at noon still gets today's).
 */
export async function updateEmailSettings(
  ctx: AppContext,
  actor: Actor | null,
  input: EmailSettingsInput,
): Promise<EmailSettingsView> {
  const a = requireMember(actor);
  const now = iso(ctx.clock.now());
  const kinds = { ...input.kinds };
  if (input.digest?.enabled !== undefined) kinds.digest = input.digest.enabled ? 'now' : 'off';
  for (const [kind, mode] of Object.entries(kinds)) {
    // The schema checks these too; here so the rule holds for every caller.
    if (!isEmailKind(kind) || !modesOf(kind).includes(mode)) {
      throw badRequest('VALIDATION_FAILED', `“${mode}” is not a mode for ${kind} emails.`);
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    const m = await repo.findMemberEmailFacts(trx, a.memberId);
    if (!m) throw notFound('Member', 'MEMBER_NOT_FOUND');
    const digestWas = await modeFor(trx, a.memberId, 'digest');
    for (const [kind, mode] of Object.entries(kinds)) {
      await repo.upsertPreference(trx, a.memberId, kind, mode, now);
    }
    const hour = input.digest?.hour;
    if (hour !== undefined && hour !== m.digest_hour) {
      await repo.setDigestHour(trx, a.memberId, hour, now);
    } else if (kinds.digest === 'now' && digestWas !== 'now') {
      await repo.clearDigestNextAt(trx, a.memberId);
    }
  });
  return settingsOf(ctx.db, a.memberId);
}

async function fromToken(ctx: AppContext, token: string) {
  const found = verifyUnsubscribe(await unsubscribeKey(ctx), token);
  const member = found && (await repo.findMemberEmailFacts(ctx.db, found.memberId));
  if (!found || !member) {
    throw badRequest(
      'INVALID_UNSUBSCRIBE_TOKEN',
      'This unsubscribe link is not valid. Use the link from the email as it is, or sign in and change your email settings.',
    );
  }
  return found;
}

export interface UnsubscribeView {
  kind: EmailKind;
  label: string;
  description: string;
  mode: EmailMode;
}

/** What a token is for, for the unsubscribe page. Changes nothing (a link scanner may GET it). */
export async function describeUnsubscribe(ctx: AppContext, token: string): Promise<UnsubscribeView> {
  const { memberId, kind } = await fromToken(ctx, token);
  return view(kind, await modeFor(ctx.db, memberId, kind));
}

/** RFC 8058 one-click: the token alone is the authority. Idempotent, and in effect before the next send. */
export async function unsubscribeOneClick(ctx: AppContext, token: string): Promise<UnsubscribeView> {
  const { memberId, kind } = await fromToken(ctx, token);
  await repo.upsertPreference(ctx.db, memberId, kind, 'off', iso(ctx.clock.now()));
  return view(kind, 'off');
}

/** Undoes an unsubscribe from the page: the kind goes back to its default (the digest back on). */
export async function resubscribeByToken(ctx: AppContext, token: string): Promise<UnsubscribeView> {
  const { memberId, kind } = await fromToken(ctx, token);
  const mode = defaultMode(kind);
  await ctx.db.transaction().execute(async (trx) => {
    const was = await modeFor(trx, memberId, kind);
    await repo.upsertPreference(trx, memberId, kind, mode, iso(ctx.clock.now()));
    if (kind === 'digest' && was !== 'now') await repo.clearDigestNextAt(trx, memberId);
  });
  return view(kind, mode);
}

function view(kind: EmailKind, mode: EmailMode): UnsubscribeView {
  return { kind, label: kindLabel(kind), description: kindDescription(kind), mode };
}
