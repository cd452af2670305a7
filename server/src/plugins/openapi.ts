import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_VERSION = '1.0.0';

/** The OpenAPI 3.1 document is generated from the same zod schemas that validate requests. */
export const openapiPlugin = fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Slipstream API',
        version: API_VERSION,
        description:
          'The HTTP API of Slipstream, a work-first professional network. Browsers use the session cookie (send `X-CSRF-Token` on writes); scripts use a personal access token as `Authorization: Bearer …`. Errors are always `{ "error": { "code", "message", "details"? } }`.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A personal access token (Settings → Access tokens).',
          },
          session: { type: 'apiKey', in: 'cookie', name: 'slipstream_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }, {}],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});
