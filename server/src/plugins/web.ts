import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { isApiRequest } from './api-paths.js';

/**
 * Serves the built web app and falls back to index.html for the single-page routes (`/@ada`,
 * `/settings`). Anything under /api that matches no route gets the JSON error shape, never HTML.
 */
export const webPlugin = fp<{ distDir: string }>(async (app, { distDir }) => {
  const index = join(distDir, 'index.html');
  const hasWeb = existsSync(index);
  if (hasWeb) {
    await app.register(fastifyStatic, { root: distDir, prefix: '/', wildcard: false, index: false });
  }
  const indexHtml = hasWeb ? readFileSync(index, 'utf8') : undefined;

  app.setNotFoundHandler((req, reply) => {
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if (!isApiRequest(req) && req.method === 'GET' && wantsHtml) {
      if (indexHtml)
        return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(indexHtml);
      return reply
        .code(503)
        .type('text/plain')
        .send('The web app is not built. Run `npm run build` (npm start does this for you).');
    }
    return reply.code(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND',
        // The path is not echoed: an error never reflects its input.
        message: 'There is no API route with this method and path. See /api/docs for the API.',
      },
    });
  });
});
