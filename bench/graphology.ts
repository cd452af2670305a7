/**
 * The comparison for merit: graphology + graphology-metrics PageRank on the same edges (completed engagements,
 * owner → helper, weighted by the rating, 3 when there is none), end to end from the database (reading the
 * rows, building the graph, ranking), alone in this process so its peak RSS is its own. Prints one
 * `GRAPHOLOGY_RESULT {json}` line. A reference point, not the product's formula: plain PageRank has a uniform
 * teleport, which merit must not have (docs/merit.md).
 */
import { DirectedGraph } from 'graphology';
import pagerank from 'graphology-metrics/centrality/pagerank.js';
import { loadConfig } from '../server/src/config/env.js';
import { openDatabase } from '../server/src/db/database.js';

const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;
const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is not set');
const baselineRssMiB = mib(process.resourceUsage().maxRSS);

const database = openDatabase(
  loadConfig({ DATABASE_URL: url, DATA_DIR: '/tmp', LOG_LEVEL: 'silent', DEMO: 'off' }),
);
try {
  const t0 = performance.now();
  const rows = await database.db
    .selectFrom('engagements')
    .select(['owner_id', 'helper_id', 'rating'])
    .where('status', '=', 'completed')
    .execute();
  const readSeconds = (performance.now() - t0) / 1000;
  const graph = new DirectedGraph<Record<string, never>, { weight: number }>();
  for (const r of rows) {
    graph.mergeNode(r.owner_id);
    graph.mergeNode(r.helper_id);
    const w = r.rating ?? 3;
    graph.updateEdge(r.owner_id, r.helper_id, (attr) => ({ weight: (attr.weight ?? 0) + w }));
  }
  const buildSeconds = (performance.now() - t0) / 1000 - readSeconds;
  const scores = pagerank(graph, {
    getEdgeWeight: 'weight',
    alpha: 0.85,
    tolerance: 1e-9,
    maxIterations: 100,
  });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `GRAPHOLOGY_RESULT ${JSON.stringify({
      seconds,
      readSeconds,
      buildSeconds,
      rankSeconds: seconds - readSeconds - buildSeconds,
      peakRssMiB: mib(process.resourceUsage().maxRSS),
      baselineRssMiB,
      nodes: graph.order,
      edges: rows.length,
      distinctEdges: graph.size,
      scored: Object.keys(scores).length,
    })}`,
  );
} finally {
  await database.destroy();
}
