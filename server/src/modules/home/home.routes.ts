import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/http-schemas.js';
import { needsYouView } from './home.schemas.js';
import * as service from './home.service.js';

export const homeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['home'];

  app.get('/me/needs-you', {
    schema: {
      operationId: 'getNeedsYou',
      tags,
      summary: 'What needs you now',
      description:
        'For the member home: offers to decide on your open overflow, deliveries to review, engagements you help with that are due within 3 days or overdue, and conversations with unread messages. Each list holds at most 5 items (the newest 50 open overflow are looked at for offers) and comes with its total.',
      response: { 200: needsYouView, ...errorResponses(401) },
    },
    handler: async (req) => service.getNeedsYou(ctx, req.actor),
  });
};
