import type { Actor, AppContext } from '../../context.js';
import { enqueueEmail } from '../../email/outbox.js';
import {
  emailChangeConfirmEmail,
  emailChangedEmail,
  emailChangeRequestedEmail,
  emailChangeTakenEmail,
  passwordChangedEmail,
} from '../../email/templates.js';
import { addMs, DAY, iso } from '../../shared/clock.js';
import { badRequest, conflict, notFound } from '../../shared/errors.js';
import { hashSecret, newSecret } from '../../shared/ids.js';
import * as adminRepo from '../admin/admin.repository.js';
import { recordAudit } from '../audit/audit.service.js';
import * as membersRepo from '../members/members.repository.js';
import { requireSession } from './auth.policy.js';
import { checkCurrentPassword, type RequestMeta } from './auth.service.js';
import { describeDevice } from './devices.js';
import { hashPassword } from './password.js';
import * as repo from './security.repository.js';

/**
 * The member's own account security (issue 10): the password, the email address and the sessions. Every
 * change is recorded in the audit log, where the member reads it as their activity, and told by email
 * (docs/decisions/0024-account-security.md).
 */

const EMAIL_CHANGE_TTL = DAY;
const SESSIONS_SHOWN = 100;
const needsSession =
  'Your password, email address and sessions can only be changed from a signed-in browser.';

const urls = (ctx: AppContext) => ({
  security: `${ctx.config.publicUrl}/settings/security`,
  reset: `${ctx.config.publicUrl}/forgot-password`,
  signIn: `${ctx.config.publicUrl}/signin`,
});

const auditMeta = (meta: Pick<RequestMeta, 'ip' | 'userAgent'>) => ({
  ip: meta.ip,
  userAgent: meta.userAgent,
});

export interface PasswordChanged {
  sessionsSignedOut: number;
  tokensRevoked: number;
}

/**
 * Sets a new password after checking the current one. Whoever had the old password may have signed in
 * elsewhere or minted tokens: every other session is signed out and every access token revoked, in the same
 * transaction. The session making the change stays signed in.
 */
export async function changePassword(
  ctx: AppContext,
  actor: Actor | null,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<PasswordChanged> {
  const a = requireSession(actor, needsSession);
  const member = await checkCurrentPassword(ctx, a.memberId, input.currentPassword, meta);
  if (input.newPassword === input.currentPassword) {
    throw badRequest(
      'PASSWORD_UNCHANGED',
      'The new password is the same as the current one. Choose another.',
      [{ path: 'body.newPassword', message: 'Choose a password different from the current one.' }],
    );
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.clock.now();
  const result = await ctx.db.transaction().execute(async (trx) => {
    await membersRepo.updateMember(trx, a.memberId, { password_hash: passwordHash, updated_at: iso(now) });
    const sessionsSignedOut = a.sessionId ? await repo.deleteOtherSessions(trx, a.memberId, a.sessionId) : 0;
    const tokensRevoked = await repo.revokeAllAccessTokens(trx, a.memberId, iso(now));
    await recordAudit(
      trx,
      {
        memberId: a.memberId,
        actorId: a.memberId,
        action: 'security.password_changed',
        subjectType: 'member',
        subjectId: a.memberId,
        detail: { sessionsSignedOut, tokensRevoked },
        ...auditMeta(meta),
      },
      now,
    );
    const instance = await adminRepo.getInstanceSettings(trx);
    await enqueueEmail(
      ctx,
      trx,
      {
        ...passwordChangedEmail({
          instanceName: instance.name,
          to: member.email,
          name: member.name,
          securityUrl: urls(ctx).security,
          resetUrl: urls(ctx).reset,
          sessionsSignedOut,
          tokensRevoked,
        }),
        memberId: a.memberId,
      },
      now,
    );
    return { sessionsSignedOut, tokensRevoked };
  });
  ctx.outbox.kick();
  return result;
}

export interface EmailChangeAnswer {
  status: 'confirmation_sent';
  email: string;
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Asks to move the account to a new address, after checking the current password. The new address gets a
 * link (an 'email_change' token carrying it); the current one is told a change was asked for. Nothing changes
 * until the link is opened (confirmEmailChange). The answer is the same whether or not the new address
 * belongs to another account, as sign-up's is: that address's owner gets an email saying so instead of a
 * link, and nobody else learns it.
 */
export async function changeEmail(
  ctx: AppContext,
  actor: Actor | null,
  input: { currentPassword: string; newEmail: string },
  meta: RequestMeta,
): Promise<EmailChangeAnswer> {
  const a = requireSession(actor, needsSession);
  const member = await checkCurrentPassword(ctx, a.memberId, input.currentPassword, meta);
  const newEmail = normaliseEmail(input.newEmail);
  if (newEmail === member.email) {
    throw badRequest('EMAIL_UNCHANGED', 'That is already the email address of your account.', [
      { path: 'body.newEmail', message: 'This is your current address. Enter a different one.' },
    ]);
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const instance = await adminRepo.getInstanceSettings(trx);
    const taken = await repo.emailBelongsToOther(trx, newEmail, a.memberId);
    if (taken) {
      await enqueueEmail(
        ctx,
        trx,
        emailChangeTakenEmail({ instanceName: instance.name, to: newEmail, signInUrl: urls(ctx).signIn }),
        now,
      );
    } else {
      const token = newSecret();
      await repo.insertEmailChangeToken(trx, {
        hash: hashSecret(token),
        memberId: a.memberId,
        newEmail,
        now: iso(now),
        expiresAt: iso(addMs(now, EMAIL_CHANGE_TTL)),
      });
      await enqueueEmail(
        ctx,
        trx,
        {
          ...emailChangeConfirmEmail({
            instanceName: instance.name,
            to: newEmail,
            name: member.name,
            url: `${ctx.config.publicUrl}/confirm-email?token=${encodeURIComponent(token)}`,
          }),
          memberId: a.memberId,
        },
        now,
      );
    }
    await enqueueEmail(
      ctx,
      trx,
      {
        ...emailChangeRequestedEmail({
          instanceName: instance.name,
          to: member.email,
          name: member.name,
          newEmail,
          securityUrl: urls(ctx).security,
          resetUrl: urls(ctx).reset,
        }),
        memberId: a.memberId,
      },
      now,
    );
    await recordAudit(
      trx,
      {
        memberId: a.memberId,
        actorId: a.memberId,
        action: 'security.email_change_requested',
        subjectType: 'member',
        subjectId: a.memberId,
        detail: { newEmail },
        ...auditMeta(meta),
      },
      now,
    );
  });
  ctx.outbox.kick();
  return { status: 'confirmation_sent', email: newEmail };
}

/**
 * Applies an email change from the link sent to the new address: opening it proves control of that
 * mailbox, so the address is confirmed too. The previous address is told. The token is the authority (the
 * link may be opened in a browser that is not signed in); it signs nobody in.
 */
export async function confirmEmailChange(
  ctx: AppContext,
  token: string,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<{ email: string }> {
  const now = ctx.clock.now();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const claimed = await repo.claimEmailChangeToken(trx, hashSecret(token), iso(now));
    if (!claimed) {
      throw badRequest(
        'TOKEN_INVALID',
        'This confirmation link is not valid any more (it may have expired, been used, or a newer change was asked for). Ask for the change again from your security settings.',
      );
    }
    const member = await membersRepo.findMemberById(trx, claimed.memberId);
    if (!member || member.deleted_at) throw badRequest('TOKEN_INVALID', 'This account no longer exists.');
    // Whoever opens the link controls the new mailbox, so saying the address is taken tells them nothing new.
    if (await repo.emailBelongsToOther(trx, claimed.newEmail, member.id)) {
      throw conflict(
        'EMAIL_TAKEN',
        `${claimed.newEmail} now belongs to another account, so your address was not changed. Choose another address.`,
      );
    }
    const previous = member.email;
    await membersRepo.updateMember(trx, member.id, {
      email: claimed.newEmail,
      email_verified_at: iso(now),
      updated_at: iso(now),
    });
    await recordAudit(
      trx,
      {
        memberId: member.id,
        actorId: member.id,
        action: 'security.email_changed',
        subjectType: 'member',
        subjectId: member.id,
        detail: { from: previous, to: claimed.newEmail },
        ...auditMeta(meta),
      },
      now,
    );
    const instance = await adminRepo.getInstanceSettings(trx);
    await enqueueEmail(
      ctx,
      trx,
      {
        ...emailChangedEmail({
          instanceName: instance.name,
          to: previous,
          name: member.name,
          newEmail: claimed.newEmail,
          signInUrl: urls(ctx).signIn,
        }),
        memberId: member.id,
      },
      now,
    );
    return { email: claimed.newEmail };
  });
  ctx.outbox.kick();
  return result;
}

export interface SessionView {
  id: string;
  device: string;
  userAgent: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}

/** The member's live sessions, the most recently used first; `current` marks the one asking. */
export async function listSessions(ctx: AppContext, actor: Actor | null): Promise<SessionView[]> {
  const a = requireSession(actor, needsSession);
  const rows = await repo.listLiveSessions(ctx.db, a.memberId, iso(ctx.clock.now()), SESSIONS_SHOWN);
  const items = rows.map((r) => ({
    id: r.id,
    device: describeDevice(r.user_agent),
    userAgent: r.user_agent,
    ip: r.ip,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    current: r.id === a.sessionId,
  }));
  // This browser first: it is the one the member recognises.
  return [...items.filter((s) => s.current), ...items.filter((s) => !s.current)];
}

/**
 * Signs one of the member's sessions out. Another member's session (or one that has ended) is "not found":
 * its id is not confirmed. Revoking the current session signs this browser out, like signing out.
 */
export async function revokeSession(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<void> {
  const a = requireSession(actor, needsSession);
  const now = ctx.clock.now();
  const session = await repo.findMemberSession(ctx.db, a.memberId, id, iso(now));
  if (!session) throw notFound('Session', 'SESSION_NOT_FOUND');
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.deleteSession(trx, a.memberId, id))) throw notFound('Session', 'SESSION_NOT_FOUND');
    await recordAudit(
      trx,
      {
        memberId: a.memberId,
        actorId: a.memberId,
        action: 'security.session_revoked',
        subjectType: 'session',
        subjectId: id,
        detail: {
          device: describeDevice(session.user_agent),
          ip: session.ip,
          current: id === a.sessionId,
        },
        ...auditMeta(meta),
      },
      now,
    );
  });
}
