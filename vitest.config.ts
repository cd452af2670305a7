import { defineConfig, type TestProjectInlineConfiguration, type ViteUserConfig } from 'vitest/config';
import { adminDatabaseUrl, loudBanner, probePostgres, redactUrl } from './server/test/setup/postgres.js';

// Three projects:
//   unit      – fast tests next to the code (server/src, web/src, packages), no database.
//   sqlite    – integration suites in server/test, a fresh SQLite file per test file.
//   postgres  – the same suites, a fresh PostgreSQL database per test file.
// Every test file runs in its own forked process (pool 'forks', isolate true), so integration files never
// share module state.
//
// PostgreSQL policy (see server/test/setup/global-postgres.ts): with CI=true the postgres project is always
// present and its globalSetup fails the run when PostgreSQL is down. Locally, an unreachable PostgreSQL
// drops the project with a loud notice (`npm test` probes once itself, reports the skip and passes the result
// on in SLIPSTREAM_PG_STATUS so this file does not probe again).
const integrationFiles = ['server/test/**/*.test.ts'];
// A suite that is about one database only is named for it (`*.postgres.test.ts`: several processes on one
// PostgreSQL server, the server going away; `*.sqlite.test.ts`: the embedded file, a full disk) and is left
// out of the other project instead of being skipped there.
const onlyFor = { sqlite: 'server/test/**/*.postgres.test.ts', postgres: 'server/test/**/*.sqlite.test.ts' };

// A SQLite suite that also needs a PostgreSQL server (copy-to writes into one): left out with the postgres
// project when PostgreSQL is unreachable locally (never in CI, where that fails the run).
const needsPostgres = ['server/test/**/copy-to.sqlite.test.ts'];

const integration = (
  dialect: 'sqlite' | 'postgres',
  postgresReachable = true,
): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: dialect,
    environment: 'node',
    include: integrationFiles,
    exclude: [onlyFor[dialect], ...(postgresReachable ? [] : needsPostgres), '**/node_modules/**'],
    env: { TEST_DIALECT: dialect },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    ...(dialect === 'postgres' ? { globalSetup: ['server/test/setup/global-postgres.ts'] } : {}),
  },
});

export default defineConfig(async (): Promise<ViteUserConfig> => {
  let includePostgres = true;
  const known = process.env.SLIPSTREAM_PG_STATUS; // set by scripts/test.mjs, which probed and reported already
  if (known === 'unreachable' && process.env.CI !== 'true') {
    includePostgres = false;
  } else if (known === undefined && process.env.CI !== 'true') {
    const reason = await probePostgres(adminDatabaseUrl(), 2000);
    if (reason !== undefined) {
      includePostgres = false;
      console.warn(
        loudBanner([
          `PostgreSQL not reachable at ${redactUrl(adminDatabaseUrl())}: ${reason}`,
          'PostgreSQL integration suites SKIPPED (the postgres project is left out of this run).',
        ]),
      );
    }
  }

  return {
    test: {
      pool: 'forks',
      isolate: true,
      maxWorkers: 2, // 2-core machines
      passWithNoTests: true,
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'node',
            include: ['server/src/**/*.test.{ts,tsx}', 'web/src/**/*.test.{ts,tsx}', 'packages/**/*.test.ts'],
          },
        },
        integration('sqlite', includePostgres),
        ...(includePostgres ? [integration('postgres')] : []),
      ],
    },
  };
});
