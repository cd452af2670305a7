import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../shared/http-schemas.js';
import { downloadQuery, exportIdParam, exportView } from './export.schemas.js';
import * as service from './export.service.js';

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['account'];

  app.post('/me/exports', {
    schema: {
      operationId: 'requestExport',
      tags,
      summary: 'Export your data',
      description:
        'Queues a JSON export of everything you have on this instance (profile, work records, overflow, offers, engagements and their conversation, reviews, ties, ledger, notes, notifications, settings, sessions, audit events; schema in docs/export-schema.json) and starts building it. One at a time: while an export is queued or running, this answers that one. At most 3 a day (429 `EXPORT_LIMIT_REACHED`). Poll `getExport` for progress; the download link expires 24 hours after it is ready.',
      response: { 202: exportView, ...errorResponses(401, 403, 429) },
    },
    handler: async (req, reply) => {
      const view = await service.requestExport(ctx, req.actor, {
        ip: req.ip,
        userAgent: String(req.headers['user-agent'] ?? ''),
      });
      return reply.code(202).send(view);
    },
  });

  app.get('/me/exports', {
    schema: {
      operationId: 'listExports',
      tags,
      summary: 'Your exports',
      description: 'Your recent exports, newest first (at most 10), with their status and download links.',
      response: { 200: z.object({ items: z.array(exportView) }), ...errorResponses(401) },
    },
    handler: async (req) => service.listExports(ctx, req.actor),
  });

  app.get('/me/exports/:id', {
    schema: {
      operationId: 'getExport',
      tags,
      summary: 'An export and its progress',
      description:
        'Status and progress of one of your exports; once ready, `downloadUrl` (signed, expires at `expiresAt`). Another member’s export is 404.',
      params: exportIdParam,
      response: { 200: exportView, ...errorResponses(401, 404) },
    },
    handler: async (req) => service.getExport(ctx, req.actor, req.params.id),
  });

  app.get('/me/exports/:id/download', {
    schema: {
      operationId: 'downloadExport',
      tags,
      summary: 'Download an export',
      description:
        'The export as one JSON document (`Content-Disposition: attachment`, never cached). Authorised by the signed `token` of the download link (no session needed) or by your own session or access token. 404 for another member’s export or a wrong token, 409 while it is still being built, 410 once the link has expired.',
      params: exportIdParam,
      querystring: downloadQuery,
      response: {
        200: z.unknown().meta({ description: 'The export document (docs/export-schema.json).' }),
        ...errorResponses(401, 404, 409, 410),
      },
    },
    handler: async (req, reply) => {
      const file = await service.downloadExport(ctx, req.actor, req.params.id, req.query.token);
      return reply
        .header('Content-Disposition', `attachment; filename="${file.fileName}"`)
        .header('Cache-Control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(file.body);
    },
  });
};
