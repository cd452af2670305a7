import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../../shared/errors.js';
import { errorResponses, idParam } from '../../shared/http-schemas.js';
import { boardQuery, overflowBody, overflowDetail, overflowPage, overflowPatch } from './overflow.schemas.js';
import * as service from './overflow.service.js';

export const overflowRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['overflow'];

  app.get('/overflow', {
    schema: {
      operationId: 'listOverflow',
      tags,
      summary: 'The board: open overflow you may see',
      description:
        'Filter by skills, effort range and due date; sort by newest or soonest due. The postings that fit you are `recommendOverflow`. Cursor-paginated.',
      querystring: boardQuery,
      response: { 200: overflowPage, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (req) => {
      if (req.query.status === 'all' && !req.query.owner) {
        throw badRequest('OWNER_REQUIRED', 'status=all needs an owner (a handle or `me`).');
      }
      return service.listOverflow(ctx, req.actor, req.query);
    },
  });

  app.post('/overflow', {
    schema: {
      operationId: 'createOverflow',
      tags,
      summary: 'Post overflow',
      description:
        'Work you lack time for. A direct ask (`visibility: ask`) is only possible to one of your ties; to a stranger it is refused with `ASK_REQUIRES_TIE`: offer before you ask.',
      body: overflowBody,
      response: { 201: overflowDetail, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await service.createOverflow(ctx, req.actor, req.body)),
  });

  app.get('/overflow/:id', {
    schema: {
      operationId: 'getOverflow',
      tags,
      summary: 'One overflow',
      description: 'With what the viewer can do (offer, or why not). Overflow you may not see is 404.',
      params: idParam,
      response: { 200: overflowDetail, ...errorResponses(400, 404) },
    },
    handler: async (req) => service.getOverflow(ctx, req.actor, req.params.id),
  });

  app.patch('/overflow/:id', {
    schema: {
      operationId: 'updateOverflow',
      tags,
      summary: 'Edit your overflow (while open)',
      params: idParam,
      body: overflowPatch,
      response: { 200: overflowDetail, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req) => service.updateOverflow(ctx, req.actor, req.params.id, req.body),
  });

  app.post('/overflow/:id/cancel', {
    schema: {
      operationId: 'cancelOverflow',
      tags,
      summary: 'Cancel your open overflow',
      description: 'Pending offers are declined with a courteous notification.',
      params: idParam,
      body: z.strictObject({}).optional(),
      response: { 200: overflowDetail, ...errorResponses(401, 403, 404, 409) },
    },
    handler: async (req) => service.cancelOverflow(ctx, req.actor, req.params.id),
  });
};
