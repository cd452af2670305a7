import type { FastifyRequest } from 'fastify';

/** The request's path, percent-decoded (the raw one when it does not decode). */
export function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Whether a request is for the API. Decided on the route Fastify matched, never on the raw URL: the router
 * decodes, so `/%61pi/v1/auth/login` reaches `/api/v1/auth/login`. A request that matched no route is
 * judged on its decoded path.
 */
export function isApiRequest(req: FastifyRequest): boolean {
  const route = req.routeOptions.url;
  if (route !== undefined) return route.startsWith('/api/');
  return decodedPath(req.url).startsWith('/api');
}
