import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config/env.js';
import { startJobs } from './jobs/scheduler.js';
import { seedDemoIfEmpty } from './cli/seed-demo.js';

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }

  const app = await buildApp({ config });
  if (config.demo) {
    const seeded = await seedDemoIfEmpty(app.ctx);
    if (seeded) {
      app.log.info('Demo community created on this empty database (DEMO=off disables it).');
      console.log(seeded.banner);
    }
  }
  const jobs = startJobs(app.ctx);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    jobs.stop();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(
    `\nSlipstream is running at http://${shown}:${config.port}  (API docs: /api/docs, database: ${app.ctx.config.database.dialect})\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
