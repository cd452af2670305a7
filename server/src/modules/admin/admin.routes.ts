import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../shared/http-schemas.js';
import * as service from './admin.service.js';
import { instance, instancePatch, invite } from './admin.schemas.js';

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['instance'];

  app.get('/instance', {
    schema: {
      operationId: 'getInstance',
      tags,
      summary: 'This instance: name and sign-up rules',
      description: 'Public, so the sign-up page can explain who may join.',
      response: { 200: instance },
    },
    handler: async () => service.getInstance(ctx),
  });

  app.patch('/instance', {
    schema: {
      operationId: 'updateInstance',
      tags,
      summary: 'Change the instance settings (admin)',
      description: 'Name, and whether sign-up is open, invite-only, or limited to email domains.',
      body: instancePatch,
      response: { 200: instance, ...errorResponses(400, 401, 403) },
    },
    handler: async (req) => service.updateInstance(ctx, req.actor, req.body),
  });

  app.post('/instance/invites', {
    schema: {
      operationId: 'createInvite',
      tags,
      summary: 'Create an invite code (admin)',
      description: 'A single-use code valid for 14 days, for invite-only sign-up.',
      body: z.strictObject({}).optional(),
      response: { 201: invite, ...errorResponses(401, 403) },
    },
    handler: async (req, reply) => reply.code(201).send(await service.createInvite(ctx, req.actor)),
  });
};
