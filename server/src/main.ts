import { ConfigError, loadConfig, type Config } from './config/env.js';
import { closeOnSignals, startServer } from './server.js';

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

  const server = await startServer(config);
  closeOnSignals(server);
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(
    `\nSlipstream is running at http://${shown}:${server.port}  (API docs: /api/docs, database: ${config.database.dialect})\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
