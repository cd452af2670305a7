import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor, AppContext } from '../context.js';
import { authenticate } from '../modules/auth/auth.service.js';
import { AppError, forbidden } from '../shared/errors.js';
import { isApiRequest } from './api-paths.js';

export const SESSION_COOKIE = 'slipstream_session';
/** Marks a browser that signed in before (docs/decisions/0011-sign-in-throttling.md); sent only to sign-in routes. */
export const DEVICE_COOKIE = 'slipstream_device';
const DEVICE_COOKIE_PATH = '/api/v1/auth';
const DEVICE_COOKIE_DAYS = 365;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | undefined;
  }
  interface FastifyContextConfig {
    /** The route carries its own authority (a signed token) and takes no CSRF check. */
    csrfExempt?: boolean;
  }
}

export function setSessionCookie(reply: FastifyReply, secret: string, expiresAt: string, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function setDeviceCookie(reply: FastifyReply, token: string, secure: boolean) {
  reply.setCookie(DEVICE_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: DEVICE_COOKIE_PATH,
    maxAge: DEVICE_COOKIE_DAYS * 24 * 60 * 60,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

function bearerOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : '';
}

/**
 * The request's origin is ours (or the browser sent none): a cross-site form cannot post here. "Ours" is the
 * Host the request was sent to, or PUBLIC_URL (a reverse proxy may rewrite Host).
 */
function sameOrigin(req: FastifyRequest, publicOrigin: string): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === undefined;
  try {
    const url = new URL(origin);
    return url.origin === publicOrigin || url.host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Resolves `request.actor` from a bearer token or the session cookie, and defends cookie sessions
 * against CSRF: unsafe methods need the session's `X-CSRF-Token`, and an anonymous unsafe request
 * (sign-in, sign-up) must come from our own origin. Bearer requests carry no ambient credentials, so
 * they need neither.
 */
export const authPlugin = fp<{ ctx: AppContext }>(async (app, { ctx }) => {
  const publicOrigin = new URL(ctx.config.publicUrl).origin;
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', undefined);

  app.addHook('onRequest', async (req) => {
    if (!isApiRequest(req)) return;
    const bearer = bearerOf(req);
    const result = await authenticate(ctx, { bearer, sessionSecret: req.cookies[SESSION_COOKIE] });
    if (result === 'invalid-token') {
      throw new AppError(
        401,
        'INVALID_TOKEN',
        'This access token is not valid: it may be revoked, expired or mistyped.',
      );
    }
    if (result) {
      const { csrfToken, ...actor } = result;
      req.actor = actor;
      req.csrfToken = csrfToken;
    }
    if (SAFE_METHODS.has(req.method)) return;
    // A route that carries its own authority (RFC 8058 one-click unsubscribe: a signed token, posted by a
    // mail provider with no session) opts out; it must not act on req.actor.
    if (req.routeOptions.config?.csrfExempt) return;
    if (req.actor?.via === 'session') {
      if (req.headers['x-csrf-token'] !== req.csrfToken) {
        throw forbidden(
          'This request is missing its CSRF token. Reload the page and try again.',
          'CSRF_FAILED',
        );
      }
    } else if (!req.actor && !sameOrigin(req, publicOrigin)) {
      throw forbidden('Cross-site requests are not accepted.', 'CSRF_FAILED');
    }
  });
});
