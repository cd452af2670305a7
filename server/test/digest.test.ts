// The daily digest (issue 9), on both dialects, with the ManualClock: members on both sides of the date line,
// a DST change in each direction, a change of hour mid-day, a member with nothing to say, each section with
// its items, links and subject, exactly one digest per member and local date however often and however many
// processes run the job, and a digest turned off.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewDigest, runDigestJob, runScheduledDigest } from '../src/modules/digest/digest.service.js';
import { createWorkRecord } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import {
  dateIn,
  deliveredEngagement,
  makeOffer,
  postOverflow,
  secondApp,
  verifiedMember,
  withToken,
  type LoopMember,
} from './helpers/loop.js';
import { testDialect } from './setup/database.js';

let t: TestApp;
let second: FastifyInstance | undefined;

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'https://slip.example' } });
});
afterAll(async () => {
  if (second !== t?.app) await second?.close();
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
    expect((await digestsOf(berlin.id)).map((d) => d.local_date).slice(-2)).toEqual([
      '2026-10-24',
      '2026-10-25',
    ]);
  });
});

describe('what the digest says', () => {
  it('has each section in order, with its items, absolute links and a subject that says what is inside', async () => {
    t.clock.set('2026-11-10T06:00:00Z');
    const me = await member({ skills: ['rust'] });
    await run(); // placed at 08:00 UTC today; the first period starts now
    t.clock.advance(60_000);

    // Needs you: an offer to decide, a delivery to review, an engagement of mine due in 2 days.
    const { overflow: mine } = await pendingOffer(me, 'Port the parser');
    const reviewer = await member();
    const delivered = await deliveredEngagement(t, me.client, reviewer.client, {
      title: 'Draw the diagrams',
    });
    const asker = await member();
    const theirs = await postOverflow(asker.client, { title: 'Check the benchmarks' });
    const myOffer = await makeOffer(t, me.client, theirs.id, { proposedOn: dateIn(t, 2) });
    const accepted = await asker.client.post<{ engagementId: string }>(`offers/${myOffer.id}/accept`);
    expect(accepted.status).toBe(201);
    // For you: a new posting in my skill.
    const poster = await member();
    const rusty = await postOverflow(poster.client, { title: 'Speed up the Rust build', skills: ['Rust'] });
    // Noticed: a note about my work (accepted), a thanks with hostile text; that makes a tie I only received on.
    const fan = await member();
    const work = await createWorkRecord(me.client, { title: 'A talk on caching' });
    const note = await fan.client.post<{ id: string }>('noticed', {
      workRecordId: work.id,
      message: 'Your talk on caching was brilliant.',
    });
    expect(note.status).toBe(201);
    expect((await me.client.post(`noticed/${note.body.id}/accept`)).status).toBe(200);
    expect(
      (
        await fan.client.post('thanks', {
          toHandle: me.handle,
          message: 'Thanks <script>alert(1)</script> & more',
        })
      ).status,
    ).toBe(201);
    // Give back: the fan's open overflow.
    const giveBack = await postOverflow(fan.client, { title: 'Proofread my slides' });
    // Bundled: an offer of mine declined (offer_declined goes to the digest by default).
    const decliner = await member();
    const declinedOn = await postOverflow(decliner.client, { title: 'Tidy the changelog' });
    const declined = await makeOffer(t, me.client, declinedOn.id);
    expect(
      (await decliner.client.post(`offers/${declined.id}/decline`, { note: 'Done in-house.' })).status,
    ).toBe(200);

    t.clock.set('2026-11-10T08:00:30Z');
    await run();
    const [mail] = await mailOf(me.id);
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe('1 offer waits for you · 1 delivery to review');
    const text = mail!.text_body;
    const order = [
      'NEEDS YOU',
      'FOR YOU',
      'YOUR WORK WAS NOTICED',
      'GIVE BACK',
      'ALSO SINCE YOUR LAST DIGEST',
    ].map((h) => text.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const base = 'https://slip.example';
    expect(text).toContain(
      `Port the parser\n  1 offer waits for your decision\n  ${base}/overflow/${mine.id}`,
    );
    expect(text).toContain(`Draw the diagrams\n  ${reviewer.member.name} delivered`);
    expect(text).toContain(`${base}/engagements/${delivered.engagementId}`);
    expect(text).toContain(`Check the benchmarks\n  Due ${dateIn(t, 2)}, for ${asker.member.name}`);
    expect(text).toContain(`${base}/engagements/${accepted.body.engagementId}`);
    expect(text).toContain(`Speed up the Rust build\n  rust\n  ${base}/overflow/${rusty.id}`);
    expect(text).toContain(`${fan.member.name} noticed “A talk on caching”`);
    expect(text).toContain(`${fan.member.name} thanked you\n  Thanks <script>alert(1)</script> & more`);
    expect(text).toContain(`Proofread my slides\n  ${base}/overflow/${giveBack.id}`);
    expect(text).toContain(
      `${decliner.member.name} declined your offer on “Tidy the changelog”. Their note: “Done in-house.”\n  ${base}/overflow/${declinedOn.id}`,
    );
    expect(text).toMatch(/Stop the daily digest: https:\/\/slip\.example\/unsubscribe\?token=/);
    // The HTML part escapes what members wrote.
    expect(mail!.html_body).toContain('Thanks &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(mail!.html_body).not.toContain('<script>');
    expect(mail!.html_body).toContain(`href="${base}/overflow/${rusty.id}"`);
    const [claim] = await digestsOf(me.id);
    expect(JSON.parse(claim!.summary)).toMatchObject({
      offers: 1,
      deliveries: 1,
      due: 1,
      forYou: 1,
      noticed: 2,
    });

    // The next day: only what is new since this digest (the posting and the notes are not repeated).
    t.clock.set('2026-11-11T08:00:30Z');
    await run();
    const next = (await mailOf(me.id))[1]!;
    expect(next.subject).toBe('1 offer waits for you · 1 delivery to review');
    expect(next.text_body).not.toContain('FOR YOU');
    expect(next.text_body).not.toContain('YOUR WORK WAS NOTICED');
  });

  it('sends nothing to a member with nothing to say, and records the day as empty', async () => {
    t.clock.set('2026-11-12T07:00:00Z');
    const quiet = await member();
    await run();
    t.clock.set('2026-11-12T08:00:30Z');
    await run();
    const [claim] = await digestsOf(quiet.id);
    expect(claim).toMatchObject({ local_date: '2026-11-12', status: 'empty', outbox_id: null });
    expect(await mailOf(quiet.id)).toEqual([]);
    expect(await nextAt(quiet.id)).toBe('2026-11-13T08:00:00.000Z');
  });

  it('sends none when the member turned the digest off, and moves them on', async () => {
    t.clock.set('2026-11-13T07:00:00Z');
    const off = await member();
    await pendingOffer(off);
    await db()
      .insertInto('email_preferences')
      .values({ member_id: off.id, kind: 'digest', mode: 'off', updated_at: t.clock.now().toISOString() })
      .execute();
    await run();
    t.clock.set('2026-11-13T08:00:30Z');
    const r = await run();
    expect(r.off).toBeGreaterThanOrEqual(1);
    expect((await digestsOf(off.id)).map((d) => d.status)).toEqual(['off']);
    expect(await mailOf(off.id)).toEqual([]);
    expect(await nextAt(off.id)).toBe('2026-11-14T08:00:00.000Z');
  });

  it('previews the digest as text without claiming or sending it', async () => {
    t.clock.set('2026-11-14T06:00:00Z');
    const curious = await member();
    await pendingOffer(curious, 'Translate the README');
    const text = await previewDigest(t.app.ctx, `@${curious.handle}`);
    expect(text).toContain('Subject: 1 offer waits for you');
    expect(text).toContain('Translate the README');
    expect(await digestsOf(curious.id)).toEqual([]);
    expect(await mailOf(curious.id)).toEqual([]);
    await expect(previewDigest(t.app.ctx, '@nobody-here')).rejects.toThrow(/not found/);
  });
});

describe('exactly once', () => {
  it('a change of hour mid-day: due now if today’s has not gone, never a second one for the day', async () => {
    t.clock.set('2026-11-16T07:00:00Z');
    const early = await member(); // 08:00, then moves to 09:00 after receiving today's
    const late = await member(); // 14:00, then moves to 09:00 at 10:00: today's is due at once
    await place(late, 'UTC', 14);
    await pendingOffer(early);
    await pendingOffer(late);
    await run();
    t.clock.set('2026-11-16T08:00:30Z');
    await run();
    expect((await digestsOf(early.id)).map((d) => d.local_date)).toEqual(['2026-11-16']);

    t.clock.set('2026-11-16T10:00:00Z');
    await place(early, 'UTC', 9);
    await place(late, 'UTC', 9);
    await run();
    expect((await digestsOf(early.id)).map((d) => d.local_date)).toEqual(['2026-11-16']);
    expect((await digestsOf(late.id)).map((d) => d.local_date)).toEqual(['2026-11-16']);
    expect(await nextAt(early.id)).toBe('2026-11-17T09:00:00.000Z');
    expect(await nextAt(late.id)).toBe('2026-11-17T09:00:00.000Z');
    t.clock.set('2026-11-16T14:00:30Z');
    await run();
    expect(await digestsOf(late.id)).toHaveLength(1);
    expect(await mailOf(late.id)).toHaveLength(1);
  });

  it('one digest after running twice, and after two processes run at once on one database', async () => {
    t.clock.set('2026-11-18T07:00:00Z');
    const members = await Promise.all([member(), member(), member()]);
    for (const m of members) await pendingOffer(m);
    await run();
    // On PostgreSQL a second app (another connection pool: another process, as far as the database can tell);
    // SQLite's connections in one process would wait on each other's write lock synchronously, so there the
    // two runs share the app's connection.
    second = testDialect() === 'postgres' ? await secondApp(t) : t.app;
    t.clock.set('2026-11-18T08:00:30Z');
    const [a, b] = await Promise.all([
      runDigestJob(t.app.ctx, { batchSize: 2 }),
      runDigestJob(second.ctx, { batchSize: 2 }),
    ]);
    await run();
    for (const m of members) {
      expect((await digestsOf(m.id)).map((d) => d.local_date)).toEqual(['2026-11-18']);
      const mail = await mailOf(m.id);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.message_id).toBe((await digestsOf(m.id))[0]!.message_id);
    }
    expect(a.failed + b.failed).toBe(0);
    expect(a.sent + b.sent).toBeGreaterThanOrEqual(members.length);
  });

  it('a new time zone places the member again', async () => {
    const mover = await member();
    await run();
    expect(await nextAt(mover.id)).not.toBeNull();
    expect((await mover.client.patch('me', { timeZone: 'Pacific/Kiritimati' })).status).toBe(200);
    expect(await nextAt(mover.id)).toBeNull();
    await run();
    expect(await nextAt(mover.id)).toBe('2026-11-18T18:00:00.000Z'); // 08:00 on the 19th in Kiritimati
    // The same zone again changes nothing.
    expect((await mover.client.patch('me', { timeZone: 'Pacific/Kiritimati' })).status).toBe(200);
    expect(await nextAt(mover.id)).toBe('2026-11-18T18:00:00.000Z');
  });

  it('the scheduled job composes in a worker thread on its own connection, beside a run in this thread', async () => {
    t.clock.set('2026-11-19T07:00:00Z');
    const members = await Promise.all([member(), member(), member(), member()]);
    for (const m of members) await pendingOffer(m);
    await run(); // placed at 08:00 London
    t.clock.set('2026-11-19T08:00:30Z');
    const progress: number[] = [];
    const [inWorker, here] = await Promise.all([
      runScheduledDigest(t.app.ctx, { batchSize: 1, onProgress: (done) => progress.push(done) }),
      runDigestJob(t.app.ctx, { batchSize: 1 }),
    ]);
    expect(inWorker.failed + here.failed).toBe(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    for (const m of members) {
      const [digest, ...more] = await digestsOf(m.id);
      expect(more).toEqual([]);
      expect(digest!.local_date).toBe('2026-11-19');
      // The worker's clock starts at this thread's (the injected one) and moves on with real time.
      expect(Math.abs(new Date(digest!.claimed_at).getTime() - t.clock.now().getTime())).toBeLessThan(60_000);
      const mail = await mailOf(m.id);
      expect(mail.map((r) => r.message_id)).toEqual([digest!.message_id]);
    }
    expect(inWorker.sent + here.sent).toBeGreaterThanOrEqual(members.length);
  });
});
