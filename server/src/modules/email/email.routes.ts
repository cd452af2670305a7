import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/http-schemas.js';
import {
  emailSettings,
  emailSettingsPatch,
  tokenBody,
  tokenQuery,
  unsubscribeView,
} from './email.schemas.js';
import * as service from './email.service.js';

export const emailRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['email'];
  // Make (or read) the unsubscribe key before the first request, outside any transaction, so it is cached.
  // Only a warm-up: on a database not yet migrated the first email makes it instead.
  app.addHook('onReady', async () => {
    await service.unsubscribeKey(ctx).catch((error: unknown) => {
      ctx.log.debug({ err: error }, 'unsubscribe key not ready yet');
    });
  });

  app.get('/me/email-settings', {
    schema: {
      operationId: 'getEmailSettings',
      tags,
      summary: 'Your email settings',
      description:
        'For each kind of event email: now, bundled into the daily digest, or off; and the digest itself (on or off, and its local hour).',
      response: { 200: emailSettings, ...errorResponses(401) },
    },
    handler: async (req) => service.getEmailSettings(ctx, req.actor),
  });

  app.patch('/me/email-settings', {
    schema: {
      operationId: 'updateEmailSettings',
      tags,
      summary: 'Change your email settings',
      description:
        'Partial: send only what changes. `kinds` maps an email kind to a mode (the digest kind is `now` or `off` only). Turning the digest on or changing its hour schedules the next one afresh.',
      body: emailSettingsPatch,
      response: { 200: emailSettings, ...errorResponses(400, 401, 403) },
    },
    handler: async (req) => service.updateEmailSettings(ctx, req.actor, req.body),
  });

  app.get('/email/unsubscribe', {
    schema: {
      operationId: 'describeUnsubscribe',
      tags,
      summary: 'What an unsubscribe link is for',
      description:
        'For the unsubscribe page: the kind of email the token stops and its current mode. Changes nothing, so a link scanner opening it unsubscribes no one.',
      querystring: tokenQuery,
      response: { 200: unsubscribeView, ...errorResponses(400) },
    },
    handler: async (req) => service.describeUnsubscribe(ctx, req.query.token),
  });

  // RFC 8058: the mail provider posts here with no cookie and no CSRF token; the signed token is the
  // authority. Its own scope, so the form body is accepted on this route only.
  const oneClickScope: FastifyPluginAsyncZod = async (oneClick) => {
    const ignoreBody = (_req: unknown, _body: string, done: (err: null, body: undefined) => void) =>
      done(null, undefined);
    // The body is `List-Unsubscribe=One-Click`, urlencoded or as multipart (RFC 8058's example); the token
    // in the URL decides, so the body is read and dropped.
    oneClick.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, ignoreBody);
    oneClick.addContentTypeParser('multipart/form-data', { parseAs: 'string' }, ignoreBody);
    oneClick.post('/email/unsubscribe', {
      config: { csrfExempt: true },
      schema: {
        operationId: 'unsubscribeOneClick',
        tags,
        summary: 'One-click unsubscribe (RFC 8058)',
        description:
          'The target of the `List-Unsubscribe` header. No session or CSRF token: the signed token in the URL says whom and which kind of email. Body `List-Unsubscribe=One-Click` (form-encoded) or empty. Answers 200 with no redirect; repeating it changes nothing. The digest token turns the digest off.',
        querystring: tokenQuery,
        response: { 200: unsubscribeView, ...errorResponses(400) },
      },
      handler: async (req) => service.unsubscribeOneClick(ctx, req.query.token),
    });
  };
  await app.register(oneClickScope);

  app.post('/email/resubscribe', {
    schema: {
      operationId: 'resubscribeByToken',
      tags,
      summary: 'Undo an unsubscribe',
      description:
        'From the unsubscribe page: the kind of email goes back to its default mode (the digest back on).',
      body: tokenBody,
      response: { 200: unsubscribeView, ...errorResponses(400, 403) },
    },
    handler: async (req) => service.resubscribeByToken(ctx, req.body.token),
  });
};
