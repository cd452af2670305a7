import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../context.js';
import { authenticate } from '../modules/auth/auth.service.js';
import { CardRenderer, CardsBusyError } from '../modules/pages/pages.cards.js';
import { renderDocument, type HeadTemplate } from '../modules/pages/pages.head.js';
import { overflowCard, pageFor, profileCard, siteCard, type Card } from '../modules/pages/pages.service.js';
import {
  membersSitemap,
  overflowSitemap,
  parseOverflowCursor,
  robotsTxt,
  SITEMAP_PAGE_SIZE,
  sitemapIndex,
} from '../modules/pages/sitemap.service.js';
import { decodedPath } from './api-paths.js';
import { SESSION_COOKIE } from './auth.js';

/**
 * The web app's HTML for a GET of any non-API path, whatever the Accept header: 200 for a page the app has,
 * 404 for one it does not (the app then shows its not-found page), with the page's head rendered here
 * (docs/decisions/0025-server-rendered-heads-and-cards.md). Called by web.ts's not-found handler.
 */
export async function sendPage(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  template: HeadTemplate,
): Promise<FastifyReply> {
  // Only an overflow that is not public asks who is reading, with the session cookie as the API would.
  const viewer = async () => {
    const result = await authenticate(ctx, { sessionSecret: req.cookies[SESSION_COOKIE] });
    return result && result !== 'invalid-token' ? result : null;
  };
  const page = await pageFor(ctx, viewer, decodedPath(req.url));
  return reply
    .code(page.status)
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-cache')
    .header('Vary', 'Cookie')
    .send(renderDocument(template, page.head));
}

const CARD_CACHE = 'public, max-age=3600';

/** robots.txt, the sitemaps and the link preview cards. Not API routes: no OpenAPI, plain answers. */
export const pagesPlugin = fp<{ ctx: AppContext; sitemapPageSize?: number }>(
  async (app, { ctx, sitemapPageSize = SITEMAP_PAGE_SIZE }) => {
    const cards = new CardRenderer();
    const hide = { schema: { hide: true } };

    const notHere = (reply: FastifyReply, what: string) =>
      reply.code(404).type('text/plain; charset=utf-8').header('Cache-Control', 'no-cache').send(what);

    const xml = (reply: FastifyReply, body: string) =>
      reply.type('application/xml; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(body);

    app.get('/robots.txt', hide, async (_req, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .header('Cache-Control', 'public, max-age=3600')
        .send(robotsTxt(ctx)),
    );

    app.get('/sitemap.xml', hide, async (_req, reply) =>
      xml(reply, await sitemapIndex(ctx, sitemapPageSize)),
    );

    app.get<{ Params: { file: string }; Querystring: { after?: string } }>(
      '/sitemaps/:file',
      hide,
      async (req, reply) => {
        const after = typeof req.query.after === 'string' ? req.query.after : null;
        if (req.params.file === 'members.xml')
          return xml(reply, await membersSitemap(ctx, after, sitemapPageSize));
        if (req.params.file === 'overflow.xml') {
          const cursor = after === null ? null : parseOverflowCursor(after);
          if (after !== null && !cursor) return notHere(reply, 'There is no sitemap page at this address.');
          return xml(reply, await overflowSitemap(ctx, cursor, sitemapPageSize));
        }
        return notHere(reply, 'There is no sitemap at this address. The index is /sitemap.xml.');
      },
    );

    const sendCard = async (reply: FastifyReply, card: Card | null) => {
      if (!card) return notHere(reply, 'There is no preview image at this address.');
      try {
        const png = await cards.png(card);
        return (
          reply
            .type('image/png')
            .header('Cache-Control', CARD_CACHE)
            // Link previews are fetched and shown by other sites.
            .header('Cross-Origin-Resource-Policy', 'cross-origin')
            .send(png)
        );
      } catch (error) {
        if (!(error instanceof CardsBusyError)) throw error;
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .header('Retry-After', '5')
          .send('Busy drawing other previews. Try again in a few seconds.');
      }
    };
    /** `<key>.png`: the key, or null for any other file name. */
    const pngKey = (file: string) => (file.endsWith('.png') && file.length > 4 ? file.slice(0, -4) : null);

    app.get('/cards/site.png', hide, async (_req, reply) => sendCard(reply, await siteCard(ctx)));
    app.get<{ Params: { file: string } }>('/cards/member/:file', hide, async (req, reply) => {
      const handle = pngKey(req.params.file);
      return sendCard(reply, handle ? await profileCard(ctx, handle) : null);
    });
    app.get<{ Params: { file: string } }>('/cards/overflow/:file', hide, async (req, reply) => {
      const id = pngKey(req.params.file);
      return sendCard(reply, id ? await overflowCard(ctx, id) : null);
    });
  },
);
