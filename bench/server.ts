/** The app under benchmark, in its own process so the load generator does not share its event loop. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config/env.js';
import { seedBenchData } from './seed.js';

const rows = Number(process.env.BENCH_ROWS ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), 'slipstream-bench-'));
const app = await buildApp({
  config: loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    DEMO: 'off',
    NODE_ENV: 'production',
    RATE_LIMIT: 'false',
  }),
});
app.get('/bench/bare', async () => ({ ok: true }));
const seeded = await seedBenchData(app.ctx, rows);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.send?.({ port, dir, ...seeded });
process.on('message', async (m) => {
  if (m === 'stop') {
    await app.close();
    process.exit(0);
  }
});
