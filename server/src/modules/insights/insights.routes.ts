import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/http-schemas.js';
import { instanceInsights, myInsights } from './insights.schemas.js';
import * as service from './insights.service.js';

export const insightsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;

  app.get('/me/insights', {
    schema: {
      operationId: 'getMyInsights',
      tags: ['insights'],
      summary: 'Your delivered work and your network, month by month',
      description:
        'On one time axis (since you joined, at most the last 24 months, UTC months): engagements you completed as helper and their effort hours, beside the ties you formed, noticed notes, direct asks and invitations you received; and the ledger weight you gave and received each month.',
      response: { 200: myInsights, ...errorResponses(401) },
    },
    handler: async (req) => service.getMyInsights(ctx, req.actor),
  });

  app.get('/insights/instance', {
    schema: {
      operationId: 'getInstanceInsights',
      tags: ['insights'],
      summary: 'Does the network follow the work? The whole community (admins, or public)',
      description:
        "The last daily snapshot (a job computes it; `computedAt` says when, null before the first): members grouped in quartiles by the engagements they completed in a 90-day period against the ties, direct asks and invitations they gained in the 90 days after, Spearman's rank correlation with a 95 % interval; the share of ties formed from work and from noticed notes, the share of transactional ties, the median time from a first offer to a first tie. Admins only, unless an admin made it public (then signed out too).",
      response: { 200: instanceInsights, ...errorResponses(401, 403) },
    },
    handler: async (req) => service.getInstanceInsights(ctx, req.actor),
  });
};
