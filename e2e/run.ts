// Runs the browser suite and prints `E2E: N passed, N failed` as its last line (parsed by scripts/test.mjs).
// Exit code 1 when anything failed. Extra arguments go to `playwright test` (e.g. a file or `-g pattern`).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from './support/chromium.js';
import { ROOT, webDistDir } from './support/server.js';

interface JsonReport {
  stats?: { expected: number; unexpected: number; flaky: number; skipped: number; duration: number };
  errors?: { message?: string }[];
  suites?: Suite[];
}
interface Suite {
  title: string;
  suites?: Suite[];
  specs?: { title: string; file: string; tests: { projectName: string; status: string }[] }[];
}

function flakyTitles(suites: Suite[] = [], path: string[] = []): string[] {
  return suites.flatMap((s) => [
    ...(s.specs ?? []).flatMap((spec) =>
      spec.tests.filter((t) => t.status === 'flaky').map(() => [...path, s.title, spec.title].join(' › ')),
    ),
    ...flakyTitles(s.suites, [...path, s.title]),
  ]);
}

function finish(passed: number, failed: number, skipped = 0): never {
  console.log(`E2E: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 ? 1 : 0);
}

if (!existsSync(CHROMIUM_PATH)) {
  console.error(`${CHROMIUM_PATH} is missing: apt-get update && apt-get install -y chromium`);
  finish(0, 1);
}

// The server reads dist/web/index.html (or $WEB_DIST/index.html) once at start; a rebuild during the run
// (another terminal, an editor's watcher) replaces the hashed assets it points at, and every page then fails
// to load its script.
const indexHtml = join(webDistDir(), 'index.html');
const readIndex = () => (existsSync(indexHtml) ? readFileSync(indexHtml, 'utf8') : '');
const builtBefore = readIndex();

const tmp = mkdtempSync(join(tmpdir(), 'slipstream-e2e-report-'));
const reportFile = join(tmp, 'report.json');
const started = Date.now();

const code = await new Promise<number>((resolve) => {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'),
      'test',
      '-c',
      'e2e/playwright.config.ts',
      '--reporter=list,json',
      ...process.argv.slice(2),
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    },
  );
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (error) => {
    console.error(`could not start playwright: ${error.message}`);
    resolve(127);
  });
  child.on('close', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
});

let report: JsonReport | undefined;
try {
  report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport;
} catch {
  report = undefined;
}
rmSync(tmp, { recursive: true, force: true });

if (!report?.stats) {
  console.error(`no JSON report from playwright (exit code ${code})`);
  finish(0, 1);
}

const { expected, unexpected, flaky, skipped } = report.stats;
const flakies = flakyTitles(report.suites);
if (flakies.length > 0) console.log(`!! flaky (passed on retry): ${flakies.join('; ')}`);
// Errors outside tests (global setup, a spec file that does not load) fail the run without failing a test.
const outside = report.errors?.length ?? 0;
for (const e of report.errors ?? [])
  console.error(`!! ${e.message?.split('\n')[0] ?? 'error outside tests'}`);
let failed = unexpected + outside;
if (readIndex() !== builtBefore) {
  console.error(
    `!! ${webDistDir()} was rebuilt while the suite ran: failures may be spurious (assets 404). Run again.`,
  );
}
if (code !== 0 && failed === 0) failed = 1;
console.log(`e2e finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
finish(expected + flaky, failed, skipped);
