import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, DEVICE_COOKIE } from '../../plugins/auth.js';
import { authRateLimit } from '../../plugins/security.js';
import { errorResponses } from '../../shared/http-schemas.js';
import type { RequestMeta } from './auth.service.js';
import {
  changeEmailBody,
  changePasswordBody,
  confirmEmailChangeBody,
  emailChangeAnswer,
  emailChanged,
  passwordChanged,
  sessionIdParam,
  sessionItem,
} from './security.schemas.js';
import * as service from './security.service.js';

const meta = (req: FastifyRequest): RequestMeta => ({
  ip: req.ip,
  userAgent: String(req.headers['user-agent'] ?? ''),
  deviceToken: req.cookies[DEVICE_COOKIE],
});

/**
 * The member's account security: password, email address, sessions. Under /auth so the device cookie
 * (path /api/v1/auth) comes along: checking the current password counts under the sign-in limits, and a
 * browser that signed in before keeps its own budget.
 */
export const securityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['account security'];

  app.post('/auth/password', {
    schema: {
      operationId: 'changePassword',
      tags,
      summary: 'Change your password',
      description:
        'Needs the current password (403 `WRONG_PASSWORD` when it is not; wrong guesses count under the failed sign-in limits, 429 past them) and a new one that follows the sign-up rules (400). Signs out every other session of the account and revokes every access token; this session stays signed in. The member is told by email and the change is in their activity (`security.password_changed`). Needs a browser session.',
      body: changePasswordBody,
      response: { 200: passwordChanged, ...errorResponses(400, 401, 403, 429) },
    },
    handler: async (req) => {
      const done = await service.changePassword(ctx, req.actor, req.body, meta(req));
      return { ...done, message: 'Your password is changed. Other browsers were signed out.' };
    },
  });

  app.post('/auth/email', {
    config: authRateLimit(ctx.config),
    schema: {
      operationId: 'changeEmail',
      tags,
      summary: 'Change your email address',
      description:
        'Needs the current password (403 `WRONG_PASSWORD`). Sends a confirmation link to the new address (`confirmEmailChange` applies it; 24 hours, once) and tells the current address that a change was asked for; nothing changes until the link is opened. Answers `202` with the same body whether or not the new address belongs to another account, as sign-up does: that address gets an email saying so instead of a link. 400 `EMAIL_UNCHANGED` for the current address. Needs a browser session.',
      body: changeEmailBody,
      response: { 202: emailChangeAnswer, ...errorResponses(400, 401, 403, 429) },
    },
    handler: async (req, reply) => {
      const answer = await service.changeEmail(ctx, req.actor, req.body, meta(req));
      return reply.code(202).send({
        ...answer,
        message: `We sent a confirmation link to ${answer.email}. Your address changes when you open it.`,
      });
    },
  });

  app.post('/auth/email/confirm', {
    config: authRateLimit(ctx.config),
    schema: {
      operationId: 'confirmEmailChange',
      tags,
      summary: 'Confirm a new email address',
      description:
        'Uses the token from the link sent to the new address: the account now uses it, confirmed, and the previous address is told. Works without a session (the token is the authority) and signs nobody in. 400 `TOKEN_INVALID` for an expired, used or superseded link; 409 `EMAIL_TAKEN` when the address came to belong to another account meanwhile.',
      body: confirmEmailChangeBody,
      response: { 200: emailChanged, ...errorResponses(400, 409, 429) },
    },
    handler: async (req) => {
      const { email } = await service.confirmEmailChange(ctx, req.body.token, meta(req));
      return { email, message: `Your account now uses ${email}. Sign in with it from now on.` };
    },
  });

  app.get('/auth/sessions', {
    schema: {
      operationId: 'listSessions',
      tags,
      summary: 'List your active sessions',
      description:
        'The browsers signed in to your account (up to 100, the current one first, then the most recently used): a readable device, the address it signed in from, when it started and was last seen. Needs a browser session.',
      response: { 200: z.object({ items: z.array(sessionItem) }), ...errorResponses(401, 403) },
    },
    handler: async (req) => ({ items: await service.listSessions(ctx, req.actor) }),
  });

  app.delete('/auth/sessions/:id', {
    schema: {
      operationId: 'revokeSession',
      tags,
      summary: 'Sign out one of your sessions',
      description:
        'The session stops working at once. Only your own sessions: any other id is 404 `SESSION_NOT_FOUND`. Revoking the current session signs this browser out. Recorded in your activity (`security.session_revoked`). Needs a browser session.',
      params: sessionIdParam,
      response: { 204: z.null(), ...errorResponses(401, 403, 404) },
    },
    handler: async (req, reply) => {
      await service.revokeSession(ctx, req.actor, req.params.id, meta(req));
      if (req.params.id === req.actor?.sessionId) clearSessionCookie(reply, ctx.config.https);
      return reply.code(204).send(null);
    },
  });
};
