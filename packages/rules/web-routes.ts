/**
 * The paths the web app handles, written once: the server answers these with the app's HTML (200) and any
 * other non-API path with the app's HTML and 404, so a crawler or `curl` learns what the app would show.
 * web/src/router.tsx keeps its own React tree; web-routes.test.ts proves that its paths and this list agree.
 *
 * A `:name` segment matches any one non-empty segment. `/:profileHandle` is a member's profile and matches
 * only a segment that starts with "@" (as ProfilePage checks), e.g. `/@ada`.
 */
export const WEB_ROUTES = [
  '/',
  '/signin',
  '/signup',
  '/verify-email',
  '/forgot-password',
  '/reset-password',
  '/confirm-email',
  '/settings',
  '/settings/profile',
  '/settings/work',
  '/settings/email',
  '/settings/security',
  '/settings/activity',
  '/settings/tokens',
  '/settings/account',
  '/unsubscribe',
  '/admin',
  '/admin/outbox',
  '/admin/outbox/:messageId',
  '/admin/members',
  '/admin/reports',
  '/admin/audit',
  '/board',
  '/search',
  '/search/people',
  '/overflow/new',
  '/overflow/:overflowId',
  '/overflow/:overflowId/edit',
  '/work',
  '/engagements/:engagementId',
  '/ties',
  '/network',
  '/insights',
  '/insights/instance',
  '/notifications',
  '/:profileHandle',
] as const;

export type WebRoute = (typeof WEB_ROUTES)[number];

export interface WebRouteMatch {
  route: WebRoute;
  params: Record<string, string>;
}

const segmentsOf = (path: string): string[] => path.split('/').filter((s) => s !== '');

const compiled = WEB_ROUTES.map((route) => ({ route, segments: segmentsOf(route) }));

/** How specific a route is: static segments beat parameters, as in React Router's ranking. */
const rank = (segments: string[]): number =>
  segments.reduce((n, s) => n * 2 + (s.startsWith(':') ? 0 : 1), 1);
compiled.sort((a, b) => b.segments.length - a.segments.length || rank(b.segments) - rank(a.segments));

/**
 * The route the web app would render for a (percent-decoded) path, or null for its not-found page.
 * Static segments compare case-insensitively and a trailing slash is ignored, as in React Router.
 */
export function matchWebRoute(pathname: string): WebRouteMatch | null {
  const parts = segmentsOf(pathname);
  for (const { route, segments } of compiled) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const want = segments[i]!;
      const got = parts[i]!;
      if (want.startsWith(':')) params[want.slice(1)] = got;
      else ok = want.toLowerCase() === got.toLowerCase();
    }
    if (!ok) continue;
    if (route === '/:profileHandle' && !/^@./.test(params.profileHandle ?? '')) continue;
    return { route, params };
  }
  return null;
}
