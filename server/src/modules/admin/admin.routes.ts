import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParam } from '../../shared/http-schemas.js';
import * as service from './admin.service.js';
import {
  instance,
  instancePatch,
  invite,
  memberHandleParams,
  memberTrust,
  memberTrustBody,
  outboxMessage,
  outboxPage,
  outboxQuery,
} from './admin.schemas.js';

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['instance'];

  app.get('/instance', {
    schema: {
      operationId: 'getInstance',
      tags,
      summary: 'This instance: name and sign-up rules',
      description: 'Public, so the sign-up page can explain who may join.',
      response: { 200: instance },
    },
    handler: async () => service.getInstance(ctx),
  });

  app.patch('/instance', {
    schema: {
      operationId: 'updateInstance',
      tags,
      summary: 'Change the instance settings (admin)',
      description:
        'Name, whether sign-up is open, invite-only, or limited to email domains, the review window, and whether the community insights are public.',
      body: instancePatch,
      response: { 200: instance, ...errorResponses(400, 401, 403) },
    },
    handler: async (req) => service.updateInstance(ctx, req.actor, req.body),
  });

  app.post('/instance/invites', {
    schema: {
      operationId: 'createInvite',
      tags,
      summary: 'Create an invite code (admin)',
      description: 'A single-use code valid for 14 days, for invite-only sign-up.',
      body: z.strictObject({}).optional(),
      response: { 201: invite, ...errorResponses(401, 403) },
    },
    handler: async (req, reply) => reply.code(201).send(await service.createInvite(ctx, req.actor)),
  });

  app.get('/admin/members/:handle', {
    schema: {
      operationId: 'getMemberTrust',
      tags: ['admin'],
      summary: "A member's trust as a seed of merit (admin)",
      description: 'Looks a member up by handle for the trusted toggle on the admin page.',
      params: memberHandleParams,
      response: { 200: memberTrust, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (req) => service.getMemberTrust(ctx, req.actor, req.params.handle),
  });

  app.put('/admin/members/:handle/trusted', {
    schema: {
      operationId: 'setMemberTrusted',
      tags: ['admin'],
      summary: 'Mark a member trusted, or not (admin)',
      description:
        'Trusted members join the admins as the seeds merit flows from. Takes effect at the next merit recomputation (every few minutes).',
      params: memberHandleParams,
      body: memberTrustBody,
      response: { 200: memberTrust, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (req) => service.setMemberTrusted(ctx, req.actor, req.params.handle, req.body.trusted),
  });

  app.get('/admin/outbox', {
    schema: {
      operationId: 'adminListOutbox',
      tags: ['admin'],
      summary: 'Recent emails in the outbox, newest first (admin)',
      description:
        'Every email the instance sends is a row here: pending (still to be tried, with its next attempt), sent (accepted by the mail server) or failed (refused for good, or out of attempts), with the attempts and the last error. Filter by `status`. Cursor-paginated: `nextCursor` gives older rows. No content: open one message for that.',
      querystring: outboxQuery,
      response: { 200: outboxPage, ...errorResponses(400, 401, 403) },
    },
    handler: async (req) => service.listOutbox(ctx, req.actor, req.query),
  });

  app.get('/admin/outbox/:id', {
    schema: {
      operationId: 'adminGetOutboxMessage',
      tags: ['admin'],
      summary: 'One email with its content and headers (admin)',
      description:
        "Reading it is reading a member's email: every read is recorded in the admin audit. The HTML is what the member receives; show it only in a sandboxed frame.",
      params: idParam,
      response: { 200: outboxMessage, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (req) => service.getOutboxMessage(ctx, req.actor, req.params.id),
  });
};
