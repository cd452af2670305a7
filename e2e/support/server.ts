import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/**
 * The web build the server serves: `WEB_DIST` when set (a folder, relative to the repository root or
 * absolute; the server honours the same variable, and `startServer` passes the environment on), otherwise
 * dist/web. Lets the suite run against a build in a scratch folder while someone else owns dist/web.
 */
export function webDistDir(): string {
  return resolve(ROOT, process.env.WEB_DIST || join('dist', 'web'));
}

export interface RunningServer {
  baseURL: string;
  dataDir: string;
  outboxDir: string;
  logFile: string;
  pid: number;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes the data directory unless `keep`. */
  stop(options?: { keep?: boolean }): Promise<void>;
}

/** Asks the OS for a free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts ONE Slipstream server (`node --import tsx server/src/main.ts`, a single process id) on a free
 * loopback port with a fresh temporary DATA_DIR, and waits until the API answers.
 */
export async function startServer(options: { demo: boolean; logLevel?: string }): Promise<RunningServer> {
  const webDist = webDistDir();
  if (!existsSync(join(webDist, 'index.html'))) {
    throw new Error(
      `${join(webDist, 'index.html')} is missing: build the web app first (npx vite build --config web/vite.config.ts${process.env.WEB_DIST ? ` --outDir ${webDist}` : ''})`,
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'slipstream-e2e-'));
  const logFile = join(dataDir, 'server.log');
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: baseURL,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      SMTP_URL: '',
      DEMO: options.demo ? 'on' : 'off',
      LOG_LEVEL: options.logLevel ?? 'warn',
      // Every spec signs up from 127.0.0.1; the per-IP sign-up limit (10/min) would throttle the suite.
      RATE_LIMIT: 'off',
      WEB_DIST: webDist,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });

  const stop = async ({ keep = false }: { keep?: boolean } = {}) => {
    if (exited === undefined && child.pid) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    log.end();
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`the server exited (code ${exited}) before answering:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${baseURL}/api/v1/instance`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop({ keep: true });
      throw new Error(`the server did not answer within 30 s (log: ${logFile}):\n${tail(logFile)}`);
    }
    await sleep(150);
  }
  return { baseURL, dataDir, outboxDir: join(dataDir, 'outbox'), logFile, pid: child.pid!, stop };
}
