/**
 * Exactly once, measured at the receiving SMTP server (issue 9): worker processes (server/test/crash/worker.ts)
 * drain the outbox and run the digest job against this test's database, and are killed with SIGKILL at random
 * points at least 20 times, then restarted, until everything is sent. The SMTP server's log must show nothing
 * lost and no email sent twice as two different messages (two Message-IDs for one row, or for one member's
 * digest of a day). A resend of the same message (same Message-ID) after a kill between SMTP acceptance and
 * the database update is the one permitted repeat: counted and printed. CRASH_SEED=n repeats a run's kills.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { enqueueEmail } from '../src/email/outbox.js';
import { AcceptanceKills, crashRun, random, type CrashRunResult } from './crash/harness.js';
import { testConfig } from './helpers/app.js';
import { startSmtpServer, type ReceivedEmail, type TestSmtpServer } from './helpers/smtp.js';
import { createTestDatabaseUrl, testDialect, type TestDatabase } from './setup/database.js';

const dialect = testDialect();
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
const KILLS = 20;
const ROWS = 2500;
const T0_VIRTUAL = '2026-03-10T09:30:00.000Z';
const KINDS = ['account', 'offer_received', 'offer_accepted', 'delivery_submitted', 'revision_requested'];

let smtp: TestSmtpServer;
const acceptance = new AcceptanceKills();
const figures: string[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer({ onReceived: acceptance.onReceived });
});
afterAll(async () => {
  await smtp.close();
  console.log(`email.crash (${dialect}, CRASH_SEED=${seed}):\n  ${figures.join('\n  ')}`);
});

interface Fixture {
  database: TestDatabase;
  dataDir: string;
  env: Record<string, string>;
  open: () => DatabaseHandle;
  drop: () => Promise<void>;
}

async function fixture(): Promise<Fixture> {
  const database = await createTestDatabaseUrl();
  const dataDir = await mkdtemp(join(tmpdir(), 'slipstream-crash-'));
  const env = {
    DATABASE_URL: database.url!,
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    PUBLIC_URL: 'https://crash.slipstream.test',
    CRASH_T0_VIRTUAL: T0_VIRTUAL,
    CRASH_T0_REAL: String(Date.now()),
    CRASH_SPEED: '30',
  };
  const config = () => testConfig(database.url!, { DATA_DIR: dataDir, PUBLIC_URL: env.PUBLIC_URL });
  const handle = openDatabase(config());
  await migrateToLatest(handle.db);
  await handle.destroy();
  return {
    database,
    dataDir,
    env,
    open: () => openDatabase(config()),
    drop: async () => {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Enqueues ROWS account and event emails, one recipient each; returns recipient → Message-ID. */
async function enqueueRows(f: Fixture): Promise<Map<string, { messageId: string; text: string }>> {
  const config = testConfig(f.database.url!, { PUBLIC_URL: f.env.PUBLIC_URL! });
  const rows = new Map<string, { messageId: string; text: string }>();
  const handle = f.open();
  try {
    for (let start = 0; start < ROWS; start += 500) {
      await handle.db.transaction().execute(async (trx) => {
        for (let i = start; i < Math.min(ROWS, start + 500); i++) {
          const to = `r${i}@crash.example`;
          const text = `Row ${i}: ${'the outbox keeps its word. '.repeat(1 + (i % 40))}`;
          const { messageId } = await enqueueEmail(
            { config },
            trx,
            { to, subject: `crash row ${i}`, text, html: `<p>${text}</p>`, kind: KINDS[i % KINDS.length] },
            new Date(T0_VIRTUAL),
          );
          rows.set(to, { messageId, text });
        }
      });
    }
  } finally {
    await handle.destroy();
  }
  return rows;
}

/** Groups what arrived by a key: distinct Message-IDs and how many arrivals each. */
function byKey(received: ReceivedEmail[], key: (e: ReceivedEmail) => string) {
  const groups = new Map<string, Map<string, number>>();
  for (const e of received) {
    const k = key(e);
    const ids = groups.get(k) ?? new Map<string, number>();
    ids.set(e.messageId, (ids.get(e.messageId) ?? 0) + 1);
    groups.set(k, ids);
  }
  return groups;
}

function report(name: string, run: CrashRunResult, extra: string) {
  figures.push(
    `${name}: ${run.kills} kills (${run.killsAtAcceptance} just after an SMTP acceptance), ${run.starts} starts, ` +
      `${run.seconds.toFixed(1)} s; ${extra}`,
  );
}

describe('crash: the outbox under SIGKILL', () => {
  it('over SMTP: nothing lost, no row sent as two messages, repeats counted', async () => {
    const f = await fixture();
    try {
      const rows = await enqueueRows(f);
      smtp.clear();
      const run = await crashRun(
        {
          env: { ...f.env, SMTP_URL: smtp.url },
          kills: KILLS,
          rand: random(seed),
          maxDelayMs: 900,
          maxAcceptedBeforeKill: Math.floor(ROWS / (KILLS * 2)),
          timeLimitMs: 75_000,
        },
        acceptance,
      );
      const groups = byKey(smtp.received, (e) => e.to[0] ?? '');
      const lost = [...rows.keys()].filter((to) => !groups.has(to));
      const twoMessages = [...groups].filter(([, ids]) => ids.size > 1);
      const wrongId = [...groups].filter(([to, ids]) => !ids.has(rows.get(to)?.messageId ?? ''));
      const repeats = smtp.received.length - groups.size;
      report(
        'outbox over SMTP',
        run,
        `${ROWS} rows, ${smtp.received.length} arrivals, ${repeats} repeats (same Message-ID), ${twoMessages.length} rows with two Message-IDs, ${lost.length} lost`,
      );

      expect(run.kills).toBeGreaterThanOrEqual(KILLS);
      expect(lost).toEqual([]);
      expect(twoMessages).toEqual([]);
      expect(wrongId).toEqual([]);
      expect(groups.size).toBe(ROWS);
      const handle = f.open();
      try {
        const unsent = await handle.db
          .selectFrom('email_outbox')
          .select('id')
          .where('sent_at', 'is', null)
          .execute();
        expect(unsent).toEqual([]);
      } finally {
        await handle.destroy();
      }
    } finally {
      await f.drop();
    }
  }, 120_000);

  it('to .eml files: no empty or partial file remains, every row has its file', async () => {
    const f = await fixture();
    try {
      const rows = await enqueueRows(f);
      const run = await crashRun({
        env: f.env,
        kills: KILLS,
        rand: random(seed + 1),
        maxDelayMs: 500,
        timeLimitMs: 75_000,
      });
      const dir = join(f.dataDir, 'outbox');
      const names = await readdir(dir);
      const eml = names.filter((n) => n.endsWith('.eml'));
      const others = names.filter((n) => !n.endsWith('.eml'));
      const byRecipient = new Map<string, Set<string>>();
      const broken: string[] = [];
      for (const name of eml) {
        const raw = await readFile(join(dir, name), 'utf8');
        const parsed = await simpleParser(raw);
        const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
        const row = to ? rows.get(to) : undefined;
        // A partial file parses, but its body stops short of what the row holds.
        if (!row || parsed.messageId !== row.messageId || (parsed.text ?? '').trim() !== row.text.trim()) {
          broken.push(`${name} (${raw.length} bytes)`);
          continue;
        }
        const ids = byRecipient.get(to!) ?? new Set<string>();
        ids.add(name);
        byRecipient.set(to!, ids);
      }
      const lost = [...rows.keys()].filter((to) => !byRecipient.has(to));
      const repeats = eml.length - broken.length - byRecipient.size;
      report(
        'outbox to .eml',
        run,
        `${ROWS} rows, ${eml.length} files, ${repeats} repeat files, ${broken.length} empty or partial, ${others.length} other files left (${others.slice(0, 3).join(', ')}), ${lost.length} lost`,
      );

      expect(run.kills).toBeGreaterThanOrEqual(KILLS);
      expect(broken).toEqual([]);
      expect(lost).toEqual([]);
      expect(byRecipient.size).toBe(ROWS);
    } finally {
      await f.drop();
    }
  }, 120_000);
});
