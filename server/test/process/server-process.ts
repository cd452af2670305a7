/**
 * Starts real server processes (server/test/process/entry.ts) on loopback for the suites that need one:
 * crash (SIGKILL and restart on the same data), graceful shutdown (SIGTERM under load) and scale-out (several
 * processes on one PostgreSQL behind server/test/process/proxy.ts). Every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./entry.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A port the OS says is free on 127.0.0.1 now (closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Resolves once the modules are loaded (only with `waitForGo`). */
  loaded: Promise<void>;
  /** With `waitForGo`: lets it open the database and listen. Resolves once it listens. */
  go: () => Promise<void>;
  /** Resolves once it listens (after `go` with `waitForGo`). */
  listening: Promise<void>;
  exited: Promise<ProcessExit>;
  /** Sends a signal if it still runs; true when one was sent. */
  signal: (signal: NodeJS.Signals) => boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit. */
  stop: (graceMs?: number) => Promise<ProcessExit>;
  /** Everything it printed (the last 256 KiB of each stream). */
  output: () => { stdout: string; stderr: string };
}

export interface StartOptions {
  /** Environment for loadConfig (DATABASE_URL, DATA_DIR, …); HOST, PORT and NODE_ENV are set here. */
  env: Record<string, string>;
  port?: number;
  /** Load the modules, then wait for `go()` (a spare that starts in a fraction of a second). */
  waitForGo?: boolean;
  /** Bound on loading and listening (default 60 s). */
  startTimeoutMs?: number;
}

export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DEMO: 'off',
      ...options.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      SERVER_WAIT_GO: options.waitForGo ? '1' : '0',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const keep = (text: string, chunk: Buffer) => {
    const next = text + chunk.toString();
    return next.length > 512 * 1024 ? next.slice(-256 * 1024) : next;
  };
  const waiters: { word: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  const seen = (word: string) =>
    new Promise<void>((resolve, reject) => {
      if (stdout.includes(word)) resolve();
      else waiters.push({ word, resolve, reject });
    });
  child.stdout!.on('data', (c: Buffer) => {
    stdout = keep(stdout, c);
    for (const w of waiters.filter((x) => stdout.includes(x.word))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  child.stderr!.on('data', (c: Buffer) => {
    stderr = keep(stderr, c);
  });
  child.stdin!.on('error', () => {}); // a killed process's pipe
  const exited = new Promise<ProcessExit>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const w of waiters.splice(0)) {
        w.reject(new Error(`server exited (${code ?? signal}) before ${w.word}:\n${stderr.slice(-3000)}`));
      }
      resolve({ code, signal });
    });
  });
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const bounded = (p: Promise<void>, what: string) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`server did not ${what} within ${startTimeoutMs} ms:\n${stderr.slice(-3000)}`));
      }, startTimeoutMs);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  };
  // With waitForGo the bound on listening starts at go(), not while the spare waits.
  const listeningSeen = seen('LISTENING');
  listeningSeen.catch(() => {}); // observed by whoever awaits it
  let listening = options.waitForGo ? listeningSeen : bounded(listeningSeen, 'listen');
  listening.catch(() => {});
  const loaded = options.waitForGo ? bounded(seen('LOADED'), 'load') : Promise.resolve();
  loaded.catch(() => {});
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    loaded,
    get listening() {
      return listening;
    },
    go: async () => {
      await loaded;
      listening = bounded(listeningSeen, 'listen');
      child.stdin!.write('go\n');
      await listening;
    },
    exited,
    signal: (signal) => alive() && child.kill(signal),
    stop: async (graceMs = 15_000) => {
      if (alive()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const exit = await exited;
        clearTimeout(timer);
        return exit;
      }
      return exited;
    },
    output: () => ({ stdout, stderr }),
  };
}
