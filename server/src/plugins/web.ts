import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { headTemplate } from '../modules/pages/pages.head.js';
import { decodedPath, isApiRequest } from './api-paths.js';
import { sendPage } from './pages.js';

// Vite writes only content-hashed files under assets/.
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built web app and answers every other non-API GET with index.html, whatever the Accept header:
 * 200 with the page's server-rendered head for a page the app has (`/@ada`, `/settings`), 404 for one it
 * does not (plugins/pages.ts). Anything under /api that matches no route gets the JSON error shape, never HTML.
 */
/** Operational endpoints answer like the API when absent (e.g. /metrics without METRICS_TOKEN). */
const OPERATIONAL = new Set(['/metrics', '/healthz', '/readyz']);

export const webPlugin = fp<{ distDir: string }>(async (app, { distDir }) => {
  const index = join(distDir, 'index.html');
  const hasWeb = existsSync(index);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      wildcard: false,
      index: false,
      // The build writes .br and .gz next to each asset (scripts/compress-assets.ts); the variant follows
      // Accept-Encoding, with `Vary: Accept-Encoding`.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => {
        // Hashed file names change with their content: cache them for a year, never revalidate. Anything
        // else (the favicon, index.html asked for by name, the colour-scheme script) revalidates (ETag).
        reply.header('Cache-Control', HASHED_ASSET.test(path) ? IMMUTABLE : 'no-cache');
      },
    });
  }
  const template = hasWeb ? headTemplate(readFileSync(index, 'utf8')) : undefined;

  app.setNotFoundHandler(async (req, reply) => {
    const page = !isApiRequest(req) && !OPERATIONAL.has(decodedPath(req.url).replace(/\/+$/, ''));
    if (page && (req.method === 'GET' || req.method === 'HEAD')) {
      if (template) return sendPage(app.ctx, req, reply, template);
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
