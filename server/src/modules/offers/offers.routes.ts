import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParam } from '../../shared/http-schemas.js';
import {
  capacityView,
  declineBody,
  myOffersPage,
  myOffersQuery,
  offerBody,
  offerView,
} from './offers.schemas.js';
import * as service from './offers.service.js';

export const offersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['offers'];

  app.post('/overflow/:id/offers', {
    schema: {
      operationId: 'createOffer',
      tags,
      summary: 'Offer to help',
      description:
        'A pitch, up to five of your own work records as evidence, and when you can deliver. One pending offer per overflow. Refused with `CAPACITY_REACHED` when your engagements (active, or delivered and awaiting review) fill your capacity or you have 5 pending offers.',
      params: idParam,
      body: offerBody,
      response: { 201: offerView, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await service.createOffer(ctx, req.actor, req.params.id, req.body)),
  });

  app.get('/overflow/:id/offers', {
    schema: {
      operationId: 'listOffersForOverflow',
      tags,
      summary: 'Offers on an overflow',
      description:
        "The owner sees every offer with each helper's verified work; a helper sees only their own.",
      params: idParam,
      response: { 200: z.object({ items: z.array(offerView) }), ...errorResponses(401, 404) },
    },
    handler: async (req) => ({ items: await service.listOffersForOverflow(ctx, req.actor, req.params.id) }),
  });

  app.get('/me/offers', {
    schema: {
      operationId: 'listMyOffers',
      tags,
      summary: 'Offers you made',
      querystring: myOffersQuery,
      response: { 200: myOffersPage, ...errorResponses(400, 401) },
    },
    handler: async (req) => service.listMyOffers(ctx, req.actor, req.query),
  });

  app.get('/me/capacity', {
    schema: {
      operationId: 'getMyCapacity',
      tags,
      summary: 'Your capacity and pending offers, before you offer',
      description:
        'The two rules `createOffer` applies: engagements as a helper (active, or delivered and awaiting review) against your capacity, and pending offers against the most you can have at once. `blockedReason` says why a new offer would be refused now.',
      response: { 200: capacityView, ...errorResponses(401) },
    },
    handler: async (req) => service.getMyCapacity(ctx, req.actor),
  });

  app.post('/offers/:id/withdraw', {
    schema: {
      operationId: 'withdrawOffer',
      tags,
      summary: 'Withdraw your pending offer',
      description:
        'The owner’s “offered to help” notification then says you withdrew it, and the owner no longer sees your pitch.',
      params: idParam,
      body: z.strictObject({}).optional(),
      response: { 200: offerView, ...errorResponses(401, 403, 404, 409) },
    },
    handler: async (req) => service.withdrawOffer(ctx, req.actor, req.params.id),
  });

  app.post('/offers/:id/decline', {
    schema: {
      operationId: 'declineOffer',
      tags,
      summary: 'Decline an offer on your overflow',
      description: 'Optionally with a short, kind note to the helper.',
      params: idParam,
      body: declineBody,
      response: { 200: offerView, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req) => service.declineOffer(ctx, req.actor, req.params.id, req.body ?? {}),
  });

  app.post('/offers/:id/accept', {
    schema: {
      operationId: 'acceptOffer',
      tags,
      summary: 'Accept an offer and start the engagement',
      description:
        'The overflow becomes assigned, an engagement starts and the other pending offers are declined with a courteous notification. A second accept (double-click, or another offer) gets 409.',
      params: idParam,
      body: z.strictObject({}).optional(),
      response: { 201: z.object({ engagementId: z.string() }), ...errorResponses(401, 403, 404, 409) },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await service.acceptOffer(ctx, req.actor, req.params.id)),
  });
};
