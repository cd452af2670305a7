#!/usr/bin/env node
// `npm test`: every check in one command. Plain Node ESM (no TypeScript) so it runs before anything is built.
//
// Stages, in order (all of them run; a failure never stops the later ones):
//   typecheck  tsc --noEmit -p tsconfig.json                                  counts as 1 test
//   lint       eslint .                                                       counts as 1 test
//   format     prettier --check .                                             counts as 1 test
//   openapi    node --import tsx scripts/generate-openapi.ts --check           counts as 1 test
//   unit       vitest --project unit                                          counts from the JSON report
//   sqlite     vitest --project sqlite   (server/test/** with TEST_DIALECT=sqlite)
//   postgres   vitest --project postgres (same files, TEST_DIALECT=postgres)
//   e2e        vite build + node --import tsx e2e/run.ts                       counts from "E2E: N passed, N failed"
//   bench      node --import tsx bench/run.ts --quick (smoke run, no thresholds) counts as 1 test
//
// Policy for missing services:
//   PostgreSQL unreachable at TEST_DATABASE_URL: CI=true → postgres stage FAILS; otherwise it is SKIPPED
//   with a loud notice. /usr/bin/chromium missing: CI=true → e2e FAILS; otherwise SKIPPED with a loud notice.
//
// Quick local runs: `npm test -- --only=unit,sqlite`.
// The very last line printed is `N passed, N failed` (plus `, N skipped` when > 0); the exit code is 1 when
// anything failed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = (name) => join(ROOT, 'node_modules', '.bin', name);
const NODE = process.execPath;
const CI = process.env.CI === 'true';
const CHROMIUM = '/usr/bin/chromium';
const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const STAGES = ['typecheck', 'lint', 'format', 'openapi', 'unit', 'sqlite', 'postgres', 'e2e', 'bench'];
const VITEST_STAGES = new Set(['unit', 'sqlite', 'postgres']);

// ---------------------------------------------------------------------------------------------- arguments

function usage() {
  return [
    'usage: node scripts/test.mjs [--only=stage[,stage...]]',
    `stages: ${STAGES.join(', ')}`,
    'example: npm test -- --only=unit,sqlite',
  ].join('\n');
}

function parseArgs(argv) {
  let only;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(usage());
      process.exit(0);
    } else if (arg.startsWith('--only=')) {
      only = arg.slice('--only='.length);
    } else if (arg === '--only' && i + 1 < argv.length) {
      only = argv[++i];
    } else {
      console.error(`unknown argument: ${arg}\n${usage()}`);
      process.exit(2);
    }
  }
  if (only === undefined) return STAGES;
  const wanted = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((s) => !STAGES.includes(s));
  if (unknown.length > 0 || wanted.length === 0) {
    console.error(`unknown stage(s): ${unknown.join(', ') || '(none given)'}\n${usage()}`);
    process.exit(2);
  }
  return STAGES.filter((s) => wanted.includes(s)); // always in canonical order
}

// ---------------------------------------------------------------------------------------------- helpers

const bar = '!'.repeat(100);
function loud(lines) {
  return ['', bar, ...lines.map((l) => `!! ${l}`), bar, ''].join('\n');
}

function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

let currentChild;
let interrupted = false;
process.on('SIGINT', () => {
  interrupted = true;
  currentChild?.kill('SIGINT');
});
process.on('SIGTERM', () => {
  interrupted = true;
  currentChild?.kill('SIGTERM');
});

/**
 * Runs a command with live output. With `tee`, stdout/stderr are piped through (still shown live) and the
 * last 256 KiB are returned for parsing.
 */
function run(cmd, args, { tee = false, env = {} } = {}) {
  return new Promise((resolve) => {
    let output = '';
    const keep = (chunk) => {
      output += chunk.toString();
      if (output.length > 512 * 1024) output = output.slice(-256 * 1024);
    };
    let child;
    try {
      child = spawn(cmd, args, {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: tee ? ['inherit', 'pipe', 'pipe'] : 'inherit',
      });
    } catch (err) {
      console.error(`!! could not start ${cmd}: ${err.message}`);
      resolve({ code: 127, output });
      return;
    }
    currentChild = child;
    if (tee) {
      child.stdout.on('data', (c) => {
        process.stdout.write(c);
        keep(c);
      });
      child.stderr.on('data', (c) => {
        process.stderr.write(c);
        keep(c);
      });
    }
    child.on('error', (err) => {
      console.error(`!! could not start ${cmd}: ${err.message}`);
    });
    child.on('close', (code, signal) => {
      currentChild = undefined;
      resolve({ code: code ?? (signal ? 128 : 1), signal, output });
    });
  });
}

async function probePostgres(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return (err instanceof Error && (err.message || err.name)) || String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------- stages

/** @typedef {{ passed: number, failed: number, skipped: number, note?: string }} Counts */

const notices = []; // repeated in the summary so they are not lost in the scroll-back
let tmp; // temp dir for JSON reports
let pgStatus; // { reachable: boolean, reason?: string, url: string } when a vitest stage is selected
const vitestTotals = {}; // project -> numTotalTests, to size the postgres skip

const one = (ok, note) => ({ passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, note });

function skip(stage, lines, count = 1) {
  console.log(loud(lines));
  notices.push(...lines.map((l) => `[${stage}] ${l}`));
  return { passed: 0, failed: 0, skipped: count, note: 'SKIPPED' };
}

function fail(stage, lines) {
  console.error(loud(lines));
  notices.push(...lines.map((l) => `[${stage}] ${l}`));
  return { passed: 0, failed: 1, skipped: 0 };
}

async function stageCommand(cmd, args) {
  const { code } = await run(cmd, args);
  return one(code === 0, code === 0 ? undefined : `exit code ${code}`);
}

async function stageOpenapi() {
  const script = join(ROOT, 'scripts', 'generate-openapi.ts');
  if (!existsSync(script)) {
    return skip('openapi', ['scripts/generate-openapi.ts does not exist yet: OpenAPI drift check SKIPPED']);
  }
  return stageCommand(NODE, ['--import', 'tsx', script, '--check']);
}

async function stageVitest(project) {
  if (project === 'postgres' && !pgStatus.reachable) {
    const where = redactUrl(pgStatus.url);
    if (CI) {
      return fail('postgres', [
        `PostgreSQL not reachable at ${where}: ${pgStatus.reason}`,
        'CI=true: the PostgreSQL integration suites are mandatory -> FAILED',
      ]);
    }
    // The same files just ran against SQLite, so that count is the best estimate of what was skipped.
    return skip(
      'postgres',
      [`PostgreSQL not reachable at ${where}: PostgreSQL integration suites SKIPPED (${pgStatus.reason})`],
      Math.max(1, vitestTotals.sqlite ?? 1),
    );
  }

  const report = join(tmp, `vitest-${project}.json`);
  const { code } = await run(
    BIN('vitest'),
    ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { env: { SLIPSTREAM_PG_STATUS: pgStatus.reachable ? 'reachable' : 'unreachable' } },
  );

  let json;
  try {
    json = JSON.parse(await readFile(report, 'utf8'));
  } catch {
    return { passed: 0, failed: 1, skipped: 0, note: `no JSON report (vitest exit code ${code})` };
  }
  vitestTotals[project] = json.numTotalTests;
  const counts = {
    passed: json.numPassedTests,
    failed: json.numFailedTests,
    skipped: json.numPendingTests + json.numTodoTests,
  };
  // A file that fails to load (syntax error, throwing import, failing beforeAll) has no failed tests.
  const brokenFiles = (json.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  counts.failed += brokenFiles;
  const notes = [];
  if (brokenFiles > 0) notes.push(`${brokenFiles} file(s) failed outside tests`);
  if (code !== 0 && counts.failed === 0) {
    counts.failed = 1; // unhandled error, failing globalSetup, ...
    notes.push(`vitest exit code ${code}`);
  }
  return { ...counts, note: notes.join('; ') || undefined };
}

async function stageE2e() {
  if (!existsSync(join(ROOT, 'e2e', 'run.ts'))) {
    return skip('e2e', ['e2e/run.ts does not exist yet: browser tests SKIPPED']);
  }
  if (!existsSync(CHROMIUM)) {
    if (CI) {
      return fail('e2e', [`${CHROMIUM} is missing`, 'CI=true: the browser tests are mandatory -> FAILED']);
    }
    return skip('e2e', [
      `${CHROMIUM} is missing: browser tests SKIPPED (install it: apt-get install -y chromium)`,
    ]);
  }

  console.log('-- building the web app (vite build --config web/vite.config.ts)');
  const build = await run(BIN('vite'), ['build', '--config', 'web/vite.config.ts']);
  if (build.code !== 0) {
    return fail('e2e', [`vite build failed (exit code ${build.code}): browser tests not run -> FAILED`]);
  }
  if (interrupted) return { passed: 0, failed: 1, skipped: 0, note: 'interrupted' };

  const { code, output } = await run(NODE, ['--import', 'tsx', 'e2e/run.ts'], { tee: true });
  const text = output.replace(ANSI, '');
  const lines = [...text.matchAll(/^.*E2E:.*?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?.*$/gm)];
  const any =
    lines.length > 0 ? lines : [...text.matchAll(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g)];
  const last = any.at(-1);
  if (!last) {
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `no "E2E: N passed, N failed" line (exit code ${code})`,
    };
  }
  const counts = { passed: Number(last[1]), failed: Number(last[2]), skipped: Number(last[3] ?? 0) };
  if (code !== 0 && counts.failed === 0) {
    counts.failed = 1;
    counts.note = `e2e/run.ts exit code ${code}`;
  }
  return counts;
}

/** The benchmark suite's smoke run: passes when it finishes and prints its table (no thresholds). */
async function stageBench() {
  const { code, output } = await run(NODE, ['--import', 'tsx', 'bench/run.ts', '--quick'], { tee: true });
  const table = /^route\s+req\/s\s+ratio/m.test(output.replace(ANSI, ''));
  if (code === 0 && table) return one(true);
  return one(false, code !== 0 ? `bench/run.ts exit code ${code}` : 'no results table printed');
}

const runners = {
  typecheck: () => stageCommand(BIN('tsc'), ['--noEmit', '-p', 'tsconfig.json']),
  lint: () => stageCommand(BIN('eslint'), ['.']),
  format: () => stageCommand(BIN('prettier'), ['--check', '.']),
  openapi: stageOpenapi,
  unit: () => stageVitest('unit'),
  sqlite: () => stageVitest('sqlite'),
  postgres: () => stageVitest('postgres'),
  e2e: stageE2e,
  bench: stageBench,
};

// ---------------------------------------------------------------------------------------------- main

async function main() {
  const selected = parseArgs(process.argv.slice(2));
  const started = Date.now();
  tmp = await mkdtemp(join(tmpdir(), 'slipstream-test-run-'));

  if (selected.some((s) => VITEST_STAGES.has(s))) {
    const url = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
    const reason = await probePostgres(url);
    pgStatus = { reachable: reason === undefined, reason, url };
  }

  console.log(`Slipstream tests: ${selected.join(', ')}${CI ? ' (CI=true)' : ''}`);
  const results = [];
  for (const stage of selected) {
    if (interrupted) {
      results.push({ stage, passed: 0, failed: 0, skipped: 0, ms: 0, note: 'not run (interrupted)' });
      continue;
    }
    console.log(`\n==== ${stage} ${'='.repeat(Math.max(0, 94 - stage.length))}`);
    const t0 = Date.now();
    let counts;
    try {
      counts = await runners[stage]();
    } catch (err) {
      console.error(err);
      counts = { passed: 0, failed: 1, skipped: 0, note: `runner crashed: ${err?.message ?? err}` };
    }
    const ms = Date.now() - t0;
    results.push({ stage, ms, ...counts });
    const status = counts.failed > 0 ? 'FAILED' : counts.note === 'SKIPPED' ? 'SKIPPED' : 'ok';
    console.log(
      `==== ${stage}: ${status} in ${seconds(ms)} (${counts.passed} passed, ${counts.failed} failed, ` +
        `${counts.skipped} skipped)${counts.note && counts.note !== 'SKIPPED' ? ` - ${counts.note}` : ''}`,
    );
  }

  await rm(tmp, { recursive: true, force: true }).catch(() => {});

  const total = results.reduce(
    (acc, r) => ({
      passed: acc.passed + r.passed,
      failed: acc.failed + r.failed,
      skipped: acc.skipped + r.skipped,
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  if (interrupted) total.failed += 1;

  console.log('\n==== summary ' + '='.repeat(87));
  for (const r of results) {
    const status = r.failed > 0 ? 'FAILED ' : r.note === 'SKIPPED' ? 'SKIPPED' : 'ok     ';
    const extra = r.note && r.note !== 'SKIPPED' ? `  ${r.note}` : '';
    console.log(
      `  ${r.stage.padEnd(10)} ${status} ${seconds(r.ms).padStart(8)}   ` +
        `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${extra}`,
    );
  }
  console.log(`  ${'total'.padEnd(10)} ${' '.repeat(7)} ${seconds(Date.now() - started).padStart(8)}`);
  for (const n of notices) console.log(`  !! ${n}`);
  if (interrupted) console.log('  !! interrupted');

  process.exitCode = total.failed > 0 ? 1 : 0;
  // Must stay the very last line.
  console.log(
    `${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ''}`,
  );
}

await main();
