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
import { localDate } from '../src/shared/clock.js';
import { AcceptanceKills, crashRun, random, type CrashRunResult } from './crash/harness.js';
import { testConfig } from './helpers/app.js';
import { startSmtpServer, type ReceivedEmail, type TestSmtpServer } from './helpers/smtp.js';
import { createTestDatabaseUrl, testDialect, type TestDatabase } from './setup/database.js';

const dialect = testDialect();
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
const KILLS = 20;
const ROWS = 2000;
const T0_VIRTUAL = '2026-03-10T09:30:00.000Z';
const MEMBERS = 2000;
// The test server greets each new connection after 100 ms (smtp-server's early-talker wait), so the workers
// keep one connection open (nodemailer's pool, set from SMTP_URL as an operator can) to send thousands in time.
const pooled = (url: string) => `${url}?pool=true&maxConnections=1`;
const KINDS = ['account', 'offer_received', 'offer_accepted', 'delivery_submitted', 'revision_requested'];

let smtp: TestSmtpServer;
const acceptance = new AcceptanceKills();
const figures: string[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer({ onReceived: acceptance.onReceived, headersOnly: true });
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
          env: { ...f.env, SMTP_URL: pooled(smtp.url) },
          kills: KILLS,
          rand: random(seed),
          maxDelayMs: 900,
          maxAcceptedBeforeKill: Math.floor(ROWS / (KILLS * 2)),
          timeLimitMs: 150_000,
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
  }, 600_000);

  it('to .eml files: no empty or partial file remains, every row has its file', async () => {
    const f = await fixture();
    try {
      const rows = await enqueueRows(f);
      const run = await crashRun({
        env: f.env,
        kills: KILLS,
        rand: random(seed + 1),
        maxDelayMs: 500,
        timeLimitMs: 150_000,
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
  }, 600_000);
});

/** Zones on both sides of UTC whose local date at T0 is the same day, with an hour already passed there. */
const ZONES: [string, number][] = [
  ['UTC', 8],
  ['Europe/Berlin', 8],
  ['Asia/Tokyo', 8],
  ['America/Los_Angeles', 0],
  ['Asia/Kolkata', 8],
];

type Expect = 'queued' | 'empty' | 'off';

/**
 * MEMBERS confirmed members whose digest is due now (placed before, so the job catches today up): a tenth have
 * turned the digest off, a tenth have nothing to say, the rest one bundled update (a declined offer) since
 * their last digest. Direct inserts, a few statements per batch.
 */
async function seedDigestMembers(
  f: Fixture,
): Promise<Map<string, { id: string; expect: Expect; date: string }>> {
  const handle = f.open();
  const members = new Map<string, { id: string; expect: Expect; date: string }>();
  const t0 = new Date(T0_VIRTUAL);
  const yesterday = new Date(t0.getTime() - 86_400_000).toISOString();
  const at = new Date(t0.getTime() - 3_600_000).toISOString();
  try {
    for (let start = 0; start < MEMBERS; start += 250) {
      const ids = Array.from({ length: Math.min(250, MEMBERS - start) }, (_, k) => start + k);
      await handle.db.transaction().execute(async (trx) => {
        const rows = ids.map((i) => {
          const [zone, hour] = ZONES[i % ZONES.length]!;
          return {
            id: `crash-member-${String(i).padStart(6, '0')}`,
            handle: `crash${i}`,
            email: `m${i}@crash.example`,
            email_verified_at: yesterday,
            password_hash: 'x',
            name: `Member ${i}`,
            headline: '',
            bio: '',
            time_zone: zone,
            links: '[]',
            capacity: 2,
            role: 'member' as const,
            created_at: yesterday,
            updated_at: yesterday,
            digest_hour: hour,
            digest_since: yesterday,
          };
        });
        await trx.insertInto('members').values(rows).execute();
        const off = ids.filter((i) => i % 10 === 0);
        if (off.length > 0)
          await trx
            .insertInto('email_preferences')
            .values(
              off.map((i) => ({
                member_id: rows[i - start]!.id,
                kind: 'digest',
                mode: 'off',
                updated_at: yesterday,
              })),
            )
            .execute();
        const talk = ids.filter((i) => i % 10 > 1);
        await trx
          .insertInto('notifications')
          .values(
            talk.map((i) => ({
              id: `crash-note-${String(i).padStart(6, '0')}`,
              member_id: rows[i - start]!.id,
              type: 'offer_declined',
              actor_id: null,
              subject_type: 'overflow',
              subject_id: `crash-overflow-${i}`,
              data: JSON.stringify({ title: `Posting ${i}` }),
              read_at: null,
              created_at: at,
            })),
          )
          .execute();
        for (const i of ids) {
          const r = rows[i - start]!;
          members.set(r.email, {
            id: r.id,
            expect: i % 10 === 0 ? 'off' : i % 10 === 1 ? 'empty' : 'queued',
            date: localDate(t0, r.time_zone),
          });
        }
      });
    }
  } finally {
    await handle.destroy();
  }
  return members;
}

async function digestCrash(name: string, workers: number, seedOffset: number) {
  const f = await fixture();
  try {
    const members = await seedDigestMembers(f);
    smtp.clear();
    const run = await crashRun(
      {
        env: { ...f.env, SMTP_URL: pooled(smtp.url), CRASH_MODE: 'digest', CRASH_BATCH: '50' },
        kills: KILLS,
        workers,
        rand: random(seed + seedOffset),
        maxDelayMs: 1500,
        maxAcceptedBeforeKill: Math.floor(MEMBERS / (KILLS * 2)),
        timeLimitMs: 150_000,
      },
      acceptance,
    );
    const handle = f.open();
    let digests: { member_id: string; local_date: string; message_id: string; status: string }[];
    try {
      digests = await handle.db
        .selectFrom('digests')
        .select(['member_id', 'local_date', 'message_id', 'status'])
        .execute();
    } finally {
      await handle.destroy();
    }
    const claims = new Map(digests.map((d) => [`${d.member_id} ${d.local_date}`, d]));
    const arrivals = byKey(smtp.received, (e) => e.to[0] ?? '');
    const twoDigests: string[] = [];
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const [email, m] of members) {
      const ids = arrivals.get(email);
      if (ids && ids.size > 1) twoDigests.push(`${email}: ${[...ids.keys()].join(' ')}`);
      const claim = claims.get(`${m.id} ${m.date}`);
      if (!claim) {
        missing.push(email);
        continue;
      }
      if (claim.status !== m.expect) wrong.push(`${email}: ${claim.status}, expected ${m.expect}`);
      if (m.expect === 'queued' && !ids?.has(claim.message_id))
        missing.push(`${email} (claimed, never arrived)`);
      if (m.expect !== 'queued' && ids) wrong.push(`${email}: ${m.expect} but an email arrived`);
    }
    const otherDates = digests.filter((d) => d.local_date !== '2026-03-10').length;
    const queued = [...members.values()].filter((m) => m.expect === 'queued').length;
    const repeats = smtp.received.length - [...arrivals.values()].reduce((n, ids) => n + ids.size, 0);
    report(
      name,
      run,
      `${MEMBERS} members due (${queued} with something to say), ${smtp.received.length} arrivals, ${repeats} repeats (same Message-ID), ${twoDigests.length} members with two digests, ${missing.length} missing`,
    );

    expect(run.kills).toBeGreaterThanOrEqual(KILLS);
    expect(twoDigests).toEqual([]);
    expect(missing).toEqual([]);
    expect(wrong).toEqual([]);
    expect(otherDates).toBe(0);
    expect(digests).toHaveLength(MEMBERS);
  } finally {
    await f.drop();
  }
}

describe('crash: the daily digest under SIGKILL', () => {
  it('one process killed and restarted: no member gets two digests for a day, none is missing', async () => {
    await digestCrash('digest, one worker', 1, 2);
  }, 600_000);

  // Two processes on one PostgreSQL database, either killed at random (SQLite serves one machine's process).
  if (dialect === 'postgres') {
    it('two processes at once on one PostgreSQL: no member gets two digests for a day, none is missing', async () => {
      await digestCrash('digest, two workers at once', 2, 3);
    }, 600_000);
  }
});
