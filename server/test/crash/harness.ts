/**
 * The crash suite's parent side: starts server/test/crash/worker.ts processes against one database and kills
 * them with SIGKILL at random points until enough kills have landed, then lets one run to the end. Kills come
 * two ways, alternating: after a random time (anywhere in the work: composing, writing, sending), or a few
 * milliseconds after the SMTP server accepted a random message (the window between SMTP acceptance and the
 * database update, which is the only place a repeat can come from). Every loop is bounded in count and time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** How long the last worker, never killed, may take to send what is left. */
const FINAL_MS = 300_000;

/** A small seeded PRNG (mulberry32), so a failing run can be repeated with CRASH_SEED. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CrashRunOptions {
  env: Record<string, string>;
  /** Kills to land (a kill of a worker that already finished does not count). */
  kills: number;
  /** Workers running at once (two for the PostgreSQL run). */
  workers?: number;
  rand: () => number;
  /** Longest random wait after READY before a timed kill. */
  maxDelayMs: number;
  /** Accepted messages after which an SMTP-triggered kill fires (random up to this); 0 = timed kills only. */
  maxAcceptedBeforeKill?: number;
  /** Wall-time bound of the whole run. */
  timeLimitMs: number;
}

export interface CrashRunResult {
  kills: number;
  /** Kills fired just after an SMTP acceptance. */
  killsAtAcceptance: number;
  starts: number;
  seconds: number;
  finalOutput: string;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Worker {
  child: ChildProcess;
  /** Resolves true once its modules are loaded (false if it exited first). */
  loaded: Promise<boolean>;
  /** Lets it open the database and work; resolves true at READY. */
  go: (limitMs: number) => Promise<boolean>;
  exited: Promise<Exit>;
  /** SIGKILL now; true when the signal was sent to a live process. */
  kill: () => boolean;
}

/** Spawns a worker; it loads its modules and waits (a spare) until `go`. */
function spawnWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { word: string; resolve: (ok: boolean) => void }[] = [];
  child.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString();
    for (const w of waiters.filter((x) => stdout.includes(x.word))) w.resolve(true);
  });
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (stderr.length > 64_000) stderr = stderr.slice(-32_000);
  });
  child.stdin!.on('error', () => {}); // a killed worker's pipe
  const seen = (word: string) =>
    new Promise<boolean>((resolve) => {
      if (stdout.includes(word)) resolve(true);
      else waiters.push({ word, resolve });
    });
  // A spare that never gets its go is bounded too.
  let hard = setTimeout(() => child.kill('SIGKILL'), 300_000);
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(hard);
      for (const w of waiters) w.resolve(false);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    loaded: seen('LOADED'),
    go(limitMs) {
      clearTimeout(hard);
      hard = setTimeout(() => child.kill('SIGKILL'), limitMs + 15_000);
      // The worker stops itself at this bound (between rounds); the hard kill is the backstop.
      child.stdin!.write(`${limitMs}\n`);
      return seen('READY');
    },
    exited,
    kill: () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'),
  };
}

/** Hook for the SMTP server's onReceived: fires the armed acceptance kills. */
export class AcceptanceKills {
  private armed: { left: number; fire: () => void }[] = [];
  onReceived = (): void => {
    for (const a of this.armed) a.left--;
    const due = this.armed.filter((a) => a.left <= 0);
    this.armed = this.armed.filter((a) => a.left > 0);
    for (const a of due) a.fire();
  };
  arm(after: number, fire: () => void): () => void {
    const entry = { left: after, fire };
    this.armed.push(entry);
    return () => {
      this.armed = this.armed.filter((a) => a !== entry);
    };
  }
}

export async function crashRun(
  options: CrashRunOptions,
  acceptance?: AcceptanceKills,
): Promise<CrashRunResult> {
  const started = Date.now();
  const end = started + options.timeLimitMs;
  let kills = 0;
  let killsAtAcceptance = 0;
  let starts = 0;
  const { rand } = options;

  const spares = new Set<Worker>();
  const spare = () => {
    const w = spawnWorker(options.env);
    spares.add(w);
    return w;
  };
  const begin = async (w: Worker, index: number, limitMs = Math.max(20_000, end - Date.now())) => {
    spares.delete(w);
    starts++;
    if (!(await w.loaded) || !(await w.go(limitMs))) {
      const r = await w.exited;
      throw new Error(`worker ${index} did not start (exit ${r.code}): ${r.stderr.slice(-2000)}`);
    }
  };

  // One slot per concurrent worker; each restarts its worker after every kill until the kills have landed.
  // The next worker is spawned while this one runs, so a restart does not wait for Node to load the modules.
  async function slot(index: number): Promise<Worker> {
    // Two spares ahead: on a busy machine loading takes longer than a kill cycle.
    const queue = [spare(), spare()];
    for (let cycle = 0; cycle < options.kills * 4 && kills < options.kills && Date.now() < end; cycle++) {
      const w = queue.shift()!;
      await begin(w, index);
      queue.push(spare());
      let atAcceptance = false;
      let killed = false;
      const kill = () => {
        killed = w.kill() || killed;
      };
      const useAcceptance = acceptance && options.maxAcceptedBeforeKill && (cycle + index) % 2 === 1;
      let disarm = () => {};
      if (useAcceptance) {
        const after = 1 + Math.floor(rand() * options.maxAcceptedBeforeKill!);
        const ms = Math.floor(rand() * 4);
        disarm = acceptance.arm(after, () =>
          setTimeout(() => {
            if (w.child.exitCode === null && w.child.signalCode === null) atAcceptance = true;
            kill();
          }, ms),
        );
      }
      // Timed kill: always armed, also the fallback when no message arrives (composing digests).
      const delay = Math.floor(rand() * options.maxDelayMs) * (useAcceptance ? 3 : 1);
      const timer = setTimeout(kill, delay);
      const r = await w.exited;
      clearTimeout(timer);
      disarm();
      if (r.signal === 'SIGKILL' && killed) {
        kills++;
        if (atAcceptance) killsAtAcceptance++;
      } else if (r.code !== 0) {
        throw new Error(`worker ${index} failed (exit ${r.code}, ${r.signal}): ${r.stderr.slice(-2000)}`);
      } else {
        break; // it finished before the kill: everything was sent already
      }
    }
    const [next, ...rest] = queue;
    for (const w of rest) w.kill();
    return next!;
  }

  let finalOutput = '';
  try {
    const finals = await Promise.all(Array.from({ length: options.workers ?? 1 }, (_, i) => slot(i)));
    // Then one worker per slot runs to the end with no kill: whatever is left is sent.
    // Its own bound, not what is left of the kill phase: on a busy machine the rest can take a while.
    await Promise.all(finals.map((w, i) => begin(w, i, FINAL_MS)));
    for (const w of finals) {
      const r = await w.exited;
      if (r.code !== 0) {
        throw new Error(
          `final worker failed (exit ${r.code}, ${r.signal}): ${r.stdout} ${r.stderr.slice(-2000)}`,
        );
      }
      finalOutput += r.stdout;
    }
  } finally {
    for (const w of spares) w.kill();
  }
  return { kills, killsAtAcceptance, starts, seconds: (Date.now() - started) / 1000, finalOutput };
}
