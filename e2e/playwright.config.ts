import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { DESKTOP, launchOptions } from './support/chromium.js';

// Run through `node --import tsx e2e/run.ts` (what `npm test` does) or directly:
//   npx playwright test -c e2e/playwright.config.ts [file or -g pattern]
// A teardown project always runs with its setup project, so add `--no-deps` to run only the named files
// (e.g. `node --import tsx e2e/run.ts e2e/signin.spec.ts --no-deps`).
// The server serves dist/web, or the build in WEB_DIST when set (e.g. `npx vite build --config web/vite.config.ts
// --outDir /tmp/web-e2e` then `WEB_DIST=/tmp/web-e2e node --import tsx e2e/run.ts`), so a run need not touch dist/web.
// The config lives in e2e/ so that `tsc -p tsconfig.json` (which includes e2e) type-checks it.
const CI = process.env.CI === 'true';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: fileURLToPath(new URL('../test-results/e2e', import.meta.url)),
  globalSetup: './global-setup.ts',
  workers: 2,
  fullyParallel: true,
  forbidOnly: CI,
  // One retry on CI; a test that passes only on retry is listed as flaky by e2e/run.ts.
  retries: CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: DESKTOP,
    launchOptions,
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // The admin journey switches sign-up to invite-only, which would break every other spec's sign-ups,
    // so it runs alone after all of them: a teardown project runs once its setup project has finished,
    // whether or not that passed (a plain dependency would skip it after any failure).
    { name: 'main', testIgnore: '**/admin.spec.ts', teardown: 'admin' },
    { name: 'admin', testMatch: '**/admin.spec.ts' },
  ],
});
