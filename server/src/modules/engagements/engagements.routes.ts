import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, idParam, pageOf } from '../../shared/http-schemas.js';
import {
  abandonBody,
  completeBody,
  deliveryBody,
  engagementDetail,
  engagementView,
  myEngagementsQuery,
  revisionBody,
} from './engagements.schemas.js';
import * as service from './engagements.service.js';

export const engagementsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['engagements'];

  app.get('/engagements/:id', {
    schema: {
      operationId: 'getEngagement',
      tags,
      summary: 'One engagement, with its timeline',
      description: 'Only the owner and the helper (and admins) can see it.',
      params: idParam,
      response: { 200: engagementDetail, ...errorResponses(401, 404) },
    },
    handler: async (req) => service.getEngagement(ctx, req.actor, req.params.id),
  });

  app.get('/me/engagements', {
    schema: {
      operationId: 'listMyEngagements',
      tags,
      summary: 'Your engagements',
      description: 'As helper, owner or both; live (active, delivered) or closed.',
      querystring: myEngagementsQuery,
      response: { 200: pageOf(engagementView), ...errorResponses(400, 401) },
    },
    handler: async (req) => service.listMyEngagements(ctx, req.actor, req.query),
  });

  app.post('/engagements/:id/deliveries', {
    schema: {
      operationId: 'submitDelivery',
      tags,
      summary: 'Deliver (helper)',
      description: `A note and links. If the owner neither completes nor asks for a revision within the review window (14 days by default), the engagement completes by itself.`,
      params: idParam,
      body: deliveryBody,
      response: { 201: engagementView, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await service.submitDelivery(ctx, req.actor, req.params.id, req.body)),
  });

  app.post('/engagements/:id/revision-requests', {
    schema: {
      operationId: 'requestRevision',
      tags,
      summary: 'Ask for a revision (owner)',
      params: idParam,
      body: revisionBody,
      response: { 201: engagementView, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await service.requestRevision(ctx, req.actor, req.params.id, req.body)),
  });

  app.post('/engagements/:id/complete', {
    schema: {
      operationId: 'completeEngagement',
      tags,
      summary: 'Complete with a review (owner)',
      description:
        "A rating (1–5), an endorsement and which of the overflow's skills were demonstrated. In one transaction: a verified work record on the helper's profile, a tie between you (or a stronger one), ledger entries and notifications.",
      params: idParam,
      body: completeBody,
      response: { 200: engagementView, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req) => service.completeEngagement(ctx, req.actor, req.params.id, req.body),
  });

  app.post('/engagements/:id/abandon', {
    schema: {
      operationId: 'abandonEngagement',
      tags,
      summary: 'Abandon (either side)',
      description:
        "The overflow reopens, nothing is credited, and the abandonment shows in the helper's completion record.",
      params: idParam,
      body: abandonBody,
      response: { 200: engagementView, ...errorResponses(400, 401, 404, 409) },
    },
    handler: async (req) => service.abandonEngagement(ctx, req.actor, req.params.id, req.body),
  });
};
