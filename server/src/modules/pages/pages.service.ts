import type { Actor, AppContext } from '../../context.js';
import { matchWebRoute, type WebRoute } from '../../../../packages/rules/index.js';
import { grantAllows, overflowGrants } from '../../shared/visibility.js';
import { clip, type PageHead } from './pages.head.js';
import * as repo from './pages.repository.js';

/**
 * What the server says about a page before the web app runs: its status (200 for a page the app has, 404
 * otherwise, as the API would answer for the thing it shows) and its document head. Only public things are
 * ever named: a members-only or ask overflow, a hidden one, or one whose owner is suspended gets the generic
 * head of an overflow page, whoever asks (the head is the same for every reader, so it can never leak).
 */
export interface PageAnswer {
  status: 200 | 404;
  head: PageHead;
}

const TAGLINE = 'A work-first professional network. Do stellar work; let the network follow.';
const SKILLS_SHOWN = 5;
const DESCRIPTION_MAX = 200;

/** Pages a search engine may list; every other page of the app says `noindex`. */
const INDEXED: ReadonlySet<WebRoute> = new Set<WebRoute>([
  '/',
  '/board',
  '/signup',
  '/:profileHandle',
  '/overflow/:overflowId',
]);

/** A generic title for the app's other pages (the web app sets a more specific one as it renders). */
const TITLES: Partial<Record<WebRoute, string>> = {
  '/signin': 'Sign in',
  '/signup': 'Sign up',
  '/forgot-password': 'Forgot password',
  '/reset-password': 'Reset password',
  '/verify-email': 'Confirm your email',
  '/search': 'Search',
  '/search/people': 'Search people',
  '/unsubscribe': 'Unsubscribe',
};

/** The instance name, read at most every 30 s per app (it changes only from the admin page). */
const NAME_TTL_MS = 30_000;
const names = new WeakMap<AppContext, { name: string; at: number }>();

export async function siteName(ctx: AppContext): Promise<string> {
  const now = Date.now();
  const cached = names.get(ctx);
  if (cached && now - cached.at < NAME_TTL_MS) return cached.name;
  const name = await repo.instanceName(ctx.db);
  names.set(ctx, { name, at: now });
  return name;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const list = (items: string[]) => items.join(', ');

/** The URL of a path on this instance. */
export const absolute = (ctx: AppContext, path: string) => `${ctx.config.publicUrl}${path}`;

/**
 * The answer for a GET of a non-API path. `viewer` resolves who is asking from the request's session, and is
 * called only for an overflow that is not public: such a page answers 200 to those who may see it (the
 * app then shows it) and 404 to everyone else, exactly as GET /api/v1/overflow/:id does.
 */
export async function pageFor(
  ctx: AppContext,
  viewer: () => Promise<Actor | null>,
  path: string,
): Promise<PageAnswer> {
  const site = await siteName(ctx);
  const match = matchWebRoute(path);
  const base = { siteName: site, description: TAGLINE, type: 'website' as const };
  if (!match) {
    return {
      status: 404,
      head: { ...base, title: 'Page not found', canonical: absolute(ctx, path), noindex: true },
    };
  }
  const generic: PageHead = {
    ...base,
    title: TITLES[match.route] ?? null,
    canonical: absolute(ctx, path),
    noindex: !INDEXED.has(match.route),
    image: absolute(ctx, '/cards/site.png'),
    imageAlt: `${site}: ${TAGLINE}`,
  };
  switch (match.route) {
    case '/':
      return { status: 200, head: { ...generic, canonical: absolute(ctx, '/') } };
    case '/board':
      return {
        status: 200,
        head: {
          ...generic,
          title: 'Board',
          description: `Open overflow on ${site}: work members want a hand with. Offer your help, deliver, and let the work speak.`,
          canonical: absolute(ctx, '/board'),
        },
      };
    case '/:profileHandle':
      return profilePage(ctx, site, generic, match.params.profileHandle!.slice(1));
    case '/overflow/:overflowId':
      return overflowPage(ctx, site, generic, viewer, match.params.overflowId!);
    default:
      return { status: 200, head: generic };
  }
}

export interface ProfileCard {
  kind: 'member';
  key: string;
  handle: string;
  name: string;
  headline: string;
  verifiedWork: number;
  skills: string[];
  site: string;
}

export interface OverflowCard {
  kind: 'overflow';
  key: string;
  title: string;
  effortHours: number;
  skills: string[];
  ownerName: string;
  status: string;
  site: string;
}

export interface SiteCard {
  kind: 'site';
  key: string;
  site: string;
  tagline: string;
}

export type Card = ProfileCard | OverflowCard | SiteCard;

/** A member's card data, or null when the profile is not shown to the public (unknown, deleted, suspended). */
export async function profileCard(ctx: AppContext, handle: string): Promise<ProfileCard | null> {
  const m = await repo.findProfileHead(ctx.db, handle.toLowerCase());
  if (!m || m.deleted_at || m.suspended_at) return null;
  const [skills, verifiedWork, site] = await Promise.all([
    repo.topSkills(ctx.db, m.id, SKILLS_SHOWN),
    repo.countVerifiedWork(ctx.db, m.id),
    siteName(ctx),
  ]);
  const key = JSON.stringify(['member', m.id, m.updated_at, verifiedWork, skills, site]);
  return {
    kind: 'member',
    key,
    handle: m.handle,
    name: m.name,
    headline: m.headline,
    verifiedWork,
    skills,
    site,
  };
}

/** A public overflow's card data, or null for anything the public may not read. */
export async function overflowCard(ctx: AppContext, id: string): Promise<OverflowCard | null> {
  const o = await repo.findOverflowHead(ctx.db, id);
  if (!o || !isPublic(o)) return null;
  const [skills, site] = await Promise.all([repo.overflowSkills(ctx.db, o.id, SKILLS_SHOWN), siteName(ctx)]);
  const key = JSON.stringify(['overflow', o.id, o.updated_at, o.status, o.owner_name, skills, site]);
  return {
    kind: 'overflow',
    key,
    title: o.title,
    effortHours: o.effort_hours,
    skills,
    ownerName: o.owner_name,
    status: o.status,
    site,
  };
}

export async function siteCard(ctx: AppContext): Promise<SiteCard> {
  const site = await siteName(ctx);
  return { kind: 'site', key: JSON.stringify(['site', site]), site, tagline: TAGLINE };
}

const isPublic = (o: repo.OverflowHeadRow) =>
  o.visibility === 'public' && !o.hidden_at && !o.owner_suspended_at && !o.owner_deleted_at;

async function profilePage(
  ctx: AppContext,
  site: string,
  generic: PageHead,
  handle: string,
): Promise<PageAnswer> {
  const card = await profileCard(ctx, handle);
  if (!card) {
    const m = await repo.findProfileHead(ctx.db, handle.toLowerCase());
    // A suspended member's page still exists (the app says so); a deleted or unknown one does not.
    if (m && !m.deleted_at) return { status: 200, head: { ...generic, title: 'Member', noindex: true } };
    return { status: 404, head: { ...generic, title: 'Member not found', noindex: true } };
  }
  const parts = [
    card.headline,
    plural(card.verifiedWork, 'verified work record', 'verified work records'),
    card.skills.length > 0 ? `Skills: ${list(card.skills)}` : '',
  ].filter(Boolean);
  const path = `/@${card.handle}`;
  return {
    status: 200,
    head: {
      ...generic,
      type: 'profile',
      title: `${card.name} (@${card.handle})`,
      description: clip(`${parts.join('. ')}. On ${site}.`, DESCRIPTION_MAX),
      canonical: absolute(ctx, path),
      image: absolute(ctx, `/cards/member/${card.handle}.png`),
      imageAlt: `${card.name} on ${site}: ${plural(card.verifiedWork, 'verified work record', 'verified work records')}`,
      noindex: false,
    },
  };
}

async function overflowPage(
  ctx: AppContext,
  site: string,
  generic: PageHead,
  viewer: () => Promise<Actor | null>,
  id: string,
): Promise<PageAnswer> {
  const o = await repo.findOverflowHead(ctx.db, id);
  const path = `/overflow/${encodeURIComponent(id)}`;
  if (o && isPublic(o)) {
    const skills = await repo.overflowSkills(ctx.db, o.id, SKILLS_SHOWN);
    const effort = plural(o.effort_hours, 'hour', 'hours');
    const what = skills.length > 0 ? `${effort} of ${list(skills)}` : effort;
    const state = o.status === 'open' ? 'Open overflow' : 'Overflow';
    return {
      status: 200,
      head: {
        ...generic,
        type: 'article',
        title: o.title,
        description: clip(`${state} from ${o.owner_name}: ${what}. On ${site}.`, DESCRIPTION_MAX),
        canonical: absolute(ctx, path),
        image: absolute(ctx, `/cards/overflow/${o.id}.png`),
        imageAlt: `${o.title}: ${what}`,
        noindex: o.status !== 'open',
      },
    };
  }
  const privateHead: PageHead = {
    ...generic,
    title: 'Overflow',
    description: `Overflow on ${site}. Sign in to see what it asks for.`,
    noindex: true,
  };
  // The one visibility rule (shared/visibility.ts), as overflow.policy.ts applies it to the API.
  if (o && overflowGrants(await viewer()).some((g) => grantAllows(g, o)))
    return { status: 200, head: privateHead };
  return { status: 404, head: { ...privateHead, title: 'Overflow not found' } };
}
