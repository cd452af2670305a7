import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type SelfMember = Schemas['SelfMember'];
export type PublicMember = Schemas['PublicMember'];
export type Session = Schemas['Session'];
export type WorkRecord = Schemas['WorkRecord'];
export type WorkKind = WorkRecord['kind'];
export type Profile = Schemas['Profile'];
export type Instance = Schemas['Instance'];
export type AccessToken = Schemas['AccessToken'];
export type CreatedAccessToken = Schemas['CreatedAccessToken'];
export type Invite = Schemas['Invite'];

/** One field-level problem, as the server reports it (`path` like `body.handle`). */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

/** Every failed call becomes one of these; `message` is a sentence meant for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The session's CSRF token lives in memory only; it is set from the session query and sign-in replies. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** While the session is being read, a write waits for it, so it can carry the token. */
let sessionRequest: Promise<unknown> | null = null;
export function trackSessionRequest(request: Promise<unknown>): void {
  sessionRequest = request;
  const settle = () => {
    if (sessionRequest === request) sessionRequest = null;
  };
  request.then(settle, settle);
}

const csrfMiddleware: Middleware = {
  async onRequest({ request }) {
    if (!UNSAFE_METHODS.has(request.method)) return request;
    if (!csrfToken && sessionRequest) await sessionRequest.catch(() => undefined);
    if (csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrfMiddleware);

function isDetail(value: unknown): value is ApiErrorDetail {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiErrorDetail).path === 'string' &&
    typeof (value as ApiErrorDetail).message === 'string'
  );
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  if (error && typeof error.message === 'string') {
    const details = Array.isArray(error.details) ? error.details.filter(isDetail) : [];
    return new ApiError(status, String(error.code ?? 'ERROR'), error.message, details);
  }
  return new ApiError(status, 'UNEXPECTED', `The server answered with an unexpected error (${status}).`);
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an `ApiError` carrying the server's
 * message. Network failures become an `ApiError` with status 0.
 */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch {
    throw new ApiError(0, 'NETWORK', 'We could not reach the server. Check your connection and try again.');
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}
