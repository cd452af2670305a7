// Issue 9 — event emails through a real SMTP server: what arrives (multipart, unsubscribe headers, Message-ID,
// links, escaping), who gets what by default, per-member settings, and RFC 8058 one-click unsubscribe.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../src/email/mailer.js';
import { unsubscribeHeaders } from '../src/modules/email/email.service.js';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createWorkRecord, registerMember } from './helpers/factories.js';
import {
  acceptOffer,
  completeEngagement,
  deliver,
  makeOffer,
  notificationsOfType,
  postOverflow,
  requestRevision,
  secondApp,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';
import { startSmtpServer, type ReceivedEmail, type TestSmtpServer } from './helpers/smtp.js';

const PUBLIC = 'https://slip.example.org';
const HOSTILE_TITLE = 'Logo <img src=x onerror=alert(1)> refresh';
const HOSTILE_PITCH = 'I can help "><script>alert(1)</script> today & tomorrow.';

let smtp: TestSmtpServer;
let t: TestApp;
let owner: LoopMember;
let helper: LoopMember;
let other: LoopMember;

interface Settings {
  email: string;
  emailVerified: boolean;
  timeZone: string;
  digest: { enabled: boolean; hour: number; nextAt: string | null };
  kinds: { kind: string; label: string; description: string; mode: string; modes: string[] }[];
}

/** Event emails (they carry List-Unsubscribe; account emails do not) that reached `to`. */
const eventMailTo = (to: string): ReceivedEmail[] =>
  smtp.received.filter((m) => m.to.includes(to.toLowerCase()) && m.header('list-unsubscribe'));

/** Lets the outbox drain (its own kick after the commit, not a drain from the test) and waits for `n` mails. */
async function waitForEventMail(to: string, n: number): Promise<ReceivedEmail[]> {
  const end = Date.now() + 8000;
  while (eventMailTo(to).length < n) {
    if (Date.now() > end)
      throw new Error(`expected ${n} event emails to ${to}, got ${eventMailTo(to).length}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return eventMailTo(to);
}

/** Sends everything queued, so "no email" is a fact and not a race. */
async function settle(): Promise<void> {
  await t.sendQueuedMail();
  await t.app.ctx.outbox.idle();
}

const links = (html: string) =>
  [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
const listUnsubscribe = (m: ReceivedEmail) => {
  const value = m.header('list-unsubscribe')!.replace(/\r?\n[ \t]+/g, ' ');
  return [...value.matchAll(/<([^>]+)>/g)].map((x) => x[1]!);
};

async function settingsOf(m: LoopMember): Promise<Settings> {
  const res = await m.client.get<Settings>('me/email-settings');
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const modeOf = (s: Settings, kind: string) => s.kinds.find((k) => k.kind === kind)?.mode;

/** The one-click POST as a mail provider makes it: no cookie, no CSRF token, a form body. */
function oneClick(url: string, extraHeaders: Record<string, string> = {}) {
  const u = new URL(url);
  return t.app.inject({
    method: 'POST',
    url: `${u.pathname}${u.search}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...extraHeaders },
    payload: 'List-Unsubscribe=One-Click',
  });
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    env: { PUBLIC_URL: PUBLIC },
    mailer: createMailer({
      smtpUrl: smtp.url,
      outboxDir: join(tmpdir(), 'slipstream-test-no-eml'),
      from: 'Slipstream <no-reply@slip.example.org>',
    }),
  });
  await registerMember(t.app, { handle: 'admin' });
  owner = await verifiedMember(t, { name: 'Olga Owner' });
  helper = await verifiedMember(t, { name: 'Ada Helper' });
  other = await verifiedMember(t, { name: 'Hugo Other' });
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('an offer, emailed to the owner', () => {
  let mail!: ReceivedEmail;
  let overflowId: string;

  beforeAll(async () => {
    overflowId = (await postOverflow(owner.client, { title: HOSTILE_TITLE })).id;
    await makeOffer(t, helper.client, overflowId, { pitch: HOSTILE_PITCH });
    // No drain from the test: the channel kicks the outbox after the event's commit.
    mail = (await waitForEventMail(owner.email, 1))[0]!;
  });

  it('says who did what on what, as multipart/alternative with a text and an HTML part', () => {
    expect(mail.subject).toBe(`Ada Helper offered to help with “${HOSTILE_TITLE}”`);
    expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(mail.text).toContain(`Ada Helper offered to help with “${HOSTILE_TITLE}”.`);
    expect(mail.html).toContain('Ada Helper offered to help with');
  });

  it('carries both unsubscribe headers and a Message-ID on the instance domain', () => {
    const [https, mailto] = listUnsubscribe(mail);
    expect(https).toMatch(/^https:\/\/slip\.example\.org\/api\/v1\/email\/unsubscribe\?token=[\w.-]+$/);
    expect(mailto).toMatch(/^mailto:unsubscribe@slip\.example\.org\?subject=unsubscribe%20[\w.-]+$/);
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.messageId).toMatch(/^<[^@>]+@slip\.example\.org>$/);
  });

  it('escapes the hostile title and pitch in HTML and keeps them plain in text', () => {
    expect(mail.html).not.toMatch(/<img|<script|onerror=alert\(1\)>/);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // The pitch is quoted, attributed to the helper.
    expect(mail.html).toMatch(/<blockquote[^>]*>I can help &quot;&gt;&lt;script&gt;/);
    expect(mail.text).toContain(`> ${HOSTILE_PITCH}`);
    expect(mail.text).toContain('<img src=x onerror=alert(1)>');
  });

  it('links to the overflow, the email settings and the unsubscribe page, all absolute', async () => {
    const hrefs = links(mail.html).map((h) => new URL(h));
    for (const u of hrefs) expect(u.origin).toBe(PUBLIC);
    const paths = hrefs.map((u) => u.pathname);
    expect(paths).toContain(`/overflow/${overflowId}`);
    expect(paths).toContain('/settings/email');
    const page = hrefs.find((u) => u.pathname === '/unsubscribe')!;
    expect(mail.text).toContain(`Review the offer: ${PUBLIC}/overflow/${overflowId}`);
    expect(mail.text).toContain(`Unsubscribe from these emails: ${page.href}`);
    expect(mail.text).toMatch(/You get this because emails about “Offers on your overflow” are on/);
    // The page's token says what it is for, and looking changes nothing.
    const info = await t.client().get<{ kind: string; label: string; mode: string }>('email/unsubscribe', {
      query: { token: page.searchParams.get('token')! },
    });
    expect(info.status, info.text).toBe(200);
    expect(info.body).toMatchObject({
      kind: 'offer_received',
      label: 'Offers on your overflow',
      mode: 'now',
    });
    expect(modeOf(await settingsOf(owner), 'offer_received')).toBe('now');
  });

  it('is not sent to the helper who made the offer', async () => {
    await settle();
    expect(eventMailTo(helper.email)).toHaveLength(0);
  });

  it('one-click POST with no cookie unsubscribes at once (200, no redirect), idempotently', async () => {
    const [https] = listUnsubscribe(mail);
    const res = await oneClick(https!);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.location).toBeUndefined();
    expect(res.json()).toMatchObject({ kind: 'offer_received', mode: 'off' });
    // A provider posting from its own origin, or again, is answered the same.
    const again = await oneClick(https!, { origin: 'https://mail.provider.example' });
    expect(again.statusCode, again.body).toBe(200);
    expect(modeOf(await settingsOf(owner), 'offer_received')).toBe('off');

    // The next offer is in the app but not in the mailbox.
    const before = eventMailTo(owner.email).length;
    await makeOffer(t, other.client, overflowId);
    await settle();
    expect(eventMailTo(owner.email)).toHaveLength(before);
    expect((await notificationsOfType(owner.client, 'offer_received')).length).toBeGreaterThanOrEqual(2);
  });

  it('an empty or multipart body works too, and so does a session cookie without a CSRF token', async () => {
    const [https] = listUnsubscribe(mail);
    const u = new URL(https!);
    const empty = await t.app.inject({ method: 'POST', url: `${u.pathname}${u.search}` });
    expect(empty.statusCode, empty.body).toBe(200);
    // RFC 8058's own example posts the field as multipart/form-data.
    const boundary = '---FormBoundary1';
    const multipart = await t.app.inject({
      method: 'POST',
      url: `${u.pathname}${u.search}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(multipart.statusCode, multipart.body).toBe(200);
    const withCookie = await owner.client.post(`${u.pathname}${u.search}`, { csrf: false });
    expect(withCookie.status, withCookie.text).toBe(200);
  });

  it('re-subscribing from the page puts the kind back to its default, and the next offer is emailed', async () => {
    const token = new URL(listUnsubscribe(mail)[0]!).searchParams.get('token')!;
    const res = await t.client().post<{ kind: string; mode: string }>('email/resubscribe', { token });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ kind: 'offer_received', mode: 'now' });
    await settle();
    const before = eventMailTo(owner.email).length;
    const third = await verifiedMember(t, { name: 'Iris Third' });
    await makeOffer(t, third.client, overflowId);
    await waitForEventMail(owner.email, before + 1);
  });

  it('refuses a tampered or foreign token with INVALID_UNSUBSCRIBE_TOKEN and changes nothing', async () => {
    const token = new URL(listUnsubscribe(mail)[0]!).searchParams.get('token')!;
    const [payload, mac] = token.split('.');
    const forged = `${Buffer.from(`${helper.id}:offer_received`).toString('base64url')}.${mac}`;
    for (const bad of [forged, `${payload}.${mac!.slice(1)}`, 'not-a-token']) {
      const post = await t.client().post(`email/unsubscribe?token=${encodeURIComponent(bad)}`);
      expectError(post, 400, 'INVALID_UNSUBSCRIBE_TOKEN');
      expectError(
        await t.client().get('email/unsubscribe', { query: { token: bad } }),
        400,
        'INVALID_UNSUBSCRIBE_TOKEN',
      );
      expectError(
        await t.client().post('email/resubscribe', { token: bad }),
        400,
        'INVALID_UNSUBSCRIBE_TOKEN',
      );
    }
    expectValidationError(await t.client().post('email/unsubscribe'), 'querystring.token');
    expect(modeOf(await settingsOf(helper), 'offer_received')).toBe('now');
    expect(modeOf(await settingsOf(owner), 'offer_received')).toBe('now');
  });

  it('accepts the form body on the one-click route only', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/email/resubscribe',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'token=x',
    });
    expect(res.statusCode).toBe(415);
  });
});

describe('the rest of the loop, by default and by choice', () => {
  it('acceptance, delivery and revision are emailed at once; completion and noticed notes wait for the digest', async () => {
    const o = await postOverflow(owner.client, { title: 'Write the migration guide' });
    const offer = await makeOffer(t, helper.client, o.id);
    const engagementId = await acceptOffer(owner.client, offer.id);
    const accepted = await waitForEventMail(helper.email, 1);
    expect(accepted.at(-1)!.subject).toBe('Olga Owner accepted your offer on “Write the migration guide”');
    expect(links(accepted.at(-1)!.html).map((h) => new URL(h).pathname)).toContain(
      `/engagements/${engagementId}`,
    );

    await settle(); // the offer's email to the owner is in
    const ownerBefore = eventMailTo(owner.email).length;
    await deliver(helper.client, engagementId, { note: 'Draft <b>one</b> is in the doc.' });
    const delivered = (await waitForEventMail(owner.email, ownerBefore + 1)).at(-1)!;
    expect(delivered.subject).toBe('Ada Helper delivered “Write the migration guide”: ready for your review');
    expect(delivered.text).toContain('> Draft <b>one</b> is in the doc.');
    expect(delivered.html).toContain('Draft &lt;b&gt;one&lt;/b&gt; is in the doc.');

    await requestRevision(owner.client, engagementId, 'Please add a rollback section.');
    const revision = (await waitForEventMail(helper.email, 2)).at(-1)!;
    expect(revision.subject).toBe('Olga Owner asked for a revision on “Write the migration guide”');
    expect(revision.text).toContain('> Please add a rollback section.');

    await deliver(helper.client, engagementId);
    await waitForEventMail(owner.email, ownerBefore + 2);
    await completeEngagement(owner.client, engagementId);
    const record = await createWorkRecord(helper.client, { title: 'Conference talk', kind: 'talk' });
    const noticed = await owner.client.post('noticed', {
      workRecordId: record.id,
      message: 'I noticed how clearly you explained the rollback plan.',
    });
    expect(noticed.status, noticed.text).toBe(201);
    await settle();
    // In the app, not in the mailbox: completion and noticed notes default to the digest.
    expect(eventMailTo(helper.email)).toHaveLength(2);
    expect(eventMailTo(owner.email)).toHaveLength(ownerBefore + 2);
    expect(await notificationsOfType(helper.client, 'engagement_completed')).toHaveLength(1);
    expect(await notificationsOfType(helper.client, 'noticed_received')).toHaveLength(1);
  });

  it('a kind set to now is emailed, with the member’s words quoted; the member who acted gets none', async () => {
    for (const m of [owner, helper]) {
      const res = await m.client.patch('me/email-settings', {
        kinds: { engagement_completed: 'now', noticed_received: 'now' },
      });
      expect(res.status, res.text).toBe(200);
    }
    await settle();
    const helperBefore = eventMailTo(helper.email).length;
    const ownerBefore = eventMailTo(owner.email).length;
    const o = await postOverflow(owner.client, { title: 'Review the schema' });
    const engagementId = await acceptOffer(owner.client, (await makeOffer(t, helper.client, o.id)).id);
    await deliver(helper.client, engagementId);
    await completeEngagement(owner.client, engagementId, { endorsement: 'Careful & quick <3' });
    const record = await createWorkRecord(helper.client, { title: 'Open-source release', kind: 'talk' });
    await owner.client.post('noticed', {
      workRecordId: record.id,
      message: 'The release notes were the best I have read.',
    });
    const mails = await waitForEventMail(helper.email, helperBefore + 3);
    // Rows queued at the same instant may go out in either order: compare what arrived, not the order.
    const subjects = mails
      .slice(helperBefore)
      .map((m) => m.subject)
      .sort();
    expect(subjects).toEqual(
      [
        'Olga Owner accepted your offer on “Review the schema”',
        '“Review the schema” is complete',
        'Olga Owner noticed your work “Open-source release”',
      ].sort(),
    );
    const bySubject = (start: string) => mails.slice(helperBefore).find((m) => m.subject.startsWith(start))!;
    const complete = bySubject('“Review the schema” is complete');
    expect(complete.text).toContain('> Careful & quick <3');
    expect(complete.html).toContain('Careful &amp; quick &lt;3');
    expect(bySubject('Olga Owner noticed').text).toContain('> The release notes were the best I have read.');
    await settle();
    // The owner completed it: their own completion is not emailed to them (only the delivery is).
    const ownerSubjects = eventMailTo(owner.email)
      .slice(ownerBefore)
      .map((m) => m.subject);
    expect(ownerSubjects).toEqual([
      'Ada Helper offered to help with “Review the schema”',
      'Ada Helper delivered “Review the schema”: ready for your review',
    ]);
  });

  it('a decline quotes the owner’s note apart from the sentence; thanks link to the profile', async () => {
    const set = await helper.client.patch('me/email-settings', {
      kinds: { offer_declined: 'now', thanks_received: 'now' },
    });
    expect(set.status, set.text).toBe(200);
    await settle();
    const before = eventMailTo(helper.email).length;
    const o = await postOverflow(owner.client, { title: 'Pick a font' });
    const offer = await makeOffer(t, helper.client, o.id);
    const declined = await owner.client.post(`offers/${offer.id}/decline`, {
      note: 'Thanks! We went <i>in-house</i>.',
    });
    expect(declined.status, declined.text).toBe(200);
    const thanks = await owner.client.post('thanks', {
      toHandle: helper.handle,
      message: 'You saved our launch <3',
    });
    expect(thanks.status, thanks.text).toBe(201);
    const arrived = (await waitForEventMail(helper.email, before + 2)).slice(before);
    const decline = arrived.find((m) => m.subject.startsWith('Your offer on'));
    const thanked = arrived.find((m) => m.subject.endsWith('thanked you'));
    expect(decline!.subject).toBe('Your offer on “Pick a font” is closed');
    expect(decline!.text).toContain('Olga Owner declined your offer on “Pick a font”.\n');
    expect(decline!.text).toContain('> Thanks! We went <i>in-house</i>.');
    expect(decline!.html).toContain('Thanks! We went &lt;i&gt;in-house&lt;/i&gt;.');
    expect(links(decline!.html).map((h) => new URL(h).pathname)).toContain(`/overflow/${o.id}`);
    expect(thanked!.subject).toBe('Olga Owner thanked you');
    expect(thanked!.text).toContain('> You saved our launch <3');
    expect(links(thanked!.html).map((h) => new URL(h).pathname)).toContain(`/@${helper.handle}`);
    // Each kind has its own token: this one stops thanks only.
    const res = await oneClick(listUnsubscribe(thanked!)[0]!);
    expect(res.json()).toMatchObject({ kind: 'thanks_received', mode: 'off' });
    const s = await settingsOf(helper);
    expect([modeOf(s, 'thanks_received'), modeOf(s, 'offer_declined')]).toEqual(['off', 'now']);
  });

  it('a member whose address is not confirmed gets no event email', async () => {
    const o = await postOverflow(other.client, { title: 'Unconfirmed owner' });
    await t.app.ctx.db
      .updateTable('members')
      .set({ email_verified_at: null })
      .where('id', '=', other.id)
      .execute();
    try {
      await makeOffer(t, helper.client, o.id);
      await settle();
      expect(eventMailTo(other.email)).toHaveLength(0);
      expect(await notificationsOfType(other.client, 'offer_received')).toHaveLength(1);
    } finally {
      await t.app.ctx.db
        .updateTable('members')
        .set({ email_verified_at: new Date().toISOString() })
        .where('id', '=', other.id)
        .execute();
    }
  });
});

describe('the unsubscribe key', () => {
  it('is one per instance: a second process on the same database signs alike', async () => {
    const b = await secondApp(t);
    try {
      const mine = await unsubscribeHeaders(t.app.ctx, t.app.ctx.db, owner.id, 'offer_received');
      const theirs = await b.ctx.db
        .transaction()
        .execute((trx) => unsubscribeHeaders(b.ctx, trx, owner.id, 'offer_received'));
      expect(theirs).toEqual(mine);
      expect(await t.app.ctx.db.selectFrom('instance_secrets').select('name').execute()).toEqual([
        { name: 'unsubscribe_key' },
      ]);
    } finally {
      await b.close();
    }
  });
});

describe('email settings', () => {
  it('needs a member', async () => {
    expectError(await t.client().get('me/email-settings'), 401, 'UNAUTHENTICATED');
    expectError(await t.client().patch('me/email-settings', { digest: { hour: 7 } }), 401, 'UNAUTHENTICATED');
  });

  it('shows the defaults: urgent kinds now, the rest bundled into the digest at 08:00', async () => {
    const fresh = await verifiedMember(t);
    const s = await settingsOf(fresh);
    expect(s).toMatchObject({ email: fresh.email, emailVerified: true, timeZone: 'UTC' });
    expect(s.digest).toEqual({ enabled: true, hour: 8, nextAt: null });
    expect(Object.fromEntries(s.kinds.map((k) => [k.kind, k.mode]))).toEqual({
      offer_received: 'now',
      offer_accepted: 'now',
      offer_declined: 'digest',
      delivery_submitted: 'now',
      revision_requested: 'now',
      engagement_completed: 'digest',
      engagement_abandoned: 'now',
      noticed_received: 'digest',
      thanks_received: 'digest',
      offer_invited: 'now',
      tie_formed: 'digest',
      report_resolved: 'digest',
    });
    for (const k of s.kinds) {
      expect(k.modes).toEqual(['now', 'digest', 'off']);
      expect(k.label.length).toBeGreaterThan(3);
      expect(k.description.length).toBeGreaterThan(10);
    }
  });

  it('refuses unknown kinds, modes and hours with a clear 400', async () => {
    const bogus = await helper.client.patch('me/email-settings', { kinds: { bogus_kind: 'now' } });
    expectValidationError(bogus);
    expect(bogus.error!.message).toMatch(/Unknown email kind “bogus_kind”/);
    expectValidationError(
      await helper.client.patch('me/email-settings', { kinds: { offer_received: 'sometimes' } }),
      'body.kinds.offer_received',
    );
    expectValidationError(
      await helper.client.patch('me/email-settings', { kinds: { digest: 'digest' } }),
      'body.kinds.digest',
    );
    for (const hour of [24, -1, 7.5, '8']) {
      expectValidationError(
        await helper.client.patch('me/email-settings', { digest: { hour } }),
        'body.digest.hour',
      );
    }
    expectValidationError(await helper.client.patch('me/email-settings', { daily: true }));
  });

  it('changing the hour or turning the digest on places the member afresh', async () => {
    const m = await verifiedMember(t);
    const setNext = (v: string) =>
      t.app.ctx.db.updateTable('members').set({ digest_next_at: v }).where('id', '=', m.id).execute();
    const nextAt = async () =>
      (
        await t.app.ctx.db
          .selectFrom('members')
          .select('digest_next_at')
          .where('id', '=', m.id)
          .executeTakeFirstOrThrow()
      ).digest_next_at;

    await setNext('2030-01-01T08:00:00.000Z');
    expect((await settingsOf(m)).digest.nextAt).toBe('2030-01-01T08:00:00.000Z');
    // The same hour, or a kind's mode, changes nothing about the schedule.
    const same = await m.client.patch<Settings>('me/email-settings', {
      digest: { hour: 8 },
      kinds: { tie_formed: 'off' },
    });
    expect(same.status, same.text).toBe(200);
    expect(modeOf(same.body, 'tie_formed')).toBe('off');
    expect(await nextAt()).toBe('2030-01-01T08:00:00.000Z');

    const moved = await m.client.patch<Settings>('me/email-settings', { digest: { hour: 18 } });
    expect(moved.body.digest).toEqual({ enabled: true, hour: 18, nextAt: null });
    expect(await nextAt()).toBeNull();

    await setNext('2030-01-01T18:00:00.000Z');
    const off = await m.client.patch<Settings>('me/email-settings', { digest: { enabled: false } });
    expect(off.body.digest).toEqual({ enabled: false, hour: 18, nextAt: null });
    const on = await m.client.patch<Settings>('me/email-settings', { kinds: { digest: 'now' } });
    expect(on.body.digest.enabled).toBe(true);
    expect(await nextAt()).toBeNull();
  });

  it('the digest’s own one-click token turns the digest off, and re-subscribing turns it back on', async () => {
    const m = await verifiedMember(t);
    const headers = await unsubscribeHeaders(t.app.ctx, t.app.ctx.db, m.id, 'digest');
    const https = /<(https:[^>]+)>/.exec(headers['List-Unsubscribe']!)![1]!;
    const res = await oneClick(https);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      kind: 'digest',
      label: 'Daily digest',
      description: expect.any(String),
      mode: 'off',
    });
    expect((await settingsOf(m)).digest.enabled).toBe(false);
    const token = new URL(https).searchParams.get('token')!;
    const back = await t.client().post<{ mode: string }>('email/resubscribe', { token });
    expect(back.body.mode).toBe('now');
    expect((await settingsOf(m)).digest).toMatchObject({ enabled: true, nextAt: null });
  });
});
