/**
 * A small reverse proxy on loopback, standing in for an operator's load balancer in the scale-out and
 * rolling-restart suites. It behaves the way nginx is usually set up in front of several app processes:
 * - round robin over the backends that pass a health check (GET /readyz answers 200, every `healthEveryMs`);
 * - `X-Forwarded-For` gets the client's address appended, `X-Forwarded-Proto` and `X-Forwarded-Host` are
 *   set, so the app (TRUST_PROXY=1 or 127.0.0.1) sees the client and not the proxy;
 * - a request is tried on the next backend when the connection was refused, when a kept-alive connection
 *   was closed under it before any answer (`reusedSocket` and ECONNRESET), and, with `retry503`, when the
 *   answer is a 503 (nginx: `proxy_next_upstream error http_503 non_idempotent`): a draining process answers
 *   503 before doing any work. Bodies are buffered (at most 1 MiB) so they can be sent again.
 * Every request is bounded: at most `attempts` tries and `timeoutMs`.
 */
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server } from 'node:http';

export interface ProxyOptions {
  backends: string[];
  retry503?: boolean;
  attempts?: number;
  timeoutMs?: number;
  healthEveryMs?: number;
}

export interface ProxyStats {
  requests: number;
  /** Answered by the proxy itself with 502: no backend could take it. */
  failed: number;
  retries: number;
  byBackend: Record<string, number>;
}

export interface Proxy {
  url: string;
  port: number;
  stats: ProxyStats;
  setBackends: (urls: string[]) => void;
  /** Health now (the last check's result), by backend URL. */
  healthy: () => Record<string, boolean>;
  /** Runs one health check round now (a test that just started a backend does not wait for the timer). */
  checkNow: () => Promise<void>;
  close: () => Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

export async function startProxy(options: ProxyOptions): Promise<Proxy> {
  let backends = [...options.backends];
  const health = new Map<string, boolean>();
  const attempts = options.attempts ?? 6;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const stats: ProxyStats = { requests: 0, failed: 0, retries: 0, byBackend: {} };
  let next = 0;

  const check = async (url: string) => {
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      health.set(url, res.status === 200);
    } catch {
      health.set(url, false);
    }
  };
  const checkNow = async () => {
    await Promise.all(backends.map(check));
  };
  await checkNow();
  const timer = setInterval(() => void checkNow(), options.healthEveryMs ?? 200);

  const pick = (tried: Set<string>): string | undefined => {
    const up = backends.filter((b) => health.get(b) !== false && !tried.has(b));
    const pool = up.length > 0 ? up : backends.filter((b) => !tried.has(b));
    if (pool.length === 0) return undefined;
    return pool[next++ % pool.length];
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<Buffer | undefined>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          reject(new Error('body too large for the test proxy'));
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => resolve(chunks.length ? Buffer.concat(chunks) : undefined));
      req.on('error', reject);
    });

  const server: Server = createServer((req, res) => {
    stats.requests++;
    const deadline = Date.now() + timeoutMs;
    void (async () => {
      let body: Buffer | undefined;
      try {
        body = await readBody(req);
      } catch {
        res.writeHead(413).end();
        return;
      }
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
      }
      const client = req.socket.remoteAddress ?? '127.0.0.1';
      const forwarded = req.headers['x-forwarded-for'];
      headers['x-forwarded-for'] = forwarded ? `${String(forwarded)}, ${client}` : client;
      headers['x-forwarded-proto'] = 'http';
      headers['x-forwarded-host'] = req.headers.host ?? '127.0.0.1';
      if (body) headers['content-length'] = String(body.length);

      const tried = new Set<string>();
      for (let attempt = 0; attempt < attempts && Date.now() < deadline; attempt++) {
        let backend = pick(tried);
        if (!backend) {
          // Every backend was tried: wait a moment (one may be restarting) and go round again.
          tried.clear();
          await new Promise((r) => setTimeout(r, 100));
          backend = pick(tried);
          if (!backend) break;
        }
        tried.add(backend);
        if (attempt > 0) stats.retries++;
        const outcome = await new Promise<'done' | 'retry'>((resolve) => {
          const target = new URL(req.url ?? '/', backend);
          const upstream = httpRequest(
            target,
            { method: req.method, headers, agent, timeout: Math.max(1, deadline - Date.now()) },
            (answer) => {
              if (options.retry503 && answer.statusCode === 503 && attempt + 1 < attempts) {
                answer.resume();
                resolve('retry');
                return;
              }
              stats.byBackend[backend] = (stats.byBackend[backend] ?? 0) + 1;
              const out: Record<string, string | string[]> = {};
              for (const [k, v] of Object.entries(answer.headers)) {
                if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
              }
              res.writeHead(answer.statusCode ?? 502, out);
              answer.pipe(res);
              answer.on('error', () => res.destroy());
              res.on('close', () => resolve('done'));
            },
          );
          upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
          upstream.on('error', (error: NodeJS.ErrnoException) => {
            if (res.headersSent) {
              res.destroy();
              resolve('done');
              return;
            }
            // Nothing reached the backend: refused (it is down), or a kept-alive connection it closed as we
            // sent. Anything else may have been half done, so it is not sent again.
            const refused = error.code === 'ECONNREFUSED';
            if (refused) health.set(backend, false);
            if (refused || (upstream.reusedSocket && error.code === 'ECONNRESET')) {
              resolve('retry');
              return;
            }
            stats.failed++;
            res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${error.code ?? error.message}`);
            resolve('done');
          });
          upstream.end(body);
        });
        if (outcome === 'done') return;
      }
      if (!res.headersSent) {
        stats.failed++;
        res.writeHead(502, { 'content-type': 'text/plain' }).end('proxy: no backend could answer');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    setBackends: (urls) => {
      backends = [...urls];
      void checkNow();
    },
    healthy: () => Object.fromEntries(backends.map((b) => [b, health.get(b) !== false])),
    checkNow,
    close: async () => {
      clearInterval(timer);
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
