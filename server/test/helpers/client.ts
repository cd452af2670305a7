// A small agent over `app.inject()`: keeps the session cookie, sends `X-CSRF-Token` on unsafe requests
// (taken from the register/login/session replies), or authenticates with a bearer token instead.
// No test framework imports, so a seed script can reuse it.
import type { FastifyInstance } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';

export const SESSION_COOKIE = 'slipstream_session';
export const API = '/api/v1';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

export interface RequestOptions {
  /** JSON-serialised unless `raw` is given. */
  body?: unknown;
  /** Sent as-is (with the given `headers`, e.g. a content-type). */
  raw?: string | Buffer;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Client IP for this request (default: the client's). */
  remoteAddress?: string;
  /** Set false to leave out the CSRF header this once. */
  csrf?: boolean;
}

export interface TestResponse<T = unknown> {
  status: number;
  headers: OutgoingHttpHeaders;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: T;
  /** The `error` object of an error reply, or undefined. */
  error: ApiErrorBody['error'] | undefined;
  /** Raw `Set-Cookie` header values. */
  setCookies: string[];
}

const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

function toArray(h: string | string[] | number | undefined): string[] {
  if (h === undefined) return [];
  return Array.isArray(h) ? h : [String(h)];
}

export interface ClientOptions {
  remoteAddress?: string;
  bearer?: string;
  userAgent?: string;
}

export class TestClient {
  /** Cookie values by name (only what the server set). */
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  readonly bearer: string | undefined;
  remoteAddress: string;
  private readonly userAgent: string;

  constructor(
    readonly app: FastifyInstance,
    options: ClientOptions = {},
  ) {
    this.bearer = options.bearer;
    this.remoteAddress = options.remoteAddress ?? '127.0.0.1';
    this.userAgent = options.userAgent ?? 'slipstream-test';
  }

  /** The session cookie value, if signed in by cookie. */
  get sessionCookie(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }

  /** A client for the same app authenticated only by `Authorization: Bearer <token>` (no cookie, no CSRF). */
  asToken(token: string): TestClient {
    return new TestClient(this.app, { bearer: token, remoteAddress: this.remoteAddress });
  }

  /** A copy sharing nothing with this client afterwards (same cookie and CSRF token now). */
  clone(): TestClient {
    const c = new TestClient(this.app, {
      remoteAddress: this.remoteAddress,
      ...(this.bearer !== undefined && { bearer: this.bearer }),
    });
    for (const [k, v] of this.cookies) c.cookies.set(k, v);
    c.csrfToken = this.csrfToken;
    return c;
  }

  async request<T = unknown>(
    method: HttpMethod,
    url: string,
    opts: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent };
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    if (this.bearer !== undefined) headers.authorization = `Bearer ${this.bearer}`;
    if (UNSAFE.has(method) && opts.csrf !== false && this.csrfToken && this.cookies.has(SESSION_COOKIE)) {
      headers['x-csrf-token'] = this.csrfToken;
    }
    let payload: string | Buffer | undefined;
    if (opts.raw !== undefined) {
      payload = opts.raw;
    } else if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, opts.headers);

    const res = await this.app.inject({
      method,
      url: url.startsWith('/') ? url : `${API}/${url}`,
      headers,
      ...(payload !== undefined && { payload }),
      ...(opts.query && { query: opts.query }),
      remoteAddress: opts.remoteAddress ?? this.remoteAddress,
    });

    const setCookies = toArray(res.headers['set-cookie']);
    for (const line of setCookies) this.storeCookie(line);

    let body: unknown;
    const type = String(res.headers['content-type'] ?? '');
    if (type.includes('json') && res.body.length > 0) {
      try {
        body = JSON.parse(res.body);
      } catch {
        body = undefined;
      }
    }
    const maybeCsrf = (body as { csrfToken?: unknown } | undefined)?.csrfToken;
    if (typeof maybeCsrf === 'string' && maybeCsrf.length > 0) this.csrfToken = maybeCsrf;
    const error = (body as Partial<ApiErrorBody> | undefined)?.error;

    return {
      status: res.statusCode,
      headers: res.headers,
      text: res.body,
      body: body as T,
      error: error && typeof error === 'object' ? error : undefined,
      setCookies,
    };
  }

  get<T = unknown>(url: string, opts?: RequestOptions) {
    return this.request<T>('GET', url, opts);
  }
  post<T = unknown>(url: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('POST', url, { ...opts, ...(body !== undefined && { body }) });
  }
  patch<T = unknown>(url: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('PATCH', url, { ...opts, ...(body !== undefined && { body }) });
  }
  put<T = unknown>(url: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('PUT', url, { ...opts, ...(body !== undefined && { body }) });
  }
  delete<T = unknown>(url: string, opts?: RequestOptions) {
    return this.request<T>('DELETE', url, opts);
  }

  private storeCookie(line: string): void {
    const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    if (eq < 0) return;
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const expires = attrs.find((a) => a.toLowerCase().startsWith('expires='));
    const maxAge = attrs.find((a) => a.toLowerCase().startsWith('max-age='));
    // The server's clock may be a ManualClock, so only a cleared cookie counts as expired here (empty value,
    // Max-Age=0 or the epoch date `clearCookie` uses); real expiry is the server's business.
    const expired =
      value === '' ||
      (maxAge !== undefined && Number(maxAge.slice(8)) <= 0) ||
      (expires !== undefined && new Date(expires.slice(8)).getTime() <= 0);
    if (expired) {
      this.cookies.delete(name);
      if (name === SESSION_COOKIE) this.csrfToken = undefined;
    } else {
      this.cookies.set(name, value);
    }
  }
}

/** Parses one `Set-Cookie` line into its name, value and lower-cased attributes. */
export function parseSetCookie(line: string): {
  name: string;
  value: string;
  attributes: Map<string, string>;
} {
  const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  const attributes = new Map<string, string>();
  for (const a of attrs) {
    const i = a.indexOf('=');
    attributes.set((i < 0 ? a : a.slice(0, i)).toLowerCase(), i < 0 ? '' : a.slice(i + 1));
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
}
