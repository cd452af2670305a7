import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { lastMeritRun } from '../modules/merit/merit.service.js';
import { unauthorized } from '../shared/errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares the request's bearer token with the configured one in constant time (both hashed to 32 bytes). */
function hasToken(req: FastifyRequest, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return timingSafeEqual(digest(m?.[1] ?? ''), digest(token)) && m !== null;
}

/**
 * Prometheus text at /metrics: process metrics plus request counts and durations per route. Served only
 * with a bearer token (`METRICS_TOKEN`); without one configured, /metrics does not exist
 * (docs/decisions/0010-metrics-access.md).
 */
export const metricsPlugin = fp<{ token: string | undefined }>(async (app, { token }) => {
  // Not served, not collected: no per-request work for metrics nobody can read.
  if (token === undefined) return;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'slipstream_' });
  const requests = new Counter({
    name: 'slipstream_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'slipstream_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // The last merit recomputation in this process (docs/merit.md); absent until one has run here.
  const meritGauge = (
    name: string,
    help: string,
    read: (r: NonNullable<ReturnType<typeof lastMeritRun>>) => number,
  ) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const run = lastMeritRun();
        if (run) this.set(read(run));
      },
    });
  meritGauge(
    'slipstream_merit_last_run_seconds',
    'Wall time of the last merit recomputation, database to stored scores',
    (r) => r.seconds,
  );
  meritGauge(
    'slipstream_merit_last_run_members',
    'Members in the last merit recomputation',
    (r) => r.members,
  );
  meritGauge(
    'slipstream_merit_last_run_edges',
    'Completed engagements (edges) in the last merit recomputation',
    (r) => r.edges,
  );
  meritGauge(
    'slipstream_merit_last_run_timestamp_seconds',
    'When the last merit recomputation finished (Unix time)',
    (r) => Date.parse(r.finishedAt) / 1000,
  );
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!hasToken(req, token)) {
      reply.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw unauthorized('Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`.');
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
});
