import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../shared/http-schemas.js';
import {
  invitationView,
  inviteBody,
  recommendationPage,
  recommendQuery,
  suggestedHelpers,
  suggestQuery,
} from './matching.schemas.js';
import * as service from './matching.service.js';

export const matchingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['matching'];

  app.get('/me/recommended-overflow', {
    schema: {
      operationId: 'recommendOverflow',
      tags,
      summary: 'Open overflow recommended for you',
      description:
        'Open overflow you may see and take (not your own, not offered on yet) that needs your skills, ranked by the skills of your verified work first, then your profile skills, then the owner’s merit, freshness and due date. Built from the newest open postings of each of your skills, so it stays fast on a large board. Cursor-paginated.',
      querystring: recommendQuery,
      response: { 200: recommendationPage, ...errorResponses(400, 401) },
    },
    handler: async (req) => service.recommendOverflow(ctx, req.actor, req.query),
  });

  app.get('/overflow/:id/suggested-helpers', {
    schema: {
      operationId: 'suggestHelpers',
      tags,
      summary: 'Members who could help with your open overflow',
      description:
        'For the owner of an open overflow: members with verified work in its skills, free capacity and a confirmed email, who can see it and have not offered; ranked by merit in its skills, then overall merit, then verified work. A direct ask has none. `invited` says whom you already invited.',
      params: idParam,
      querystring: suggestQuery,
      response: { 200: suggestedHelpers, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req) => service.suggestHelpers(ctx, req.actor, req.params.id, req.query),
  });

  app.post('/overflow/:id/invitations', {
    schema: {
      operationId: 'inviteToOffer',
      tags,
      summary: 'Invite a member to offer on your open overflow',
      description:
        'Sends them a notification; it is not an ask: they decide whether to offer. Once per member and overflow (`ALREADY_INVITED`), at most 10 per overflow (`INVITATIONS_LIMIT_REACHED`); they must be able to see it (`INVITEE_CANNOT_SEE`) and not have offered (`INVITEE_ALREADY_OFFERED`).',
      params: idParam,
      body: inviteBody,
      response: { 201: invitationView, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await service.inviteToOffer(ctx, req.actor, req.params.id, req.body)),
  });
};
