import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParam, pageOf } from '../../shared/http-schemas.js';
import {
  ledgerView,
  noticedBody,
  noticedQuery,
  noticedView,
  thanksBody,
  thanksPage,
  thanksWallParams,
  tiesQuery,
  tieView,
} from './ties.schemas.js';
import * as service from './ties.service.js';
import { keepInTouchView, networkView } from './network.schemas.js';
import * as networkService from './network.service.js';

export const tiesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;

  app.get('/me/ties', {
    schema: {
      operationId: 'listTies',
      tags: ['ties'],
      summary: 'Your ties, with the give/take balance of each',
      description:
        'Ties form only from completed engagements and accepted noticed notes. There is no connect button. Newest activity first, a page at a time (`cursor` from `nextCursor`); `member` asks for your tie with one handle.',
      querystring: tiesQuery,
      response: { 200: pageOf(tieView), ...errorResponses(400, 401) },
    },
    handler: async (req) => service.listTies(ctx, req.actor, req.query),
  });

  app.get('/me/ledger', {
    schema: {
      operationId: 'getLedger',
      tags: ['ties'],
      summary: 'Your give/take ledger and giving style',
      description:
        'Totals, your style (giver ≥ 60 % of the weight given, taker ≤ 40 %, matcher between; "new" under 2 units), the balances of your 20 most recently active ties (the rest through GET /me/ties with `tiesNextCursor`), up to 10 transactional ties with a way to give back, and recent entries.',
      response: { 200: ledgerView, ...errorResponses(401) },
    },
    handler: async (req) => service.getLedger(ctx, req.actor),
  });

  app.get('/me/network', {
    schema: {
      operationId: 'getMyNetwork',
      tags: ['ties'],
      summary: 'Your network picture: your ties, how and when each formed, and the work done together',
      description:
        'Your newest 500 ties by formation, listed oldest first (`truncated` when there are more), each with the other member, when and how the tie formed (`engagement` or `noticed`) and the completed engagements between you, either direction. `firstTieAt` is when your first tie formed, for the time slider.',
      response: { 200: networkView, ...errorResponses(401) },
    },
    handler: async (req) => networkService.getMyNetwork(ctx, req.actor),
  });

  app.get('/me/keep-in-touch', {
    schema: {
      operationId: 'listKeepInTouch',
      tags: ['ties'],
      summary: 'Ties that have gone quiet, each with a concrete way to give',
      description:
        'Up to 10 ties with no activity (a completed engagement, an accepted noticed note, a thanks or a direct ask between you) for your `quietAfterDays` (default 90, set through PATCH /me), the longest quiet first. Each suggests their newest open overflow you can see, else a noticed note about their newest work, else a thanks note.',
      response: { 200: keepInTouchView, ...errorResponses(401) },
    },
    handler: async (req) => networkService.listKeepInTouch(ctx, req.actor),
  });

  app.post('/noticed', {
    schema: {
      operationId: 'sendNoticed',
      tags: ['noticed'],
      summary: "Notice a specific piece of someone's work",
      description:
        'The inbound path: up to 500 characters about one work record, at most 10 a week. If they accept, a tie forms.',
      body: noticedBody,
      response: {
        201: z.object({ id: z.string(), status: z.literal('pending') }),
        ...errorResponses(400, 401, 403, 404, 409, 429),
      },
    },
    handler: async (req, reply) => reply.code(201).send(await service.sendNoticed(ctx, req.actor, req.body)),
  });

  app.get('/me/noticed', {
    schema: {
      operationId: 'listNoticed',
      tags: ['noticed'],
      summary: 'Noticed notes you received or sent',
      description:
        'Received notes you ignored are not listed; sent notes that were ignored still read "pending".',
      querystring: noticedQuery,
      response: { 200: pageOf(noticedView), ...errorResponses(400, 401) },
    },
    handler: async (req) => service.listNoticed(ctx, req.actor, req.query),
  });

  app.post('/noticed/:id/accept', {
    schema: {
      operationId: 'acceptNoticed',
      tags: ['noticed'],
      summary: 'Accept a noticed note (a tie forms)',
      params: idParam,
      body: z.strictObject({}).optional(),
      response: {
        200: z.object({ id: z.string(), status: z.literal('accepted') }),
        ...errorResponses(401, 404, 409),
      },
    },
    handler: async (req) => service.acceptNoticed(ctx, req.actor, req.params.id),
  });

  app.post('/noticed/:id/ignore', {
    schema: {
      operationId: 'ignoreNoticed',
      tags: ['noticed'],
      summary: 'Ignore a noticed note, silently',
      params: idParam,
      body: z.strictObject({}).optional(),
      response: {
        200: z.object({ id: z.string(), status: z.literal('ignored') }),
        ...errorResponses(401, 404, 409),
      },
    },
    handler: async (req) => service.ignoreNoticed(ctx, req.actor, req.params.id),
  });

  app.post('/thanks', {
    schema: {
      operationId: 'sendThanks',
      tags: ['thanks'],
      summary: 'Thank a tie or an engagement counterpart',
      description: "Shown on the recipient's public profile (the gratitude wall) and recorded in the ledger.",
      body: thanksBody,
      response: { 201: z.object({ id: z.string() }), ...errorResponses(400, 401, 403, 404, 429) },
    },
    handler: async (req, reply) => reply.code(201).send(await service.sendThanks(ctx, req.actor, req.body)),
  });

  app.get('/members/:handle/thanks', {
    schema: {
      operationId: 'listThanks',
      tags: ['thanks'],
      summary: "A member's gratitude wall",
      params: thanksWallParams,
      querystring: z.strictObject({
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(50).default(20),
      }),
      response: { 200: thanksPage, ...errorResponses(400, 404) },
    },
    handler: async (req) => service.listThanks(ctx, req.params.handle, req.query),
  });
};
