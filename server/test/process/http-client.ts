/**
 * A small HTTP client for the suites that talk to real server processes (through server/test/process/proxy.ts
 * or directly): keeps the session cookie, sends `X-CSRF-Token` on unsafe requests once a reply gave one (as
 * server/test/helpers/client.ts does over inject), and connects from a chosen loopback address
 * (`localAddress`, any of 127.0.0.0/8 on Linux) so each member looks like its own client IP. One connection
 * per request (no keep-alive): the proxy picks a backend per request. Every request is bounded.
 */
import { request } from 'node:http';

export interface HttpAnswer<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: T;
  error: { code: string; message: string } | undefined;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class HttpClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(
    readonly baseUrl: string,
    readonly localAddress = '127.0.0.1',
    readonly timeoutMs = 20_000,
  ) {}

  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer<T>> {
    const url = new URL(path.startsWith('/') ? path : `/api/v1/${path}`, this.baseUrl);
    const send: Record<string, string> = { 'user-agent': 'slipstream-process-test', ...headers };
    if (this.cookies.size > 0) send.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (UNSAFE.has(method) && this.csrfToken && this.cookies.size > 0) send['x-csrf-token'] = this.csrfToken;
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    if (payload) {
      send['content-type'] = 'application/json';
      send['content-length'] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { method, headers: send, localAddress: this.localAddress, timeout: this.timeoutMs, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            for (const line of [res.headers['set-cookie'] ?? []].flat()) {
              const pair = line.split(';')[0] ?? '';
              const eq = pair.indexOf('=');
              if (eq < 0) continue;
              const name = pair.slice(0, eq).trim();
              const value = pair.slice(eq + 1).trim();
              if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
              else this.cookies.set(name, value);
            }
            let parsed: unknown;
            if (String(res.headers['content-type'] ?? '').includes('json') && text) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = undefined;
              }
            }
            const csrf = (parsed as { csrfToken?: unknown } | undefined)?.csrfToken;
            if (typeof csrf === 'string' && csrf) this.csrfToken = csrf;
            const error = (parsed as { error?: HttpAnswer['error'] } | undefined)?.error;
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed as T, error });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${url.pathname}: no answer in ${this.timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
}
