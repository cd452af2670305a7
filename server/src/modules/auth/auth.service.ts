import type { Actor, AppContext } from '../../context.js';
import { enqueueEmail } from '../../email/outbox.js';
import { passwordResetEmail, signUpAttemptEmail, verificationEmail } from '../../email/templates.js';
import { addMs, DAY, HOUR, iso, MINUTE } from '../../shared/clock.js';
import {
  AppError,
  badRequest,
  conflict,
  forbidden,
  notFound,
  tooManyRequests,
  unauthorized,
} from '../../shared/errors.js';
import { hashSecret, newId, newSecret } from '../../shared/ids.js';
import type { MemberRow } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.service.js';
import * as adminRepo from '../admin/admin.repository.js';
import * as membersRepo from '../members/members.repository.js';
import { getSelf, type SelfView } from '../members/members.service.js';
import { requireMember, requireSession } from './auth.policy.js';
import * as repo from './auth.repository.js';
import { runAfterAnswer } from './background.js';
import { cancelDeletionOnSignIn } from './deletion-grace.service.js';
import { describeDevice } from './devices.js';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password.js';

/** Failed sign-in limits (docs/decisions/0002-auth.md). All are counted in the database, so they hold across processes. */
export const LOGIN_LIMITS = {
  perAccountAndIp: { max: 10, windowMs: 15 * MINUTE },
  perIp: { max: 50, windowMs: 15 * MINUTE },
  /** Failures from clients the account does not know; a trusted device is never held by it. */
  perAccount: { max: 100, windowMs: HOUR },
  /** A browser that signed in to the account before (device cookie) has its own budget. */
  perTrustedDevice: { max: 10, windowMs: 15 * MINUTE },
} as const;

/** How long a browser stays trusted for an account after a sign-in (renewed by every sign-in). */
export const DEVICE_TTL = 365 * DAY;

const VERIFY_TTL = 2 * DAY;
const RESET_TTL = HOUR;
const RESET_COOLDOWN = 2 * MINUTE;

export interface RequestMeta {
  ip: string;
  userAgent: string;
  /** The device cookie, if the browser sent one. */
  deviceToken?: string | undefined;
}

export interface SignedIn {
  sessionSecret: string;
  /** The device cookie to set: this browser is trusted for the account from now on. */
  deviceToken: string;
  expiresAt: string;
  csrfToken: string;
  member: SelfView;
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();

async function startSession(
  ctx: AppContext,
  memberId: string,
  meta: RequestMeta,
  db: AppContext['db'] = ctx.db,
): Promise<Omit<SignedIn, 'member' | 'deviceToken'>> {
  const now = ctx.clock.now();
  const sessionSecret = newSecret();
  const csrfToken = newSecret();
  const expiresAt = iso(addMs(now, ctx.config.sessionDays * DAY));
  await repo.insertSession(db, {
    id: hashSecret(sessionSecret),
    memberId,
    csrfToken,
    userAgent: meta.userAgent,
    ip: meta.ip,
    now: iso(now),
    expiresAt,
  });
  return { sessionSecret, expiresAt, csrfToken };
}

async function sendVerification(
  ctx: AppContext,
  db: AppContext['db'],
  member: { id: string; email: string; name: string },
) {
  const now = ctx.clock.now();
  const token = newSecret();
  await repo.expireEmailTokens(db, member.id, 'verify', iso(now));
  await repo.insertEmailToken(db, {
    hash: hashSecret(token),
    memberId: member.id,
    purpose: 'verify',
    now: iso(now),
    expiresAt: iso(addMs(now, VERIFY_TTL)),
  });
  const instance = await adminRepo.getInstanceSettings(db);
  await enqueueEmail(
    ctx,
    db,
    verificationEmail({
      instanceName: instance.name,
      to: member.email,
      name: member.name,
      url: `${ctx.config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`,
    }),
    now,
  );
}

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  handle: string;
  timeZone?: string | undefined;
  inviteCode?: string | undefined;
}

/** What sign-up answers, whatever the address: nobody is signed in until the emailed link is opened. */
export interface SignUpAnswer {
  status: 'confirmation_sent';
  email: string;
}

/**
 * The sign-up rules that do not depend on whether the address has an account: the instance's domain and
 * invite rules and the handle. The first account on a new instance is never blocked by them.
 */
async function checkSignUpRules(
  db: AppContext['db'],
  input: { email: string; handle: string; inviteCode?: string | undefined },
  now: Date,
): Promise<{ isFirstMember: boolean; instance: Awaited<ReturnType<typeof adminRepo.getInstanceSettings>> }> {
  const instance = await adminRepo.getInstanceSettings(db);
  const isFirstMember = (await membersRepo.countMembers(db)) === 0;
  if (!isFirstMember) {
    if (instance.signup_mode === 'domains') {
      const allowed = JSON.parse(instance.allowed_domains) as string[];
      const domain = input.email.split('@')[1] ?? '';
      if (!allowed.includes(domain)) {
        throw forbidden(
          `Sign-up here is limited to email addresses at ${allowed.join(', ') || 'approved domains'}.`,
          'SIGNUP_DOMAIN_NOT_ALLOWED',
        );
      }
    } else if (instance.signup_mode === 'invite') {
      if (!input.inviteCode) {
        throw forbidden(
          'Sign-up on this instance is by invitation. Ask an administrator for an invite code.',
          'INVITE_REQUIRED',
        );
      }
      if (!(await adminRepo.findUsableInvite(db, hashSecret(input.inviteCode), iso(now)))) {
        throw forbidden('This invite code is not valid, has expired or was already used.', 'INVITE_INVALID');
      }
    }
  }
  if (await membersRepo.findMemberByHandle(db, input.handle))
    throw conflict('HANDLE_TAKEN', `The handle @${input.handle} is already taken. Try another one.`);
  return { isFirstMember, instance };
}

/**
 * Sign-up (docs/decisions/0002-auth.md, "Sign-up reveals no account"). Answers the same for every address
 * once the rules that do not depend on the address pass: the account is made (or, for an address that has
 * one, its owner is emailed) after the answer is sent, and nobody is signed in: the emailed link confirms
 * the address and starts the session. So neither the answer, nor its timing, nor a session tells whether an
 * address is registered.
 */
export async function register(ctx: AppContext, input: RegisterInput): Promise<SignUpAnswer> {
  const email = normaliseEmail(input.email);
  const handle = input.handle.toLowerCase();
  await checkSignUpRules(ctx.db, { email, handle, inviteCode: input.inviteCode }, ctx.clock.now());
  runAfterAnswer(ctx, 'sign-up', () => completeSignUp(ctx, { ...input, email, handle }));
  return { status: 'confirmation_sent', email };
}

async function completeSignUp(ctx: AppContext, input: RegisterInput): Promise<void> {
  try {
    await makeAccount(ctx, input);
  } catch (error) {
    // A rule that passed when the answer was sent no longer does (a simultaneous sign-up took the handle,
    // the last invite or the first account): nothing is made, as for any refused sign-up.
    if (!(error instanceof AppError)) throw error;
    ctx.log.info({ code: error.code }, 'sign-up not completed');
  }
}

async function makeAccount(ctx: AppContext, input: RegisterInput): Promise<void> {
  const { email, handle } = input;
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();
  const id = newId(now);
  await ctx.db.transaction().execute(async (trx) => {
    // Serialises sign-ups, so "first account" and the sign-up rules are decided one at a time.
    await adminRepo.lockInstanceSettings(trx);
    const { isFirstMember, instance } = await checkSignUpRules(trx, input, now);
    const clash = await membersRepo.insertMember(trx, {
      id,
      handle,
      email,
      email_verified_at: null,
      password_hash: passwordHash,
      name: input.name.trim(),
      headline: '',
      bio: '',
      time_zone: input.timeZone ?? 'UTC',
      links: '[]',
      capacity: 2,
      role: isFirstMember ? 'admin' : 'member',
      created_at: iso(now),
      updated_at: iso(now),
    });
    // The handle was free when the answer was sent; someone took it since. Nothing is made.
    if (clash === 'handle') throw conflict('HANDLE_TAKEN', `The handle @${handle} was taken meanwhile.`);
    const owner = clash === 'email' ? await membersRepo.findMemberByEmail(trx, email) : undefined;
    // An invite is spent by the attempt either way, so whether it still works tells nothing either.
    if (!isFirstMember && instance.signup_mode === 'invite' && input.inviteCode) {
      if (!(await adminRepo.claimInvite(trx, hashSecret(input.inviteCode), owner?.id ?? id, iso(now)))) {
        throw forbidden('This invite code is not valid, has expired or was already used.', 'INVITE_INVALID');
      }
    }
    if (clash === 'email') {
      if (owner) await sendSignUpAttempt(ctx, trx, owner);
    } else await sendVerification(ctx, trx, { id, email, name: input.name.trim() });
  });
  ctx.outbox.kick();
}

async function sendSignUpAttempt(
  ctx: AppContext,
  db: AppContext['db'],
  owner: { email: string; name: string },
): Promise<void> {
  const instance = await adminRepo.getInstanceSettings(db);
  await enqueueEmail(
    ctx,
    db,
    signUpAttemptEmail({
      instanceName: instance.name,
      to: owner.email,
      name: owner.name,
      signInUrl: `${ctx.config.publicUrl}/signin`,
      resetUrl: `${ctx.config.publicUrl}/forgot-password`,
    }),
    ctx.clock.now(),
  );
}

/**
 * Confirms the address and signs its member in: opening the emailed link proves control of the mailbox,
 * which is what sign-up waits for before any session exists. Trusts this browser, like a sign-in.
 */
export async function verifyEmail(ctx: AppContext, token: string, meta: RequestMeta): Promise<SignedIn> {
  const now = iso(ctx.clock.now());
  const { memberId, deviceToken } = await ctx.db.transaction().execute(async (trx) => {
    const claimed = await repo.claimEmailToken(trx, hashSecret(token), 'verify', now);
    if (!claimed) {
      throw badRequest(
        'TOKEN_INVALID',
        'This confirmation link is not valid any more (it may have expired or been used). Sign in and ask for a new one.',
      );
    }
    await membersRepo.updateMember(trx, claimed, { email_verified_at: now, updated_at: now });
    return { memberId: claimed, deviceToken: await trustThisDevice(ctx, trx, claimed) };
  });
  const session = await startSession(ctx, memberId, meta);
  return { ...session, deviceToken, member: await getSelf(ctx, memberId) };
}

export async function resendVerification(ctx: AppContext, actor: Actor | null): Promise<void> {
  const a = requireMember(actor);
  const member = await membersRepo.findMemberById(ctx.db, a.memberId);
  if (!member) throw unauthorized();
  if (member.email_verified_at)
    throw conflict('ALREADY_VERIFIED', 'Your email address is already confirmed.');
  await ctx.db.transaction().execute((trx) => sendVerification(ctx, trx, member));
  ctx.outbox.kick();
}

function retryAfter(oldest: string | null, windowMs: number, now: Date): number {
  if (!oldest) return Math.ceil(windowMs / 1000);
  return Math.max(1, Math.ceil((new Date(oldest).getTime() + windowMs - now.getTime()) / 1000));
}

const tooManyAttempts = (seconds: number, trusted: boolean) =>
  tooManyRequests(
    trusted
      ? `Too many failed sign-in attempts from this browser. Try again in ${Math.ceil(seconds / 60)} minute(s) or reset your password.`
      : `Too many failed sign-in attempts. For your account's safety, try again in ${Math.ceil(seconds / 60)} minute(s), sign in from a browser you have signed in with before, or reset your password.`,
    seconds,
    'TOO_MANY_SIGNIN_ATTEMPTS',
  );

/**
 * Claims one attempt under the failed sign-in limits (docs/decisions/0011-sign-in-throttling.md), or throws
 * 429. The attempt is recorded as a failure *before* the slow password check, in one transaction with the
 * count and under a lock per account and IP (or per device), so simultaneous guesses are counted one at a
 * time: exactly `max` of them get to the password check. A successful attempt removes its row.
 */
async function claimLoginAttempt(
  ctx: AppContext,
  attempt: { id: string; accountKey: string; ip: string; deviceHash: string | null },
): Promise<void> {
  const now = ctx.clock.now();
  const { accountKey, ip, deviceHash } = attempt;
  // A trusted device (it signed in to this account before) has its own budget: failures elsewhere, however
  // many, never lock it out. Every other client shares the account-wide cap, so guessing stays slow.
  const checks: { filter: repo.AuthFailureFilter; max: number; windowMs: number }[] = deviceHash
    ? [{ filter: { accountKey, deviceHash }, ...LOGIN_LIMITS.perTrustedDevice }]
    : [
        { filter: { accountKey, ip }, ...LOGIN_LIMITS.perAccountAndIp },
        { filter: { ip }, ...LOGIN_LIMITS.perIp },
        { filter: { accountKey, untrustedOnly: true }, ...LOGIN_LIMITS.perAccount },
      ];
  const keys = deviceHash ? [`device:${deviceHash}`] : [`account:${accountKey}`, `ip:${ip}`];
  await ctx.db.transaction().execute(async (trx) => {
    await repo.lockThrottleKeys(trx, keys);
    for (const c of checks) {
      const { count, oldest } = await repo.countAuthFailures(trx, c.filter, iso(addMs(now, -c.windowMs)));
      if (count >= c.max) throw tooManyAttempts(retryAfter(oldest, c.windowMs, now), deviceHash !== null);
    }
    await repo.recordAuthFailure(trx, { ...attempt, now: iso(now) });
  });
}

/** The device cookie's hash when it belongs to a browser that signed in to this member before. */
async function trustedDeviceHash(
  ctx: AppContext,
  memberId: string | undefined,
  deviceToken: string | undefined,
): Promise<string | null> {
  if (!deviceToken) return null;
  // Looked up whether or not the email has an account: the same work either way.
  const hash = hashSecret(deviceToken);
  const found = await repo.findTrustedDevice(ctx.db, hash, memberId ?? '', iso(ctx.clock.now()));
  return found && memberId ? hash : null;
}

/**
 * Trusts this browser for the member from now on; returns the device cookie's new value. Always a fresh one
 * (never the value the browser sent): a cookie planted in someone's browser must not become trusted.
 */
async function trustThisDevice(ctx: AppContext, db: AppContext['db'], memberId: string): Promise<string> {
  const token = newSecret();
  const now = ctx.clock.now();
  await repo.trustDevice(db, {
    tokenHash: hashSecret(token),
    memberId,
    now: iso(now),
    expiresAt: iso(addMs(now, DEVICE_TTL)),
  });
  return token;
}

export async function login(
  ctx: AppContext,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<SignedIn> {
  const email = normaliseEmail(input.email);
  const member = await membersRepo.findMemberByEmail(ctx.db, email);
  const deviceHash = await trustedDeviceHash(ctx, member?.id, meta.deviceToken);
  const attemptId = newId(ctx.clock.now());
  await claimLoginAttempt(ctx, { id: attemptId, accountKey: email, ip: meta.ip, deviceHash });
  // Verify against a dummy hash for unknown emails: same work, same answer, nothing revealed.
  const ok = await verifyPassword(member?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!member || !ok) {
    throw new AppError(
      401,
      'INVALID_CREDENTIALS',
      'That email and password do not match. Check them and try again.',
    );
  }
  if (member.suspended_at) {
    // Only after the password: a suspension is not revealed to someone who does not know it.
    throw forbidden(
      'This account is suspended by the administrators of this instance. Check your email for the reason, or reply to it.',
      'ACCOUNT_SUSPENDED',
    );
  }
  await repo.clearAuthFailures(ctx.db, email, deviceHash ? { deviceHash } : { ip: meta.ip });
  await repo.deleteAuthFailure(ctx.db, attemptId);
  if (needsRehash(member.password_hash)) {
    await membersRepo.updateMember(ctx.db, member.id, { password_hash: await hashPassword(input.password) });
  }
  await cancelDeletionOnSignIn(ctx, member, meta);
  const { deviceToken, session } = await ctx.db.transaction().execute(async (trx) => {
    const trusted = await trustThisDevice(ctx, trx, member.id);
    const started = await startSession(ctx, member.id, meta, trx);
    // A browser the account does not know (no device cookie, or one that is not this member's): the member
    // sees it in their activity (docs/decisions/0024-account-security.md).
    if (!deviceHash) {
      await recordAudit(
        trx,
        {
          memberId: member.id,
          actorId: member.id,
          action: 'security.signin_new_device',
          subjectType: 'session',
          subjectId: hashSecret(started.sessionSecret),
          detail: { device: describeDevice(meta.userAgent) },
          ip: meta.ip,
          userAgent: meta.userAgent,
        },
        ctx.clock.now(),
      );
    }
    return { deviceToken: trusted, session: started };
  });
  return { ...session, deviceToken, member: await getSelf(ctx, member.id) };
}

/**
 * Checks the signed-in member's current password before a change to the account (changePassword,
 * changeEmail), under the same failed sign-in limits as a sign-in: a stolen session cannot guess it
 * faster than a sign-in could. A wrong password is 403 WRONG_PASSWORD (not 401: the session stays).
 */
export async function checkCurrentPassword(
  ctx: AppContext,
  memberId: string,
  password: string,
  meta: RequestMeta,
): Promise<MemberRow> {
  const member = await membersRepo.findMemberById(ctx.db, memberId);
  if (!member) throw unauthorized();
  const deviceHash = await trustedDeviceHash(ctx, member.id, meta.deviceToken);
  const attemptId = newId(ctx.clock.now());
  await claimLoginAttempt(ctx, { id: attemptId, accountKey: member.email, ip: meta.ip, deviceHash });
  if (!(await verifyPassword(member.password_hash, password))) {
    throw forbidden('That is not your current password. Check it and try again.', 'WRONG_PASSWORD');
  }
  await repo.deleteAuthFailure(ctx.db, attemptId);
  return member;
}

/** The signed-in member, as `getSession` shows them; null when nobody is signed in. */
export async function sessionMember(ctx: AppContext, actor: Actor | null): Promise<SelfView | null> {
  if (!actor) return null;
  return getSelf(ctx, requireMember(actor).memberId);
}

export async function logout(ctx: AppContext, actor: Actor | null): Promise<void> {
  const a = requireMember(actor);
  if (a.sessionId) await repo.deleteSession(ctx.db, a.sessionId);
}

/**
 * Answers at once, whatever the address: the lookup, the token and the email happen after the answer is
 * sent (`runAfterAnswer`), so neither the answer nor its timing tells whether the address has an account.
 */
export function requestPasswordReset(ctx: AppContext, emailInput: string): void {
  const email = normaliseEmail(emailInput);
  runAfterAnswer(ctx, 'password reset request', () => sendPasswordReset(ctx, email));
}

async function sendPasswordReset(ctx: AppContext, email: string): Promise<void> {
  const member = await membersRepo.findMemberByEmail(ctx.db, email);
  if (!member) return;
  const now = ctx.clock.now();
  // One reset email per account every few minutes, decided in the database so every process agrees:
  // nobody can flood a mailbox, or keep invalidating the newest link faster than its owner can use it.
  if (await repo.hasRecentEmailToken(ctx.db, member.id, 'reset', iso(addMs(now, -RESET_COOLDOWN)))) return;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.expireEmailTokens(trx, member.id, 'reset', iso(now));
    const token = newSecret();
    await repo.insertEmailToken(trx, {
      hash: hashSecret(token),
      memberId: member.id,
      purpose: 'reset',
      now: iso(now),
      expiresAt: iso(addMs(now, RESET_TTL)),
    });
    const instance = await adminRepo.getInstanceSettings(trx);
    await enqueueEmail(
      ctx,
      trx,
      passwordResetEmail({
        instanceName: instance.name,
        to: member.email,
        name: member.name,
        url: `${ctx.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`,
      }),
      now,
    );
  });
  ctx.outbox.kick();
}

/**
 * Sets the new password. Following the link proves control of the mailbox, so it also confirms the address,
 * forgets the account's failed sign-ins (nobody else's guesses keep its owner out) and trusts this browser;
 * every other session, access token and trusted browser is cut off. Returns the device cookie to set.
 */
export async function resetPassword(
  ctx: AppContext,
  input: { token: string; password: string },
  meta?: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<{ deviceToken: string }> {
  const passwordHash = await hashPassword(input.password);
  const now = iso(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const memberId = await repo.claimEmailToken(trx, hashSecret(input.token), 'reset', now);
    if (!memberId) {
      throw badRequest(
        'TOKEN_INVALID',
        'This reset link is not valid any more (it may have expired or been used). Ask for a new one.',
      );
    }
    const member = await membersRepo.findMemberById(trx, memberId);
    await membersRepo.updateMember(trx, memberId, {
      password_hash: passwordHash,
      updated_at: now,
      ...(member && !member.email_verified_at && { email_verified_at: now }),
    });
    // A password change signs out every session and revokes every access token and trusted browser:
    // whoever had the old password may have minted them.
    await repo.deleteMemberSessions(trx, memberId);
    await repo.revokeMemberAccessTokens(trx, memberId, now);
    await repo.deleteTrustedDevices(trx, memberId);
    if (member) await repo.clearAccountAuthFailures(trx, member.email);
    await recordAudit(
      trx,
      {
        memberId,
        actorId: memberId,
        action: 'security.password_changed',
        subjectType: 'member',
        subjectId: memberId,
        detail: { via: 'reset' },
        ip: meta?.ip ?? null,
        userAgent: meta?.userAgent ?? null,
      },
      new Date(now),
    );
    return { deviceToken: await trustThisDevice(ctx, trx, memberId) };
  });
}

/** Resolves a request's credentials to an actor. Session cookies and bearer tokens are both hashed before lookup. */
export async function authenticate(
  ctx: AppContext,
  credentials: { sessionSecret?: string | undefined; bearer?: string | undefined },
): Promise<(Actor & { csrfToken?: string }) | null | 'invalid-token'> {
  const now = ctx.clock.now();
  if (credentials.bearer !== undefined) {
    const token = await repo.findAccessTokenByHash(ctx.db, hashSecret(credentials.bearer));
    if (!token || token.revoked_at || (token.expires_at && token.expires_at <= iso(now)))
      return 'invalid-token';
    // Record use at most once a minute: a script's burst should not turn reads into writes.
    if (!token.last_used_at || new Date(token.last_used_at).getTime() < now.getTime() - MINUTE) {
      await repo.touchAccessToken(ctx.db, token.id, iso(now));
    }
    return {
      memberId: token.member_id,
      role: token.role,
      via: 'token',
      emailVerified: token.email_verified_at !== null,
    };
  }
  if (credentials.sessionSecret) {
    const id = hashSecret(credentials.sessionSecret);
    const session = await repo.findLiveSession(ctx.db, id, iso(now));
    if (!session) return null;
    if (new Date(session.last_seen_at).getTime() < now.getTime() - 5 * MINUTE) {
      await repo.touchSession(ctx.db, id, iso(now));
    }
    return {
      memberId: session.member_id,
      role: session.role,
      via: 'session',
      emailVerified: session.email_verified_at !== null,
      sessionId: id,
      csrfToken: session.csrf_token,
    };
  }
  return null;
}

export interface AccessTokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const TOKEN_PREFIX = 'ssp_';
/** The expiry a new access token gets when none is chosen (the settings page preselects it too). */
export const DEFAULT_TOKEN_EXPIRY_DAYS = 90;

function tokenView(t: {
  id: string;
  name: string;
  token_prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}): AccessTokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.token_prefix,
    createdAt: t.created_at,
    expiresAt: t.expires_at,
    lastUsedAt: t.last_used_at,
  };
}

export async function listAccessTokens(ctx: AppContext, actor: Actor | null): Promise<AccessTokenView[]> {
  const a = requireSession(actor);
  return (await repo.listAccessTokens(ctx.db, a.memberId)).map(tokenView);
}

export async function createAccessToken(
  ctx: AppContext,
  actor: Actor | null,
  input: { name: string; expiresInDays?: number | null | undefined },
  meta?: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<AccessTokenView & { token: string }> {
  const a = requireSession(actor);
  const existing = await repo.listAccessTokens(ctx.db, a.memberId);
  if (existing.length >= 50) {
    throw conflict(
      'TOO_MANY_TOKENS',
      'You have 50 active access tokens. Revoke some you no longer use first.',
    );
  }
  const now = ctx.clock.now();
  // No expiry only when asked for it (null): a forgotten script's token should not work for ever.
  const expiresInDays = input.expiresInDays === undefined ? DEFAULT_TOKEN_EXPIRY_DAYS : input.expiresInDays;
  const token = `${TOKEN_PREFIX}${newSecret()}`;
  const row = {
    id: newId(now),
    member_id: a.memberId,
    name: input.name.trim(),
    token_hash: hashSecret(token),
    token_prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    created_at: iso(now),
    expires_at: expiresInDays === null ? null : iso(addMs(now, expiresInDays * DAY)),
    last_used_at: null,
    revoked_at: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertAccessToken(trx, row);
    await recordAudit(
      trx,
      {
        memberId: a.memberId,
        actorId: a.memberId,
        action: 'security.token_created',
        subjectType: 'access_token',
        subjectId: row.id,
        detail: { name: row.name, prefix: row.token_prefix, expiresAt: row.expires_at },
        ip: meta?.ip ?? null,
        userAgent: meta?.userAgent ?? null,
      },
      now,
    );
  });
  return { ...tokenView(row), token };
}

export async function revokeAccessToken(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  meta?: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<void> {
  const a = requireSession(actor);
  const token = await repo.findAccessToken(ctx.db, id);
  // Someone else's token is "not found" to you: ids of other members' tokens are not confirmed.
  if (!token || token.member_id !== a.memberId || token.revoked_at)
    throw notFound('Access token', 'TOKEN_NOT_FOUND');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.revokeAccessToken(trx, id, iso(now));
    await recordAudit(
      trx,
      {
        memberId: a.memberId,
        actorId: a.memberId,
        action: 'security.token_revoked',
        subjectType: 'access_token',
        subjectId: id,
        detail: { name: token.name, prefix: token.token_prefix },
        ip: meta?.ip ?? null,
        userAgent: meta?.userAgent ?? null,
      },
      now,
    );
  });
}
