import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../shared/http-schemas.js';
import {
  answerBody,
  hideBody,
  questionBody,
  questionsPage,
  questionsQuery,
  questionView,
} from './questions.schemas.js';
import * as service from './questions.service.js';

export const questionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['overflow'];

  app.get('/overflow/:id/questions', {
    schema: {
      operationId: 'listQuestions',
      tags,
      summary: 'Questions on an overflow, with the owner’s answers',
      description:
        'Anyone who may see the overflow may read them (signed out too, for public overflow); overflow you may not see is 404 `OVERFLOW_NOT_FOUND`. Newest first, cursor-paginated. Questions the owner hid are left out, except for the owner, who sees them with `hidden: true`. `viewer` says whether you may ask.',
      params: idParam,
      querystring: questionsQuery,
      response: { 200: questionsPage, ...errorResponses(400, 404) },
    },
    handler: async (req) => service.listQuestions(ctx, req.actor, req.params.id, req.query),
  });

  app.post('/overflow/:id/questions', {
    schema: {
      operationId: 'askQuestion',
      tags,
      summary: 'Ask the owner a question about an overflow',
      description:
        'Any member with a confirmed email who may see the overflow, other than its owner (403 `OWN_OVERFLOW`), while it is open (409 `OVERFLOW_NOT_OPEN` after). The question and its answer are readable by everyone who may see the overflow. The owner is notified.',
      params: idParam,
      body: questionBody,
      response: { 201: questionView, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await service.askQuestion(ctx, req.actor, req.params.id, req.body)),
  });

  app.put('/questions/:id/answer', {
    schema: {
      operationId: 'answerQuestion',
      tags,
      summary: 'Answer a question on your overflow (or edit your answer)',
      description:
        'The owner only (403 `NOT_OVERFLOW_OWNER`). The asker is notified of the first answer, unless the question is hidden.',
      params: idParam,
      body: answerBody,
      response: { 200: questionView, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (req) => service.answerQuestion(ctx, req.actor, req.params.id, req.body),
  });

  app.put('/questions/:id/hidden', {
    schema: {
      operationId: 'hideQuestion',
      tags,
      summary: 'Hide a question on your overflow, or show it again',
      description:
        'The owner only. A hidden question (and its answer) disappears for everyone else, its asker included; the owner still sees it, marked hidden, and may show it again with `hidden: false`.',
      params: idParam,
      body: hideBody,
      response: { 200: questionView, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (req) => service.hideQuestion(ctx, req.actor, req.params.id, req.body),
  });
};
