// The daily digest (issue 9), on both dialects, with the ManualClock: members on both sides of the date line,
// a DST change in each direction, a change of hour mid-day, a member with nothing to say, each section with
// its items, links and subject, exactly one digest per member and local date however often and however many
// processes run the job, and a digest turned off.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewDigest, runDigestJob } from '../src/modules/digest/digest.service.js';
import { createWorkRecord } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import {
  dateIn,
  deliveredEngagement,
  makeOffer,
  postOverflow,
  secondApp,
  startEngagement,
  verifiedMember,
  withToken,
  type LoopMember,
} from './helpers/loop.js';

let t: TestApp;
let second: FastifyInstance | undefined;

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'https://slip.example' } });
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

const db = () => t.app.ctx.db;
const run = () => runDigestJob(t.app.ctx);

async function member(opts: { skills?: string[] } = {}): Promise<LoopMember> {
  return withToken(await verifiedMember(t, opts));
}

/** Sets the member's zone and hour and leaves them to be placed again, as a settings change does. */
async function place(m: LoopMember, zone: string, hour = 8): Promise<void> {
  await db()
    .updateTable('members')
    .set({ time_zone: zone, digest_hour: hour, digest_next_at: null })
    .where('id', '=', m.id)
    .execute();
}

const digestsOf = (id: string) =>
  db().selectFrom('digests').selectAll().where('member_id', '=', id).orderBy('local_date').execute();
const mailOf = (id: string) =>
  db()
    .selectFrom('email_outbox')
    .selectAll()
    .where('member_id', '=', id)
    .where('kind', '=', 'digest')
    .orderBy('created_at')
    .execute();
const nextAt = async (id: string) =>
  (await db().selectFrom('members').select('digest_next_at').where('id', '=', id).executeTakeFirstOrThrow())
    .digest_next_at;

/** Something to say: an offer waiting on a new overflow of the owner's. */
async function pendingOffer(owner: LoopMember, title = 'Review the release notes') {
  const overflow = await postOverflow(owner.client, { title });
  const helper = await member();
  const offer = await makeOffer(t, helper.client, overflow.id);
  return { overflow, helper, offer };
}

describe('the daily digest', () => {
  it('arrives at 08:00 local on both sides of the date line, one per local date', async () => {
    t.clock.set('2026-01-15T09:00:00Z');
    const kiritimati = await member(); // UTC+14: 23:00 on the 15th
    const pagoPago = await member(); // UTC−11: 22:00 on the 14th
    await place(kiritimati, 'Pacific/Kiritimati');
    await place(pagoPago, 'Pacific/Pago_Pago');
    await pendingOffer(kiritimati);
    await pendingOffer(pagoPago);

    const placed = await run();
    expect(placed.placed).toBeGreaterThanOrEqual(2);
    expect(await nextAt(kiritimati.id)).toBe('2026-01-15T18:00:00.000Z'); // 08:00 on the 16th there
    expect(await nextAt(pagoPago.id)).toBe('2026-01-15T19:00:00.000Z'); // 08:00 on the 15th there

    t.clock.set('2026-01-15T18:00:30Z');
    await run();
    expect((await digestsOf(kiritimati.id)).map((d) => d.local_date)).toEqual(['2026-01-16']);
    expect(await digestsOf(pagoPago.id)).toEqual([]);

    t.clock.set('2026-01-15T19:00:30Z');
    await run();
    await run();
    expect((await digestsOf(kiritimati.id)).map((d) => d.local_date)).toEqual(['2026-01-16']);
    expect((await digestsOf(pagoPago.id)).map((d) => d.local_date)).toEqual(['2026-01-15']);
    expect(await nextAt(kiritimati.id)).toBe('2026-01-16T18:00:00.000Z');
    expect(await nextAt(pagoPago.id)).toBe('2026-01-16T19:00:00.000Z');

    // The email is the claim's: same Message-ID, on the instance's domain, with the unsubscribe headers.
    const [claim] = await digestsOf(kiritimati.id);
    const mail = await mailOf(kiritimati.id);
    expect(mail).toHaveLength(1);
    expect(claim!.status).toBe('queued');
    expect(claim!.outbox_id).toBe(mail[0]!.id);
    expect(mail[0]!.message_id).toBe(claim!.message_id);
    expect(mail[0]!.message_id).toMatch(/^<[0-9a-z]+@slip\.example>$/);
    const headers = JSON.parse(mail[0]!.headers) as Record<string, string>;
    expect(headers['List-Unsubscribe']).toMatch(
      /^<https:\/\/slip\.example\/api\/v1\/email\/unsubscribe\?token=[^>]+>, <mailto:[^>]+>$/,
    );
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail[0]!.subject).toBe('1 offer waits for you');
  });

  it('follows the member’s 08:00 across both DST changes (Europe/Berlin)', async () => {
    t.clock.set('2026-03-27T12:00:00Z');
    const berlin = await member();
    await place(berlin, 'Europe/Berlin');
    await pendingOffer(berlin);
    await run();
    expect(await nextAt(berlin.id)).toBe('2026-03-28T07:00:00.000Z'); // 08:00 CET
    t.clock.set('2026-03-28T07:00:10Z');
    await run();
    expect(await nextAt(berlin.id)).toBe('2026-03-29T06:00:00.000Z'); // 08:00 CEST: the clocks went forward
    t.clock.set('2026-03-29T05:59:00Z');
    await run();
    expect((await digestsOf(berlin.id)).map((d) => d.local_date)).toEqual(['2026-03-28']);
    t.clock.set('2026-03-29T06:00:10Z');
    await run();
    expect((await digestsOf(berlin.id)).map((d) => d.local_date)).toEqual(['2026-03-28', '2026-03-29']);

    t.clock.set('2026-10-24T06:00:10Z'); // 08:00 CEST on the 24th; the member was due long ago
    await run();
    expect((await digestsOf(berlin.id)).map((d) => d.local_date)).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30', // late, once: the days in between are not sent in a burst
    ]);
    await place(berlin, 'Europe/Berlin');
    await run();
    // Re-placed with today's hour passed and today's not sent: due now, sent now, then 08:00 CET tomorrow.
    expect((await digestsOf(berlin.id)).map((d) => d.local_date).at(-1)).toBe('2026-10-24');
    expect(await nextAt(berlin.id)).toBe('2026-10-25T07:00:00.000Z'); // the clocks went back
    t.clock.set('2026-10-25T07:00:10Z');
    await run();
    expect((await digestsOf(berlin.id)).map((d) => d.local_date).slice(-2)).toEqual(['2026-10-24', '2026-10-25']);
  });
});
