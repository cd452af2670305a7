// Vitest globalSetup for the `postgres` project only: make sure PostgreSQL answers before any suite runs, then
// build this run's migrated template database, from which every test file's database is cloned
// (`CREATE DATABASE … TEMPLATE …`, see database.ts) instead of migrating a fresh database per file.
//
// Policy when PostgreSQL is not reachable at TEST_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/postgres):
//   - CI=true → this setup throws: CI must exercise both dialects, so the run fails loudly.
//   - locally → the postgres project is skipped with a loud notice. `npm test` (scripts/test.mjs) probes
//               first and does not start it; a plain `vitest` run leaves the project out in
//               vitest.config.ts. Reaching this point locally means PostgreSQL went away in between
//               (or the project was forced), so it fails with instructions rather than 100 connection errors.
//
// The template (see template.ts):
//   - is migrated by the code's own migrations (server/src/db/migrations), so a new migration is in it at once;
//   - is named per run (a hash of the migration files, the start time and a random suffix), so concurrent
//     runs on one server (several worktrees) never share or drop each other's template;
//   - takes no connections once migrated (ALLOW_CONNECTIONS false), since a template with an open connection
//     cannot be cloned;
//   - is dropped in teardown; templates left behind by a run that was killed are dropped by a later run once
//     they are older than a few hours.
import type { TestProject } from 'vitest/node';
import { adminDatabaseUrl, loudBanner, probePostgres, redactUrl } from './postgres';
import { createTemplateDatabase, dropStaleTemplates, dropTemplateDatabase } from './template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Name of this run's migrated template database (postgres project only). */
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = adminDatabaseUrl();
  const reason = await probePostgres(url);
  if (reason !== undefined) {
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

  await dropStaleTemplates();
  const template = await createTemplateDatabase();
  project.provide('postgresTemplate', template);
  return () => dropTemplateDatabase(template);
}
