import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/http-schemas.js';
import { auditPage, auditQuery } from './audit.schemas.js';
import * as service from './audit.service.js';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;

  app.get('/audit-log', {
    schema: {
      operationId: 'listAuditLog',
      tags: ['audit'],
      summary: 'Read the audit log',
      description:
        'Security events and admin actions, newest first, each with a readable `description`; cursor paged. A member reads the events that concern them (sign-ins from a new device, password and email changes, sessions signed out, access tokens, deletion requests, admin actions on their account). An administrator may read everyone’s with `scope=all`, optionally for one member (`member=<handle>`); anyone else asking for that gets 403 `ADMIN_ONLY`.',
      querystring: auditQuery,
      response: { 200: auditPage, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (req) => service.listAuditLog(ctx, req.actor, req.query),
  });
};
