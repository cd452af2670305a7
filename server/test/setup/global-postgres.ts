// Vitest globalSetup for the `postgres` project only: make sure PostgreSQL answers before any suite runs.
//
// Policy when PostgreSQL is not reachable at TEST_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/postgres):
//   - CI=true → this setup throws: CI must exercise both dialects, so the run fails loudly.
//   - locally → the postgres project is skipped with a loud notice. `npm test` (scripts/test.mjs) probes
//               first and does not start it; a plain `vitest` run leaves the project out in
//               vitest.config.ts. Reaching this point locally means PostgreSQL went away in between
//               (or the project was forced), so it fails with instructions rather than 100 connection errors.
import { adminDatabaseUrl, loudBanner, probePostgres, redactUrl } from './postgres';

export default async function setup(): Promise<void> {
  const url = adminDatabaseUrl();
  const reason = await probePostgres(url);
  if (reason === undefined) return;

  const where = redactUrl(url);
  const fix =
    'Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set TEST_DATABASE_URL.';
  const lines =
    process.env.CI === 'true'
      ? [
          `PostgreSQL not reachable at ${where}: ${reason}`,
          'CI=true: the PostgreSQL integration suites are mandatory.',
          fix,
        ]
      : [`PostgreSQL not reachable at ${where}: ${reason}`, fix];
  console.error(loudBanner(lines));
  throw new Error(`PostgreSQL not reachable at ${where}: ${reason}`);
}
