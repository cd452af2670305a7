/**
 * HTTP benchmarks against loopback only, bounded in time. The app runs in a child process; results are
 * ratios to a bare route of the same app measured in the same run, because these machines are shared
 * and noisy.
 *
 *   npm run bench                              # 20 000 overflow postings, 5 s per route
 *   npm run bench -- --rows 100000 --seconds 10
 */
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import autocannon from 'autocannon';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const rows = Math.min(arg('rows', 20_000), 1_000_000);
const seconds = Math.min(arg('seconds', 5), 60);
console.log(`seeding ${rows} overflow postings…`);
const child = fork(new URL('./server.ts', import.meta.url), {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, BENCH_ROWS: String(rows) },
});
const ready = await new Promise<{ port: number; dir: string; skills: string[]; handle: string }>(
  (resolve, reject) => {
    child.once('message', (m) => resolve(m as never));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  },
);

async function measure(title: string, path: string) {
  const result = await autocannon({
    url: `http://127.0.0.1:${ready.port}${path}`,
    connections: 50,
    duration: seconds,
  });
  return {
    title,
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const cases: [string, string][] = [
  ['bare route (baseline)', '/bench/bare'],
  ['board, newest, anonymous', '/api/v1/overflow?limit=20'],
  ['board, two skills', `/api/v1/overflow?limit=20&skills=${ready.skills.slice(0, 2).join(',')}`],
  ['board, soonest due', '/api/v1/overflow?limit=20&sort=due'],
  ['public profile', `/api/v1/members/${ready.handle}`],
];
const results = [];
try {
  for (const [title, path] of cases) results.push(await measure(title, path));
} finally {
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
  rmSync(ready.dir, { recursive: true, force: true });
}

const base = results[0]!.rps;
console.log(`\n${rows} postings, ${seconds} s per route, 50 connections, loopback, SQLite`);
console.log('route                          req/s    ratio   p99 ms  errors');
for (const r of results) {
  console.log(
    `${r.title.padEnd(30)} ${r.rps.toFixed(0).padStart(7)}  ${(r.rps / base).toFixed(3).padStart(6)}  ${String(r.p99).padStart(7)}  ${r.errors}`,
  );
}
