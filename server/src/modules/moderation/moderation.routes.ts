import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../shared/http-schemas.js';
import * as service from './moderation.service.js';
import {
  adminMember,
  adminMemberPage,
  adminMembersQuery,
  handleParams,
  reportBody,
  reportPage,
  reportReceipt,
  reportsQuery,
  resolution,
  resolveBody,
  setRoleBody,
  suspendBody,
} from './moderation.schemas.js';

export const moderationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['moderation'];

  app.get('/admin/members', {
    schema: {
      operationId: 'adminListMembers',
      tags,
      summary: 'The members of this instance (admin)',
      description:
        'In handle order, cursor-paginated. `q` matches the start of a handle, a name or an email address (name and email matches: the first 200 of each; type more to narrow); filter by `role` and `suspended`.',
      querystring: adminMembersQuery,
      response: { 200: adminMemberPage, ...errorResponses(400, 401, 403) },
    },
    handler: async (req) => service.listMembers(ctx, req.actor, req.query),
  });

  app.put('/admin/members/:handle/role', {
    schema: {
      operationId: 'adminSetRole',
      tags,
      summary: "Change a member's role, or their trust for merit (admin)",
      description:
        'role: member or admin; trusted: a seed of merit. The last administrator cannot step down (409 LAST_ADMIN). Recorded in the audit log.',
      params: handleParams,
      body: setRoleBody,
      response: { 200: adminMember, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req) => service.setRole(ctx, req.actor, req.params.handle, req.body),
  });

  app.post('/admin/members/:handle/suspension', {
    schema: {
      operationId: 'suspendMember',
      tags,
      summary: 'Suspend a member (admin)',
      description:
        'At once: every session of theirs ends and their access tokens are revoked; signing in is refused; their open overflow leaves the board, search, matching and their profile. Their history stays; pending offers they made stay but cannot be accepted. They get an email with the reason. Recorded in the audit log.',
      params: handleParams,
      body: suspendBody,
      response: { 200: adminMember, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req) => service.suspendMember(ctx, req.actor, req.params.handle, req.body.reason),
  });

  app.delete('/admin/members/:handle/suspension', {
    schema: {
      operationId: 'reinstateMember',
      tags,
      summary: 'Reinstate a suspended member (admin)',
      description:
        'They can sign in again; their suspended overflow opens again if not yet due (and expires if it is). They get an email. Recorded in the audit log.',
      params: handleParams,
      response: { 200: adminMember, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req) => service.reinstateMember(ctx, req.actor, req.params.handle),
  });

  app.post('/reports', {
    schema: {
      operationId: 'reportContent',
      tags,
      summary: 'Report a profile, an overflow, an offer, a message, a question or a note',
      description:
        'Any signed-in member with a confirmed email, about content they can see (anything else is 404). One open report per member and content: reporting it again answers 200 with the same report. At most 20 a day. The administrators see it in their queue; you are told the outcome.',
      body: reportBody,
      response: { 201: reportReceipt, 200: reportReceipt, ...errorResponses(400, 401, 403, 404, 409, 429) },
    },
    handler: async (req, reply) => {
      const { report, created } = await service.reportContent(ctx, req.actor, req.body);
      return reply.code(created ? 201 : 200).send(report);
    },
  });

  app.get('/admin/reports', {
    schema: {
      operationId: 'listReports',
      tags,
      summary: 'The report queue (admin)',
      description:
        'Open reports by default, newest first; `status` filters (or `all`). Each shows the reported words, their author and how many open reports the same content has. Cursor-paginated.',
      querystring: reportsQuery,
      response: { 200: reportPage, ...errorResponses(400, 401, 403) },
    },
    handler: async (req) => service.listReports(ctx, req.actor, req.query),
  });

  app.post('/admin/reports/:id/resolution', {
    schema: {
      operationId: 'resolveReport',
      tags,
      summary: 'Act on a report: hide, suspend or dismiss (admin)',
      description:
        'hide: the content leaves every view but its author’s own history (not for a profile); suspend: its author is suspended (see suspendMember); dismiss: no action. Every open report on the same content resolves with it; each reporter gets a notification of the outcome. Recorded in the audit log.',
      params: idParam,
      body: resolveBody,
      response: { 200: resolution, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req) => service.resolveReport(ctx, req.actor, req.params.id, req.body),
  });
};
