import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LIMITS } from '../../../../packages/rules/index.js';
import { errorResponses, idParam } from '../../shared/http-schemas.js';
import {
  messageBody,
  messageParams,
  messagesPage,
  messagesQuery,
  messageView,
  readState,
} from './messages.schemas.js';
import * as service from './messages.service.js';

/** The engagement conversation: registered next to the engagement routes. */
export const engagementMessagesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['engagements'];

  app.get('/engagements/:id/messages', {
    schema: {
      operationId: 'listEngagementMessages',
      tags,
      summary: "The engagement's conversation, newest first",
      description:
        'Only the owner and the helper can read it; an admin may read it for moderation, and every such read is recorded in the admin audit. Anyone else gets "not found", as for the engagement. Cursor-paginated: `nextCursor` gives older messages.',
      params: idParam,
      querystring: messagesQuery,
      response: { 200: messagesPage, ...errorResponses(400, 401, 404) },
    },
    handler: async (req) => service.listEngagementMessages(ctx, req.actor, req.params.id, req.query),
  });

  app.post('/engagements/:id/messages', {
    schema: {
      operationId: 'sendEngagementMessage',
      tags,
      summary: 'Send a message (owner or helper)',
      description:
        'Markdown, without raw HTML. Only the two parties, while the engagement is active, delivered or completed (an abandoned engagement is read-only: 409 `CONVERSATION_CLOSED`). The other party gets one unread notification per engagement, refreshed with each new message.',
      params: idParam,
      body: messageBody,
      response: { 201: messageView, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await service.sendEngagementMessage(ctx, req.actor, req.params.id, req.body)),
  });

  app.patch('/engagements/:id/messages/:messageId', {
    schema: {
      operationId: 'editEngagementMessage',
      tags,
      summary: 'Edit your message',
      description: `Only its author, within ${LIMITS.messageEditMinutes} minutes of sending (then 409 \`MESSAGE_EDIT_WINDOW_CLOSED\`). The message shows as edited. Messages are never deleted.`,
      params: messageParams,
      body: messageBody,
      response: { 200: messageView, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req) =>
      service.editEngagementMessage(ctx, req.actor, req.params.id, req.params.messageId, req.body),
  });

  app.post('/engagements/:id/read', {
    schema: {
      operationId: 'markEngagementRead',
      tags,
      summary: 'Mark the conversation read',
      description:
        "Moves your read mark to now and marks the engagement's message notification read. The two parties only.",
      params: idParam,
      response: { 200: readState, ...errorResponses(401, 403, 404) },
    },
    handler: async (req) => service.markEngagementRead(ctx, req.actor, req.params.id),
  });
};
