import type { AppContext } from '../../context.js';
import { escapeHtml } from './pages.head.js';
import * as repo from './pages.repository.js';
import { absolute } from './pages.service.js';

/**
 * robots.txt and the sitemaps. The sitemap index names pages of at most `pageSize` URLs (50 000, the
 * protocol's limit), each page a keyset walk: profiles by member id, open public overflow by the board's
 * (status, created_at, id) index. The index finds where each page starts with one `LIMIT 1 OFFSET size-1`
 * step per page, so no statement reads more than one page of index entries, at any size.
 */
export const SITEMAP_PAGE_SIZE = 50_000;
/** The index is walked at most every 10 minutes per app. */
const INDEX_TTL_MS = 10 * 60_000;

export type SitemapKind = 'members' | 'overflow';

/** A page's cursor as it appears in its URL (`?after=`). */
export function overflowCursorParam(c: repo.OverflowCursor): string {
  return `${c.createdAt}~${c.id}`;
}

export function parseOverflowCursor(value: string): repo.OverflowCursor | null {
  const at = value.lastIndexOf('~');
  if (at <= 0 || at === value.length - 1) return null;
  return { createdAt: value.slice(0, at), id: value.slice(at + 1) };
}

const pageUrl = (ctx: AppContext, kind: SitemapKind, after: string | null) =>
  absolute(ctx, `/sitemaps/${kind}.xml${after === null ? '' : `?after=${encodeURIComponent(after)}`}`);

const indexes = new WeakMap<AppContext, { xml: string; at: number; pageSize: number }>();

export async function sitemapIndex(ctx: AppContext, pageSize = SITEMAP_PAGE_SIZE): Promise<string> {
  const cached = indexes.get(ctx);
  if (cached && cached.pageSize === pageSize && Date.now() - cached.at < INDEX_TTL_MS) return cached.xml;
  const urls: string[] = [];
  // Members: a page starts after the last id of the page before.
  let member: string | null = null;
  for (;;) {
    urls.push(pageUrl(ctx, 'members', member));
    const end = await repo.sitemapMemberBoundary(ctx.db, member, pageSize);
    if (!end) break;
    member = end;
  }
  let overflow: repo.OverflowCursor | null = null;
  for (;;) {
    urls.push(pageUrl(ctx, 'overflow', overflow && overflowCursorParam(overflow)));
    const end = await repo.sitemapOverflowBoundary(ctx.db, overflow, pageSize);
    if (!end) break;
    overflow = end;
  }
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls.map((u) => `  <sitemap><loc>${escapeHtml(u)}</loc></sitemap>`),
    '</sitemapindex>',
    '',
  ].join('\n');
  indexes.set(ctx, { xml, at: Date.now(), pageSize });
  return xml;
}

function urlset(entries: { loc: string; lastmod: string }[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...entries.map(
      (e) => `  <url><loc>${escapeHtml(e.loc)}</loc><lastmod>${escapeHtml(e.lastmod)}</lastmod></url>`,
    ),
    '</urlset>',
    '',
  ].join('\n');
}

/** One page of public profiles, after the member id `after` (null: the first page). */
export async function membersSitemap(
  ctx: AppContext,
  after: string | null,
  pageSize = SITEMAP_PAGE_SIZE,
): Promise<string> {
  const rows = await repo.sitemapMembers(ctx.db, after, pageSize);
  return urlset(rows.map((r) => ({ loc: absolute(ctx, `/@${r.handle}`), lastmod: r.updated_at })));
}

/** One page of open public overflow, after the cursor (null: the first page). */
export async function overflowSitemap(
  ctx: AppContext,
  after: repo.OverflowCursor | null,
  pageSize = SITEMAP_PAGE_SIZE,
): Promise<string> {
  const rows = await repo.sitemapOverflow(ctx.db, after, pageSize);
  return urlset(rows.map((r) => ({ loc: absolute(ctx, `/overflow/${r.id}`), lastmod: r.updated_at })));
}

/** Search engines may read the public pages; the API, settings, admin and private pages are not for them. */
export function robotsTxt(ctx: AppContext): string {
  const disallow = [
    '/api/',
    '/settings',
    '/admin',
    '/work',
    '/engagements/',
    '/ties',
    '/network',
    '/insights',
    '/notifications',
    '/search',
    '/unsubscribe',
    '/verify-email',
    '/reset-password',
    '/overflow/new',
  ];
  return [
    'User-agent: *',
    'Allow: /',
    ...disallow.map((p) => `Disallow: ${p}`),
    '',
    `Sitemap: ${absolute(ctx, '/sitemap.xml')}`,
    '',
  ].join('\n');
}
