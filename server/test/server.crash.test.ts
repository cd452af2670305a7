/**
 * Crash safety of the whole server (issue 11): real server processes (server/test/process/entry.ts, the same
 * startServer as main.ts) on one database, a write load from several HTTP clients with their own member
 * sessions running the drafting loop (server/test/crash/load.ts), and SIGKILL at random moments; each killed
 * process is replaced at once by a spare already loaded (`waitForGo`) on the same port and the same data, and
 * the load goes on. On PostgreSQL two processes serve the same database at once and either is killed.
 *
 * Afterwards (every process stopped): every acknowledged write is in the database with its exact content,
 * SQLite's `PRAGMA integrity_check` is ok and `PRAGMA foreign_key_check` empty, the loop's invariants hold over
 * the whole database (server/test/crash/checks.ts), and the outbox sent every row, none as two messages, with
 * repeats (same Message-ID) only from the documented window (a kill between SMTP acceptance and the update that
 * marks the row sent): at most one per kill. Kills: a short run in `npm test`, ≥ 100 on SQLite and ≥ 30 on
 * PostgreSQL with CRASH_FULL=1 (`npm run test:crash`). CRASH_SEED=n repeats a run's kill moments and choices.
 * See docs/decisions/0027-crash-suite.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { createMailer } from '../src/email/mailer.js';
import { CLAIM_MS, createOutbox } from '../src/email/outbox.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { newId } from '../src/shared/ids.js';
import { random } from './crash/harness.js';
import { invariantFailures, lostWrites } from './crash/checks.js';
import { LoadRun, type LoadMember } from './crash/load.js';
import { testConfig } from './helpers/app.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { freePort, startServerProcess, type ServerProcess } from './process/server-process.js';
import { createTestDatabaseUrl, testDialect } from './setup/database.js';

const dialect = testDialect();
const FULL = process.env.CRASH_FULL === '1';
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
/** Kills to land: the full run's floor per dialect, or the short run of every `npm test`. */
const KILLS = FULL ? (dialect === 'sqlite' ? 100 : 30) : dialect === 'sqlite' ? 8 : 5;
/** Server processes serving the database at once. */
const PROCESSES = dialect === 'postgres' ? 2 : 1;
const CLIENTS = 6;
/** A process lives this long (random, after it listens) before its SIGKILL. */
const LIVE_MS = FULL ? { min: 800, max: 4000 } : { min: 300, max: 2500 };
/** The first processes live longer: the loop gets going before the kills start. */
const FIRST_LIVE_MS = FULL ? 10_000 : 3000;
/** Spares loading ahead per slot: loading the modules takes seconds on a busy machine, a cycle less. */
const SPARES = PROCESSES > 1 ? 2 : 3;
const TIME_LIMIT_MS = FULL ? 2_400_000 : 150_000;
const PASSWORD = 'crash safety, tested on every change';

let smtp: TestSmtpServer;
const figures: string[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer({ headersOnly: true });
});
afterAll(async () => {
  await smtp?.close();
  console.log(
    `server.crash (${dialect}, CRASH_SEED=${seed}${FULL ? ', CRASH_FULL=1' : ''}):\n  ${figures.join('\n  ')}`,
  );
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Members with a confirmed address, written straight to the database (the suite is about the load). */
async function seedMembers(url: string, dataDir: string): Promise<LoadMember[]> {
  const handle = openDatabase(testConfig(url, { DATA_DIR: dataDir }));
  try {
    await migrateToLatest(handle.db);
    const hash = await hashPassword(PASSWORD);
    const now = new Date().toISOString();
    const members = Array.from({ length: CLIENTS }, (_, i) => ({
      id: newId(),
      handle: `crash${i}`,
      email: `crash${i}@crash.example`,
      password: PASSWORD,
    }));
    await handle.db
      .insertInto('members')
      .values(
        members.map((m, i) => ({
          id: m.id,
          handle: m.handle,
          email: m.email,
          email_verified_at: now,
          password_hash: hash,
          name: `Crash ${i}`,
          headline: '',
          bio: '',
          time_zone: 'UTC',
          links: '[]',
          capacity: 4,
          role: i === 0 ? ('admin' as const) : ('member' as const),
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    return members;
  } finally {
    await handle.destroy();
  }
}

interface Slot {
  port: number;
  current: ServerProcess;
  spares: ServerProcess[];
}

async function crashRun() {
  const database = await createTestDatabaseUrl();
  const dataDir = await mkdtemp(join(tmpdir(), 'slipstream-server-crash-'));
  const started = Date.now();
  const end = started + TIME_LIMIT_MS;
  const slots: Slot[] = [];
  const rand = random(seed);
  let kills = 0;
  let starts = 0;
  const restartMs: number[] = [];
  try {
    const members = await seedMembers(database.url!, dataDir);
    smtp.clear();
    const env = {
      DATABASE_URL: database.url!,
      DATA_DIR: dataDir,
      PUBLIC_URL: 'http://127.0.0.1',
      RATE_LIMIT: 'false',
      // One connection kept open: the test SMTP server greets each new one after 100 ms.
      SMTP_URL: `${smtp.url}?pool=true&maxConnections=1`,
      LOG_LEVEL: 'error',
    };
    // Loading may take long on a busy machine with several spares loading at once: a generous bound.
    const spare = (port: number) =>
      startServerProcess({ env, port, waitForGo: true, startTimeoutMs: 240_000 });
    for (let i = 0; i < PROCESSES; i++) {
      const port = await freePort();
      const first = await spare(port);
      const spares: ServerProcess[] = [];
      for (let k = 0; k < SPARES; k++) spares.push(await spare(port));
      slots.push({ port, current: first, spares });
    }
    await Promise.all(slots.map((s) => s.current.go()));
    starts += slots.length;

    const load = new LoadRun(
      members,
      slots.map((s) => `http://127.0.0.1:${s.port}`),
      random(seed + 1),
      end,
    );
    for (let i = 0; i < CLIENTS; i++) await load.signIn(i);
    const clients = Promise.all(members.map((_, i) => load.runClient(i)));

    // Each slot: let its process live a random while, SIGKILL it, start the next (already loaded) on the same
    // port, until the kills have landed. Bounded by the kill count and the time limit.
    const slotLoop = async (s: Slot) => {
      for (let cycle = 0; cycle < KILLS * 3 && kills < KILLS && Date.now() < end; cycle++) {
        await sleep(
          (cycle === 0 ? FIRST_LIVE_MS : 0) + LIVE_MS.min + Math.floor(rand() * (LIVE_MS.max - LIVE_MS.min)),
        );
        if (kills >= KILLS) break;
        if (!s.current.signal('SIGKILL')) {
          const exit = await s.current.exited;
          throw new Error(
            `a server process exited by itself (${exit.code ?? exit.signal}): ${s.current.output().stderr.slice(-3000)}`,
          );
        }
        await s.current.exited;
        kills++;
        const down = Date.now();
        s.current = s.spares.shift()!;
        s.spares.push(await spare(s.port));
        await s.current.go();
        restartMs.push(Date.now() - down);
        starts++;
      }
    };
    await Promise.all(slots.map(slotLoop));
    // The last processes serve a little longer, then the load stops and they stop cleanly.
    await sleep(1000);
    load.stop();
    await clients;
    for (const s of slots) {
      for (const p of s.spares.splice(0)) p.signal('SIGKILL');
      const exit = await s.current.stop(20_000);
      if (exit.code !== 0) {
        throw new Error(
          `the last server process did not stop cleanly (${exit.code ?? exit.signal}): ${s.current.output().stderr.slice(-3000)}`,
        );
      }
    }
    const seconds = (Date.now() - started) / 1000;

    // SQLite: the file as the last process left it, before anything else opens it.
    let integrity = 'n/a';
    let foreignKeys: unknown[] = [];
    if (dialect === 'sqlite') {
      const file = database.url!.replace(/^sqlite:/, '');
      const raw = new Sqlite(file);
      try {
        integrity = (raw.pragma('integrity_check') as { integrity_check: string }[])
          .map((r) => r.integrity_check)
          .join('; ');
        foreignKeys = raw.pragma('foreign_key_check') as unknown[];
      } finally {
        raw.close();
      }
    }

    const handle = openDatabase(testConfig(database.url!, { DATA_DIR: dataDir }));
    try {
      // Rows claimed by a killed process wait for their claim to end (CLAIM_MS): a later process sends them.
      // This one runs with its clock past every claim, as a process some minutes on would.
      const config = testConfig(database.url!, { DATA_DIR: dataDir, PUBLIC_URL: env.PUBLIC_URL });
      const mailer = createMailer({
        smtpUrl: env.SMTP_URL,
        outboxDir: config.outboxDir,
        from: config.mailFrom,
      });
      const later = { now: () => new Date(Date.now() + CLAIM_MS + 60_000) };
      const outbox = createOutbox(handle.db, mailer, later, pino({ level: 'silent' }));
      for (let round = 0; round < 50; round++) if ((await outbox.drain()) === 0) break;
      mailer.close();

      const lost = await lostWrites(handle.db, load.journal, load.trails.values());
      const invariants = await invariantFailures(handle.db);
      const broken = Object.entries(invariants).filter(([, rows]) => rows.length > 0);

      const rows = await handle.db
        .selectFrom('email_outbox')
        .select(['id', 'message_id', 'sent_at', 'failed_at'])
        .execute();
      const arrivals = new Map<string, number>();
      for (const e of smtp.received) arrivals.set(e.messageId, (arrivals.get(e.messageId) ?? 0) + 1);
      const ids = new Set(rows.map((r) => r.message_id));
      const unsent = rows.filter((r) => r.sent_at === null);
      const notArrived = rows.filter((r) => r.sent_at !== null && !arrivals.has(r.message_id ?? ''));
      const strangers = [...arrivals.keys()].filter((id) => !ids.has(id));
      const repeats = smtp.received.length - arrivals.size;

      const f = load.figures;
      const integrityFailures =
        (dialect === 'sqlite' && integrity !== 'ok' ? integrity.split('; ').length : 0) + foreignKeys.length;
      figures.push(
        `${kills} kills, ${starts} starts, ${PROCESSES} process(es) at once, ${CLIENTS} clients, ${seconds.toFixed(1)} s; ` +
          `${f.acknowledgedWrites} acknowledged writes (${f.unknownWrites} unknown, ${f.refusedWrites} refused, ${f.requests} requests, ${f.resent} re-sent after a refused connection); ` +
          `${lost.length} lost writes; ${integrityFailures} integrity failures (integrity_check ${integrity}, ${foreignKeys.length} foreign key failures); ` +
          `${broken.length} invariant failures; ${f.serverErrors.length} unexpected answers (5xx, lost session); ` +
          `outbox ${rows.length} rows, ${smtp.received.length} arrivals, ${repeats} repeats (same Message-ID), ${unsent.length} unsent, ${notArrived.length} marked sent but never arrived`,
      );
      const sorted = [...restartMs].sort((x, y) => x - y);
      figures.push(
        `restart after a kill (until the next process listens): median ${sorted[sorted.length >> 1] ?? 0} ms, max ${sorted.at(-1) ?? 0} ms`,
      );
      figures.push(`acknowledged by kind: ${JSON.stringify(f.byKind)}`);

      expect(kills).toBeGreaterThanOrEqual(KILLS);
      expect(lost).toEqual([]);
      expect(Object.fromEntries(broken)).toEqual({});
      expect(f.serverErrors).toEqual([]);
      if (dialect === 'sqlite') {
        expect(integrity).toBe('ok');
        expect(foreignKeys).toEqual([]);
      }
      // The load did reach the loop. How far it gets (deliveries, completions) depends on how fast processes
      // restart: on a busy machine a process lives a few writes long, so only the start of the loop is required
      // and the figures say how far it got.
      const reached = ['post overflow', 'offer', 'accept offer'];
      for (const kind of reached) {
        expect(f.byKind[kind] ?? 0, `${kind} never acknowledged`).toBeGreaterThan(0);
      }
      expect(unsent.map((r) => r.id)).toEqual([]);
      expect(notArrived.map((r) => r.id)).toEqual([]);
      expect(strangers).toEqual([]);
      expect(repeats).toBeLessThanOrEqual(kills);
    } finally {
      await handle.destroy();
    }
  } finally {
    for (const s of slots) for (const p of [s.current, ...s.spares]) p.signal('SIGKILL');
    await Promise.all(slots.flatMap((s) => [s.current, ...s.spares].map((p) => p.exited)));
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('crash: the server under SIGKILL with a write load', () => {
  it(
    PROCESSES > 1
      ? 'two processes on one database, either killed at random: nothing acknowledged is lost, the loop holds'
      : 'one process killed and restarted on the same file: nothing acknowledged is lost, the file and the loop hold',
    async () => {
      await crashRun();
    },
    TIME_LIMIT_MS + 120_000,
  );
});
