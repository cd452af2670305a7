import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../shared/http-schemas.js';
import * as service from './notifications.service.js';

const notification = z
  .object({
    id: z.string(),
    type: z.string(),
    text: z.string().meta({ description: 'A sentence to show.' }),
    path: z.string().meta({ description: 'Where in the web app this leads.' }),
    actor: z.object({ handle: z.string(), name: z.string() }).nullable(),
    subject: z.object({ type: z.string(), id: z.string() }),
    read: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Notification' });

export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['notifications'];

  app.get('/me/notifications', {
    schema: {
      operationId: 'listNotifications',
      tags,
      summary: 'Your notifications',
      description: 'Newest first, with the unread count (for the badge in the header).',
      querystring: z.strictObject({
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
        unread: z
          .enum(['true', 'false'])
          .transform((v) => v === 'true')
          .optional(),
      }),
      response: {
        200: z.object({
          items: z.array(notification),
          nextCursor: z.string().nullable(),
          unreadCount: z.number().int(),
        }),
        ...errorResponses(400, 401),
      },
    },
    handler: async (req) => service.listNotifications(ctx, req.actor, req.query),
  });

  app.post('/me/notifications/read', {
    schema: {
      operationId: 'markNotificationsRead',
      tags,
      summary: 'Mark notifications read',
      description: 'Send `ids` to mark some, or `all: true` to mark everything read.',
      body: z
        .strictObject({ ids: z.array(z.string().max(64)).max(200).optional(), all: z.boolean().optional() })
        .refine((b) => b.all === true || (b.ids && b.ids.length > 0), 'Send `ids` or `all: true`.'),
      response: {
        200: z.object({ marked: z.number().int(), unreadCount: z.number().int() }),
        ...errorResponses(400, 401, 403),
      },
    },
    handler: async (req) => service.markNotificationsRead(ctx, req.actor, req.body),
  });
};
