import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/http-schemas.js';
import { deletionBody, deletionState } from './deletion.schemas.js';
import * as service from './deletion.service.js';

const meta = (req: FastifyRequest): service.RequestMeta => ({
  ip: req.ip,
  userAgent: String(req.headers['user-agent'] ?? ''),
});

export const deletionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['account'];

  app.post('/me/deletion', {
    schema: {
      operationId: 'requestAccountDeletion',
      tags,
      summary: 'Ask for your account to be deleted',
      description:
        'From a signed-in browser session only (403 `SESSION_REQUIRED` with an access token). Needs your current password and your handle typed to confirm (400 `DELETION_PASSWORD_INCORRECT` / `DELETION_HANDLE_MISMATCH`). Starts a 7-day grace period: the answer and an email give the date; signing in or `cancelAccountDeletion` before then keeps the account (409 `DELETION_ALREADY_PENDING` while one is waiting). Then your personal data is removed, open overflow cancelled, pending offers withdrawn and active engagements abandoned with a notice to the other member; what others own stays and shows you as "a former member" (docs/account-deletion.md).',
      body: deletionBody,
      response: { 202: deletionState, ...errorResponses(400, 401, 403, 409) },
    },
    handler: async (req, reply) =>
      reply.code(202).send(await service.requestAccountDeletion(ctx, req.actor, req.body, meta(req))),
  });

  app.delete('/me/deletion', {
    schema: {
      operationId: 'cancelAccountDeletion',
      tags,
      summary: 'Cancel the deletion of your account',
      description:
        'Keeps the account: the pending deletion is cancelled, recorded in your audit log and confirmed by email. Answers 200 with `dueAt: null` also when nothing was pending (the message says so). Signing in during the grace period does the same.',
      response: { 200: deletionState, ...errorResponses(401, 403) },
    },
    handler: async (req) => service.cancelAccountDeletion(ctx, req.actor, meta(req)),
  });
};
