// Several Slipstream processes on one PostgreSQL database behind a load balancer (server/test/process/proxy.ts),
// as docs/decisions/0029-scale-out-and-shared-request-limits.md describes:
// - TRUST_PROXY=1: request.ip is the client behind the proxy, and a client's own X-Forwarded-For is not believed;
// - the drafting loop through the proxy, its requests spread over three processes;
// - REDIS_URL: the per-IP limits hold across processes (the auth limit of 10 a minute: the 11th is 429 whichever
//   process answers); without it each process counts alone, and a process that sees another on the database
//   says so in a warning;
// - the jobs run in every process and each effect happens once: the outbox sends each email once, one digest per
//   member and day, one auto-completion, one insights snapshot; merit runs under its claim.
// Real processes (server/test/process/server-process.ts), loopback only, every wait bounded. SCALE_OUT_TIMES=1
// prints how long each wait took.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { addMs, DAY, iso, localDate } from '../src/shared/clock.js';
import { registrationBody } from './helpers/factories.js';
import { deleteRedisKeys, REDIS_TEST_URL, testRedisPrefix } from './helpers/redis.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { HttpClient, type HttpAnswer } from './process/http-client.js';
import { startProxy, type Proxy } from './process/proxy.js';
import { startServerProcess, type ServerProcess } from './process/server-process.js';
import { createTestDatabaseUrl, type TestDatabase } from './setup/database.js';

const prefix = testRedisPrefix();
const cleanups: (() => Promise<unknown>)[] = [];
let smtp: TestSmtpServer;
let dataDir: string;

// Two databases: one for three processes with REDIS_URL, one for two without. The first three are loaded and
// started here; the other five load meanwhile (the costly part on a 2-core machine) and are awaited when needed.
let shared: {
  db: DatabaseHandle;
  first: ServerProcess[];
  fresh: Promise<ServerProcess[]>;
};
let alone: Promise<ServerProcess[]>;
const handled = <T>(p: Promise<T>) => {
  p.catch(() => {}); // awaited later; a failure shows there
  return p;
};
beforeAll(async () => {
  smtp = await startSmtpServer();
  cleanups.push(() => smtp.close());
  dataDir = await mkdtemp(join(tmpdir(), 'slipstream-scale-out-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const [one, two] = await Promise.all([database(), database()]);
  const env = {
    DATABASE_URL: one.test.url!,
    TRUST_PROXY: '1',
    REDIS_URL: REDIS_TEST_URL,
    REDIS_PREFIX: prefix,
  };
  const first = spares(3, env).then(go);
  const fresh = handled(spares(3, env));
  alone = handled(spares(2, { DATABASE_URL: two.test.url!, TRUST_PROXY: '127.0.0.1' }));
  shared = { db: one.handle, first: await first, fresh };
}, 240_000);

afterAll(async () => {
  // Last in, first out: proxies, then processes, then databases, the SMTP server and the folder.
  for (const clean of cleanups.reverse()) await clean().catch(() => {});
  await deleteRedisKeys(prefix);
}, 90_000);

async function database(): Promise<{ test: TestDatabase; handle: DatabaseHandle }> {
  const test = await createTestDatabaseUrl();
  const handle = openDatabase({ database: { dialect: 'postgres', url: test.url! }, poolSize: 2 });
  cleanups.push(() => test.drop());
  cleanups.push(() => handle.destroy());
  return { test, handle };
}

/** Loads `n` processes for the database (the costly part: modules) without letting them open it yet. */
async function spares(n: number, env: Record<string, string>): Promise<ServerProcess[]> {
  const loaded = await Promise.all(
    Array.from({ length: n }, () =>
      startServerProcess({
        waitForGo: true,
        startTimeoutMs: 120_000,
        env: { DATA_DIR: dataDir, SMTP_URL: smtp.url, RATE_LIMIT: 'true', LOG_LEVEL: 'info', ...env },
      }),
    ),
  );
  for (const p of loaded) cleanups.push(() => p.stop());
  await Promise.all(loaded.map((p) => p.loaded));
  return loaded;
}

/** Lets loaded processes open the database and listen, all at once. */
async function go(ps: ServerProcess[]): Promise<ServerProcess[]> {
  await Promise.all(ps.map((p) => p.go()));
  return ps;
}

async function proxyOver(backends: ServerProcess[]): Promise<Proxy> {
  const proxy = await startProxy({ backends: backends.map((p) => p.url), healthEveryMs: 500 });
  cleanups.push(() => proxy.close());
  return proxy;
}

/** The JSON log lines of the processes that match. */
function logLines(ps: ServerProcess[], match: (line: Record<string, unknown>) => boolean) {
  const lines: Record<string, unknown>[] = [];
  for (const p of ps) {
    for (const raw of p.output().stdout.split('\n')) {
      if (!raw.startsWith('{')) continue;
      try {
        const line = JSON.parse(raw) as Record<string, unknown>;
        if (match(line)) lines.push(line);
      } catch {
        // a line cut by the output buffer
      }
    }
  }
  return lines;
}
const withMessage = (ps: ServerProcess[], words: string) =>
  logLines(ps, (l) => String(l.msg).includes(words));

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  const t0 = Date.now();
  for (;;) {
    const value = await check();
    if (value) {
      if (process.env.SCALE_OUT_TIMES) console.log(`waited ${Date.now() - t0} ms for ${what}`);
      return value;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function expectStatus<T>(res: HttpAnswer<T>, status: number, what: string): T {
  expect(res.status, `${what}: ${res.text.slice(0, 400)}`).toBe(status);
  return res.body;
}

/** Signs up through the proxy and opens the emailed confirmation link: a member with a session. */
async function member(baseUrl: string, ip: string) {
  const client = new HttpClient(baseUrl, ip);
  const body = registrationBody();
  expectStatus(await client.post('auth/register', body), 202, `register ${body.handle}`);
  const email = await until(`the confirmation email to ${body.email}`, async () =>
    smtp.received.find((e) => e.to.includes(body.email)),
  );
  const token = /\?token=([^\s"<&]+)/.exec(email.text)?.[1];
  if (!token) throw new Error(`no link token in the email to ${body.email}`);
  const session = expectStatus(
    await client.post<{ member: { id: string } }>('auth/verify-email', { token }),
    200,
    `confirm ${body.handle}`,
  );
  return { client, id: session.member.id, handle: body.handle, email: body.email };
}

const verifyProbe = (client: HttpClient) => client.post('auth/verify-email', { token: 'q'.repeat(43) });

describe('three processes on one PostgreSQL behind a proxy, TRUST_PROXY=1 and REDIS_URL', () => {
  let db: DatabaseHandle;
  let ps: ServerProcess[];
  let proxy: Proxy;
  let a: Awaited<ReturnType<typeof member>>;
  let b: Awaited<ReturnType<typeof member>>;

  beforeAll(async () => {
    db = shared.db;
    ps = shared.first;
    proxy = await proxyOver(ps);
  });

  it('request.ip is the client behind one hop; what the client puts in X-Forwarded-For is not believed', async () => {
    const marker = `ip-${Date.now()}`;
    const client = new HttpClient(proxy.url, '127.0.0.5');
    const res = await client.request('GET', `/healthz?probe=${marker}`, undefined, {
      'x-forwarded-for': '203.0.113.9',
    });
    expect(res.status).toBe(200);
    const seen = await until('the request in a log', async () => {
      const lines = logLines(ps, (l) =>
        String((l.req as { url?: string } | undefined)?.url).includes(marker),
      );
      return lines.length > 0 ? lines : undefined;
    });
    expect((seen[0]!.req as { remoteAddress: string }).remoteAddress).toBe('127.0.0.5');
  });

  it('runs the drafting loop through the proxy, spread over the processes', async () => {
    const before = { ...proxy.stats.byBackend };
    [a, b] = await Promise.all([member(proxy.url, '127.0.0.11'), member(proxy.url, '127.0.0.12')]);
    const overflow = expectStatus(
      await a.client.post<{ id: string }>('overflow', {
        title: 'Write the migration guide',
        brief: 'A **short** guide for moving from SQLite to PostgreSQL.',
        skills: ['TypeScript', 'PostgreSQL'],
        effortHours: 6,
        visibility: 'public',
      }),
      201,
      'post overflow',
    );
    const proposedOn = localDate(addMs(new Date(), 7 * DAY), 'UTC');
    const offer = expectStatus(
      await b.client.post<{ id: string }>(`overflow/${overflow.id}/offers`, {
        pitch: 'I have done this twice before and can start today.',
        evidence: [],
        proposedOn,
      }),
      201,
      'offer',
    );
    const { engagementId } = expectStatus(
      await a.client.post<{ engagementId: string }>(`offers/${offer.id}/accept`),
      201,
      'accept',
    );
    expectStatus(
      await a.client.post(`engagements/${engagementId}/messages`, { body: 'Welcome aboard!' }),
      201,
      'message',
    );
    expectStatus(
      await b.client.post(`engagements/${engagementId}/messages`, { body: 'Thanks, starting now.' }),
      201,
      'reply',
    );
    expectStatus(
      await b.client.post(`engagements/${engagementId}/deliveries`, {
        note: 'Here it is: the guide, with examples.',
        links: ['https://example.org/guide'],
      }),
      201,
      'deliver',
    );
    const completed = expectStatus(
      await a.client.post<{ status: string }>(`engagements/${engagementId}/complete`, {
        rating: 5,
        endorsement: 'Clear, careful and on time.',
        skills: ['typescript'],
      }),
      200,
      'complete',
    );
    expect(completed.status).toBe('completed');
    expectStatus(
      await a.client.post('thanks', { toHandle: b.handle, message: 'Thank you!', engagementId }),
      201,
      'thanks',
    );
    const messages = expectStatus(
      await b.client.get<{ items: unknown[] }>(`engagements/${engagementId}/messages`),
      200,
      'read messages',
    );
    expect(messages.items).toHaveLength(2);
    // The processes shared the work (round robin; a backend briefly failing a health check on a busy machine
    // drops out of the rotation for a moment, so at least two, nearly always all three).
    const used = ps.filter((p) => (proxy.stats.byBackend[p.url] ?? 0) > (before[p.url] ?? 0));
    expect(used.length).toBeGreaterThanOrEqual(2);
    expect(proxy.stats.failed).toBe(0);
  }, 90_000);

  it('holds the auth limit across processes: 10 spread over them, then 429 whichever answers', async () => {
    const client = new HttpClient(proxy.url, '127.0.0.21');
    const before = { ...proxy.stats.byBackend };
    for (let i = 0; i < 10; i++) expect((await verifyProbe(client)).status, `request ${i + 1}`).toBe(400);
    // Spread over two processes or more, no process saw more than 9 of them: alone, none would refuse the 11th.
    const spread = ps.map((p) => (proxy.stats.byBackend[p.url] ?? 0) - (before[p.url] ?? 0));
    expect(spread.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...spread)).toBeLessThan(10);
    const answered = { ...proxy.stats.byBackend };
    for (let i = 0; i < 3; i++) {
      const res = await verifyProbe(client);
      expect(res.status, res.text).toBe(429);
      expect(res.error?.code).toBe('RATE_LIMITED');
    }
    // The 429s came from more than one process (round robin).
    const refusedBy = ps.filter((p) => (proxy.stats.byBackend[p.url] ?? 0) > (answered[p.url] ?? 0));
    expect(refusedBy.length).toBeGreaterThanOrEqual(2);
    console.log(
      `scale-out: auth limit, 10 accepted as ${spread.join('+')}, then 3 × 429 from ${refusedBy.length} processes`,
    );
    // Another client has its own count, and nobody warned about per-process limits (REDIS_URL is set).
    expect((await verifyProbe(new HttpClient(proxy.url, '127.0.0.22'))).status).toBe(400);
    expect(withMessage(ps, 'REDIS_URL is not set')).toHaveLength(0);
  }, 60_000);

  it('runs every job in every process, and each effect happens once', async () => {
    // A second engagement, delivered and then left: it is due for auto-completion once it is old enough.
    const overflow = expectStatus(
      await a.client.post<{ id: string }>('overflow', {
        title: 'Review the backup runbook',
        brief: 'Read it and try the restore steps.',
        skills: ['PostgreSQL'],
        effortHours: 2,
        visibility: 'public',
      }),
      201,
      'post overflow 2',
    );
    const offer = expectStatus(
      await b.client.post<{ id: string }>(`overflow/${overflow.id}/offers`, {
        pitch: 'Happy to: I wrote the first version of this runbook.',
        evidence: [],
        proposedOn: localDate(addMs(new Date(), 3 * DAY), 'UTC'),
      }),
      201,
      'offer 2',
    );
    const { engagementId } = expectStatus(
      await a.client.post<{ engagementId: string }>(`offers/${offer.id}/accept`),
      201,
      'accept 2',
    );
    expectStatus(
      await b.client.post(`engagements/${engagementId}/deliveries`, { note: 'Done.', links: [] }),
      201,
      'deliver 2',
    );

    // Make everything due: delivered 60 days ago (auto-completion after 14), every member's digest hour
    // passed, the insights snapshot gone and merit's claim free.
    const longAgo = iso(addMs(new Date(), -60 * DAY));
    await db.db
      .updateTable('engagements')
      .set({ delivered_at: longAgo })
      .where('id', '=', engagementId)
      .execute();
    await db.db
      .updateTable('members')
      .set({ digest_next_at: iso(addMs(new Date(), -DAY)) })
      .execute();
    await db.db.deleteFrom('instance_insights').execute();
    await db.db.deleteFrom('job_claims').execute();

    // Three fresh processes start at once: each runs every job at start, all on the same due work.
    let t0 = Date.now();
    await Promise.all(ps.map((p) => p.stop()));
    if (process.env.SCALE_OUT_TIMES) console.log(`stop ${Date.now() - t0} ms`);
    t0 = Date.now();
    const fresh = await go(await shared.fresh);
    if (process.env.SCALE_OUT_TIMES) console.log(`start ${Date.now() - t0} ms`);
    proxy.setBackends(fresh.map((p) => p.url));

    await until('the auto-completion', async () => {
      const e = await db.db
        .selectFrom('engagements')
        .select('status')
        .where('id', '=', engagementId)
        .executeTakeFirst();
      return e?.status === 'completed';
    });
    await until('a digest for each member', async () => {
      const rows = await db.db.selectFrom('digests').select('member_id').execute();
      return rows.length >= 2;
    });
    await until(
      'the insights snapshot',
      async () => withMessage(fresh, 'instance insights computed').length > 0,
    );
    await until('every queued email sent', async () => {
      const unsent = await db.db
        .selectFrom('email_outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .execute();
      return unsent.length === 0;
    });
    // Let every process's start-up jobs finish (another round of claims that must come to nothing).
    await new Promise((r) => setTimeout(r, 3000));

    // Auto-completion: one credit (ledger entry) and one work record for the engagement, however many ran it.
    const ledger = await db.db
      .selectFrom('ledger_entries')
      .select(['kind', sql<number>`count(*)::int`.as('n')])
      .where('source_type', '=', 'engagement')
      .where('source_id', '=', engagementId)
      .groupBy('kind')
      .execute();
    expect(ledger.map((l) => l.kind)).toContain('help');
    for (const l of ledger) expect(l.n, l.kind).toBe(1);
    const autoCompleted = await db.db
      .selectFrom('engagements')
      .select(['auto_completed'])
      .where('id', '=', engagementId)
      .executeTakeFirstOrThrow();
    expect(Number(autoCompleted.auto_completed)).toBe(1);

    // Digest: one row per member and local date.
    const digests = await db.db
      .selectFrom('digests')
      .select(['member_id', 'local_date', sql<number>`count(*)::int`.as('n')])
      .groupBy(['member_id', 'local_date'])
      .execute();
    expect(digests.length).toBeGreaterThanOrEqual(2);
    for (const d of digests) expect(d.n).toBe(1);

    // Insights: computed once across the three (the snapshot is fresh for a day), one snapshot row.
    expect(withMessage(fresh, 'instance insights computed')).toHaveLength(1);
    const snapshots = await db.db
      .selectFrom('instance_insights')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(snapshots.n).toBe(1);

    // Merit: claimed by one process at a time; it ran and scored the helper.
    const meritRuns = withMessage(fresh, 'merit recomputed').length;
    expect(meritRuns).toBeGreaterThanOrEqual(1);
    expect(meritRuns).toBeLessThanOrEqual(3);
    const scores = await db.db
      .selectFrom('merit_scores')
      .select('member_id')
      .where('member_id', '=', b.id)
      .execute();
    expect(scores.length).toBeGreaterThan(0);

    // Outbox: every row sent, each message exactly once at the SMTP server.
    const outbox = await db.db.selectFrom('email_outbox').select(['message_id', 'sent_at']).execute();
    expect(outbox.length).toBeGreaterThan(0);
    const received = new Map<string, number>();
    for (const e of smtp.received) {
      const id = e.messageId.replace(/^<|>$/g, '');
      received.set(id, (received.get(id) ?? 0) + 1);
    }
    for (const row of outbox) {
      expect(row.sent_at).not.toBeNull();
      expect(received.get(String(row.message_id).replace(/^<|>$/g, '')), String(row.message_id)).toBe(1);
    }
    expect(Math.max(...received.values())).toBe(1);
    for (const p of fresh) expect(p.output().stdout).not.toContain('job failed');
    console.log(
      `scale-out: 3 processes; outbox rows ${outbox.length}, SMTP messages ${smtp.received.length}, ` +
        `digests ${digests.length}, insights runs 1, merit runs ${meritRuns}, ledger entries for the ` +
        `auto-completed engagement ${ledger.reduce((sum, l) => sum + l.n, 0)}; proxy requests ${proxy.stats.requests}, failed ${proxy.stats.failed}`,
    );
  }, 180_000);
});

describe('two processes without REDIS_URL (TRUST_PROXY=127.0.0.1)', () => {
  let ps: ServerProcess[];
  let proxy: Proxy;

  beforeAll(async () => {
    const [first, second] = (await alone) as [ServerProcess, ServerProcess];
    await first.go();
    // The second starts while the first holds connections (a request just now): it sees the first at start.
    expect((await new HttpClient(first.url).get('instance')).status).toBe(200);
    await second.go();
    ps = [first, second];
    proxy = await proxyOver(ps);
  }, 120_000);

  it('warns that limits are per process and to set REDIS_URL', async () => {
    const warned = await until(
      'the warning',
      async () => {
        const lines = withMessage([ps[1]!], 'REDIS_URL is not set');
        return lines.length > 0 ? lines : undefined;
      },
      20_000,
    );
    expect(warned[0]!.level).toBe(40); // pino's warn
    expect(warned[0]!.otherProcesses).toBe(1);
    expect(String(warned[0]!.msg)).toContain('Set REDIS_URL');
  });

  it('each process counts alone: twice the limit passes through the proxy before a 429', async () => {
    const client = new HttpClient(proxy.url, '127.0.0.31');
    let passed = 0;
    for (let i = 0; i < 25; i++) {
      const res = await verifyProbe(client);
      if (res.status === 429) break;
      expect(res.status).toBe(400);
      passed++;
    }
    // One shared count would refuse the 11th. Round robin over two makes it 20 (fewer if a backend briefly
    // drops out of the rotation on a busy machine).
    expect(passed).toBeGreaterThan(10);
    expect(passed).toBeLessThanOrEqual(20);
    console.log(`scale-out: without REDIS_URL, ${passed} requests passed over 2 processes before a 429`);
  }, 60_000);

  it('with TRUST_PROXY set to the proxy address, a direct client is not believed', async () => {
    const marker = `direct-${Date.now()}`;
    const direct = new HttpClient(ps[0]!.url, '127.0.0.41');
    await direct.request('GET', `/healthz?probe=${marker}`, undefined, { 'x-forwarded-for': '203.0.113.9' });
    const viaProxy = new HttpClient(proxy.url, '127.0.0.42');
    await viaProxy.request('GET', `/healthz?probe=${marker}-proxied`, undefined, {});
    const ipOf = async (probe: string) =>
      until(`the ${probe} request in a log`, async () => {
        const line = logLines(
          ps,
          (l) => (l.req as { url?: string } | undefined)?.url === `/healthz?probe=${probe}`,
        )[0];
        return line ? (line.req as { remoteAddress: string }).remoteAddress : undefined;
      });
    expect(await ipOf(marker)).toBe('127.0.0.41');
    expect(await ipOf(`${marker}-proxied`)).toBe('127.0.0.42');
  });
});
