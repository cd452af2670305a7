import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParam } from '../../shared/http-schemas.js';
import { clearSessionCookie, DEVICE_COOKIE, setDeviceCookie, setSessionCookie } from '../../plugins/auth.js';
import { authRateLimit } from '../../plugins/security.js';
import * as service from './auth.service.js';
import {
  accessToken,
  createdAccessToken,
  createTokenBody,
  emailBody,
  loginBody,
  message,
  registerBody,
  resetBody,
  sessionReply,
  sessionState,
  signUpReply,
  tokenBody,
} from './auth.schemas.js';

const meta = (req: FastifyRequest): service.RequestMeta => ({
  ip: req.ip,
  userAgent: String(req.headers['user-agent'] ?? ''),
  deviceToken: req.cookies[DEVICE_COOKIE],
});

function signedIn(reply: FastifyReply, s: service.SignedIn, secure: boolean) {
  setSessionCookie(reply, s.sessionSecret, s.expiresAt, secure);
  setDeviceCookie(reply, s.deviceToken, secure);
  return { member: s.member, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['auth'];

  app.post('/auth/register', {
    config: authRateLimit(ctx.config),
    schema: {
      operationId: 'register',
      tags,
      summary: 'Sign up',
      description:
        'Asks for an account and answers `202` with the same body for every address, and signs nobody in (no cookie). The account is made after the answer: a new address gets a confirmation link that confirms it and signs the new member in (`verifyEmail`); an address that already has an account gets no new one, and its owner an email saying someone tried to sign up with it. So neither the answer, its timing, nor a session tells whether an address is registered. Errors that do not depend on the address still answer at once: validation (400), a domain the instance does not allow or a missing or unusable invite code (403), a handle that is taken (409). The first account on a new instance becomes its administrator and is not held by the sign-up rules.',
      body: registerBody,
      response: { 202: signUpReply, ...errorResponses(400, 403, 409, 429) },
    },
    handler: async (req, reply) => reply.code(202).send(await service.register(ctx, req.body)),
  });

  app.post('/auth/verify-email', {
    config: authRateLimit(ctx.config),
    schema: {
      operationId: 'verifyEmail',
      tags,
      summary: 'Confirm an email address and sign in',
      description:
        'Uses the token from the confirmation email: confirms the address and signs its member in (a new session cookie, and the browser is trusted like after a sign-in). This is how a new member first signs in after sign-up. Each link works once, for 48 hours.',
      body: tokenBody,
      response: { 200: sessionReply, ...errorResponses(400, 429) },
    },
    handler: async (req, reply) =>
      signedIn(reply, await service.verifyEmail(ctx, req.body.token, meta(req)), ctx.config.https),
  });

  app.post('/auth/verify-email/resend', {
    config: authRateLimit(ctx.config),
    schema: {
      operationId: 'resendVerification',
      tags,
      summary: 'Send a new confirmation email',
      body: z.strictObject({}).optional(),
      response: { 202: message, ...errorResponses(401, 403, 409, 429) },
    },
    handler: async (req, reply) => {
      await service.resendVerification(ctx, req.actor);
      return reply.code(202).send({ message: 'A new confirmation link is on its way.' });
    },
  });

  app.post('/auth/login', {
    schema: {
      operationId: 'login',
      tags,
      summary: 'Sign in',
      description:
        'Starts a new session (a fresh cookie every time) and marks the browser as one that signed in before (device cookie). Failed attempts are limited per account and IP, per IP, and to 100 per account per hour from browsers the account does not know; a browser that signed in before has its own limit, so nobody else can lock its owner out. Over a limit the answer is 429 with `Retry-After`. The answer never says whether the email exists.',
      body: loginBody,
      response: { 200: sessionReply, ...errorResponses(400, 401, 429) },
    },
    handler: async (req, reply) =>
      signedIn(reply, await service.login(ctx, req.body, meta(req)), ctx.config.https),
  });

  app.post('/auth/logout', {
    schema: {
      operationId: 'logout',
      tags,
      summary: 'Sign out',
      description: 'Revokes the current session and clears its cookie.',
      response: { 204: z.null(), ...errorResponses(401, 403) },
    },
    handler: async (req, reply) => {
      await service.logout(ctx, req.actor);
      clearSessionCookie(reply, ctx.config.https);
      return reply.code(204).send(null);
    },
  });

  app.get('/auth/session', {
    schema: {
      operationId: 'getSession',
      tags,
      summary: 'Who am I',
      description:
        'The signed-in member and the CSRF token for this session; `{ "member": null, "csrfToken": null }` when nobody is signed in (not an error: every signed-out page asks). A bad access token still answers 401.',
      response: { 200: sessionState, ...errorResponses(401) },
    },
    handler: async (req) => {
      const member = await service.sessionMember(ctx, req.actor);
      return member ? { member, csrfToken: req.csrfToken ?? '' } : { member: null, csrfToken: null };
    },
  });

  app.post('/auth/password-reset/request', {
    config: authRateLimit(ctx.config),
    schema: {
      operationId: 'requestPasswordReset',
      tags,
      summary: 'Email a password reset link',
      description:
        'Always answers 202 at once, whether or not the email belongs to an account: the email is looked up and the link sent after the answer.',
      body: emailBody,
      response: { 202: message, ...errorResponses(400, 429) },
    },
    handler: async (req, reply) => {
      service.requestPasswordReset(ctx, req.body.email);
      return reply.code(202).send({
        message: 'If an account uses this address, a reset link is on its way. It works for one hour.',
      });
    },
  });

  app.post('/auth/password-reset/confirm', {
    config: authRateLimit(ctx.config),
    schema: {
      operationId: 'resetPassword',
      tags,
      summary: 'Choose a new password',
      description:
        'Uses the token from the reset email. Signs out every existing session of the account, revokes its access tokens and trusted browsers, forgets its failed sign-ins, and trusts this browser.',
      body: resetBody,
      response: { 200: message, ...errorResponses(400, 429) },
    },
    handler: async (req, reply) => {
      const { deviceToken } = await service.resetPassword(ctx, req.body, meta(req));
      setDeviceCookie(reply, deviceToken, ctx.config.https);
      return { message: 'Your password is changed. Sign in with the new one.' };
    },
  });

  const tokenTags = ['access tokens'];
  app.get('/me/access-tokens', {
    schema: {
      operationId: 'listAccessTokens',
      tags: tokenTags,
      summary: 'List your personal access tokens',
      description: 'Active (unrevoked) tokens. Needs a browser session.',
      response: { 200: z.object({ items: z.array(accessToken) }), ...errorResponses(401, 403) },
    },
    handler: async (req) => ({ items: await service.listAccessTokens(ctx, req.actor) }),
  });

  app.post('/me/access-tokens', {
    schema: {
      operationId: 'createAccessToken',
      tags: tokenTags,
      summary: 'Create a personal access token',
      description:
        'Returns the secret once; only its hash is stored. Use it as `Authorization: Bearer <token>`. Expires after `expiresInDays` (1–365; 90 when left out); `null` asks for a token that never expires. Recorded in your activity (`security.token_created`). Needs a browser session.',
      body: createTokenBody,
      response: { 201: createdAccessToken, ...errorResponses(400, 401, 403, 409) },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await service.createAccessToken(ctx, req.actor, req.body, meta(req))),
  });

  app.delete('/me/access-tokens/:id', {
    schema: {
      operationId: 'revokeAccessToken',
      tags: tokenTags,
      summary: 'Revoke a personal access token',
      description:
        'The token stops working immediately. Recorded in your activity (`security.token_revoked`).',
      params: idParam,
      response: { 204: z.null(), ...errorResponses(401, 403, 404) },
    },
    handler: async (req, reply) => {
      await service.revokeAccessToken(ctx, req.actor, req.params.id, meta(req));
      return reply.code(204).send(null);
    },
  });
};
