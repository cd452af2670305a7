import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParam, pageOf } from '../../shared/http-schemas.js';
import * as service from './members.service.js';
import {
  handleParams,
  profile,
  selfMember,
  skillList,
  skillsQuery,
  updateMeBody,
  workRecord,
  workRecordBody,
  workRecordPatch,
  workRecordsQuery,
} from './members.schemas.js';

export const membersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;

  app.get('/members/:handle', {
    schema: {
      operationId: 'getMember',
      tags: ['members'],
      summary: 'A public profile',
      description:
        'Work first — verified work, then self-reported — with skills, headline and bio, and merit as bands ("top 5 % in typescript") with the engagements that earned them. Public: no sign-in needed; an earning engagement the viewer may not see shows as private. No follower or connection counts, by design.',
      params: handleParams,
      response: { 200: profile, ...errorResponses(400, 404) },
    },
    handler: async (req) => service.getProfile(ctx, req.params.handle, req.actor),
  });

  app.patch('/me', {
    schema: {
      operationId: 'updateMe',
      tags: ['members'],
      summary: 'Edit your profile',
      description: 'Only the fields sent change. Skills are normalised to lowercase slugs (at most 20).',
      body: updateMeBody,
      response: { 200: selfMember, ...errorResponses(400, 401, 403) },
    },
    handler: async (req) => service.updateMe(ctx, req.actor, req.body),
  });

  app.get('/members/:handle/work-records', {
    schema: {
      operationId: 'listWorkRecords',
      tags: ['work records'],
      summary: "A member's work records",
      description: 'Newest first, one kind at a time (`verified=true` or self-reported). Cursor-paginated.',
      params: handleParams,
      querystring: workRecordsQuery,
      response: { 200: pageOf(workRecord), ...errorResponses(400, 404) },
    },
    handler: async (req) => service.listWorkRecords(ctx, req.params.handle, req.query, req.actor),
  });

  app.post('/work-records', {
    schema: {
      operationId: 'createWorkRecord',
      tags: ['work records'],
      summary: 'Add a self-reported work record',
      description:
        'Shown on your profile labelled “self-reported”. Verified records only come from completed engagements.',
      body: workRecordBody,
      response: { 201: workRecord, ...errorResponses(400, 401, 403, 409) },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await service.createWorkRecord(ctx, req.actor, req.body)),
  });

  app.patch('/work-records/:id', {
    schema: {
      operationId: 'updateWorkRecord',
      tags: ['work records'],
      summary: 'Edit one of your self-reported work records',
      params: idParam,
      body: workRecordPatch,
      response: { 200: workRecord, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (req) => service.updateWorkRecord(ctx, req.actor, req.params.id, req.body),
  });

  app.delete('/work-records/:id', {
    schema: {
      operationId: 'deleteWorkRecord',
      tags: ['work records'],
      summary: 'Delete one of your self-reported work records',
      params: idParam,
      response: { 204: z.null(), ...errorResponses(401, 403, 404, 409) },
    },
    handler: async (req, reply) => {
      await service.deleteWorkRecord(ctx, req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/skills', {
    schema: {
      operationId: 'listSkills',
      tags: ['members'],
      summary: 'Skills in use on this instance',
      description:
        'For tag suggestions: skills on profiles and work records, most used first, optionally by prefix.',
      querystring: skillsQuery,
      response: { 200: skillList, ...errorResponses(400) },
    },
    handler: async (req) => service.listSkills(ctx, req.query),
  });
};
