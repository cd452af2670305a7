// Helpers for the drafting-loop suites (server/test/loop.*.test.ts): members with a confirmed email, and
// overflow → offer → engagement → review in one call each, all through the public API. Plus a second app
// on the same database (for real parallelism on PostgreSQL) and a reset of the loop tables.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Db } from '../../src/db/database.js';
import type { EngagementView } from '../../src/modules/engagements/engagements.service.js';
import type { NotificationView } from '../../src/modules/notifications/notifications.service.js';
import type { OfferView } from '../../src/modules/offers/offers.service.js';
import type { OverflowDetail, OverflowInput } from '../../src/modules/overflow/overflow.service.js';
import { addMs, DAY, localDate } from '../../src/shared/clock.js';
import { CapturingMailer, type TestApp } from './app.js';
import type { TestClient, TestResponse } from './client.js';
import {
  createAccessToken,
  registerMember,
  type RegisteredMember,
  type RegisterOverrides,
} from './factories.js';

export interface LoopMember extends RegisteredMember {
  id: string;
}

function ok<T>(res: TestResponse<T>, status: number, what: string): T {
  if (res.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  }
  return res.body;
}

/** Confirms the member's email with the link token from the last email sent to them. */
export async function verifyEmail(t: TestApp, email: string): Promise<void> {
  const token = await t.linkTokenFromLastEmail(email);
  ok(await t.client().post('auth/verify-email', { token }), 200, `verify ${email}`);
}

/**
 * Registers through the API and confirms the email through the emailed link: such a member may
 * post overflow, offer, notice and thank. Optionally sets profile skills and capacity.
 */
export async function verifiedMember(
  t: TestApp,
  overrides: RegisterOverrides & { skills?: string[]; capacity?: number } = {},
): Promise<LoopMember> {
  const { skills, capacity, ...registration } = overrides;
  // Signing up then opening the emailed link confirms the address (and signs in).
  const m = await registerMember(t.app, { ...registration, signIn: 'link' });
  if (skills !== undefined || capacity !== undefined) {
    ok(
      await m.client.patch('me', {
        ...(skills !== undefined && { skills }),
        ...(capacity !== undefined && { capacity }),
      }),
      200,
      'update profile',
    );
  }
  return { ...m, id: m.member.id };
}

/** A bearer-token client for the member (no session: survives any clock advance, needs no CSRF). */
export async function tokenClient(m: RegisteredMember): Promise<TestClient> {
  // Never expires: the loop's tests move the clock on by months (a token expires in 90 days by default).
  const token = await createAccessToken(m.client, { name: 'loop-tests', expiresInDays: null });
  return m.client.asToken(token.token);
}

/** The calendar date `days` from the app clock's now, in UTC (the test members' time zone). */
export function dateIn(t: TestApp, days = 0): string {
  return localDate(addMs(t.clock.now(), days * DAY), 'UTC');
}

export function overflowBody(overrides: Partial<OverflowInput> = {}): OverflowInput {
  return {
    title: 'Write the migration guide',
    brief: 'A **short** guide for moving from SQLite to PostgreSQL.',
    skills: ['TypeScript', 'PostgreSQL'],
    effortHours: 6,
    visibility: 'public',
    ...overrides,
  };
}

export async function postOverflow(
  client: TestClient,
  overrides: Partial<OverflowInput> = {},
): Promise<OverflowDetail> {
  return ok(await client.post<OverflowDetail>('overflow', overflowBody(overrides)), 201, 'create overflow');
}

export function offerBody(
  t: TestApp,
  overrides: Partial<{ pitch: string; evidence: string[]; proposedOn: string }> = {},
) {
  return {
    pitch: 'I have done this twice before and can start today.',
    evidence: [] as string[],
    proposedOn: dateIn(t, 7),
    ...overrides,
  };
}

export async function makeOffer(
  t: TestApp,
  client: TestClient,
  overflowId: string,
  overrides: Partial<{ pitch: string; evidence: string[]; proposedOn: string }> = {},
): Promise<OfferView> {
  return ok(
    await client.post<OfferView>(`overflow/${overflowId}/offers`, offerBody(t, overrides)),
    201,
    'create offer',
  );
}

export async function acceptOffer(owner: TestClient, offerId: string): Promise<string> {
  return ok(await owner.post<{ engagementId: string }>(`offers/${offerId}/accept`), 201, 'accept offer')
    .engagementId;
}

export async function deliver(
  helper: TestClient,
  engagementId: string,
  input: { note?: string; links?: string[] } = {},
): Promise<EngagementView> {
  return ok(
    await helper.post<EngagementView>(`engagements/${engagementId}/deliveries`, {
      note: input.note ?? 'Here it is: the guide, with examples.',
      links: input.links ?? ['https://example.org/guide'],
    }),
    201,
    'deliver',
  );
}

export async function requestRevision(
  owner: TestClient,
  engagementId: string,
  note = 'Add a rollback section.',
) {
  return ok(
    await owner.post<EngagementView>(`engagements/${engagementId}/revision-requests`, { note }),
    201,
    'request revision',
  );
}

export async function completeEngagement(
  owner: TestClient,
  engagementId: string,
  review: Partial<{ rating: number; endorsement: string; skills: string[] }> = {},
): Promise<EngagementView> {
  return ok(
    await owner.post<EngagementView>(`engagements/${engagementId}/complete`, {
      rating: 5,
      endorsement: 'Clear, careful and on time.',
      skills: ['typescript'],
      ...review,
    }),
    200,
    'complete engagement',
  );
}

export async function abandonEngagement(client: TestClient, engagementId: string, reason = 'Plans changed.') {
  return ok(
    await client.post<EngagementView>(`engagements/${engagementId}/abandon`, { reason }),
    200,
    'abandon engagement',
  );
}

export interface Started {
  overflow: OverflowDetail;
  offer: OfferView;
  engagementId: string;
}

/** Owner posts, helper offers, owner accepts: an active engagement. */
export async function startEngagement(
  t: TestApp,
  owner: TestClient,
  helper: TestClient,
  overrides: Partial<OverflowInput> = {},
): Promise<Started> {
  const overflow = await postOverflow(owner, overrides);
  const offer = await makeOffer(t, helper, overflow.id);
  const engagementId = await acceptOffer(owner, offer.id);
  return { overflow, offer, engagementId };
}

/** A delivered engagement (the owner has not answered yet). */
export async function deliveredEngagement(
  t: TestApp,
  owner: TestClient,
  helper: TestClient,
  overrides: Partial<OverflowInput> = {},
): Promise<Started> {
  const s = await startEngagement(t, owner, helper, overrides);
  await deliver(helper, s.engagementId);
  return s;
}

/** The whole loop: post → offer → accept → deliver → complete. */
export async function completedEngagement(
  t: TestApp,
  owner: TestClient,
  helper: TestClient,
  overrides: Partial<OverflowInput> = {},
  review: Partial<{ rating: number; endorsement: string; skills: string[] }> = {},
): Promise<Started & { engagement: EngagementView }> {
  const s = await deliveredEngagement(t, owner, helper, overrides);
  const engagement = await completeEngagement(owner, s.engagementId, review);
  return { ...s, engagement };
}

export interface NotificationList {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}

export async function notificationsOf(client: TestClient, query: Record<string, string> = {}) {
  return ok(
    await client.get<NotificationList>('me/notifications', { query: { limit: '100', ...query } }),
    200,
    'list notifications',
  );
}

/** The member's notifications of one type (newest first). */
export async function notificationsOfType(client: TestClient, type: string): Promise<NotificationView[]> {
  return (await notificationsOf(client)).items.filter((n) => n.type === type);
}

/**
 * A second app on the same database as `t` (same config and clock, migrations already applied): a
 * second process, as far as the database can tell. PostgreSQL runs the two apps' transactions in parallel.
 */
export async function secondApp(t: TestApp): Promise<FastifyInstance> {
  const app = await buildApp({
    config: t.config,
    clock: t.clock,
    mailer: new CapturingMailer(),
    migrate: false,
    webDist: join(tmpdir(), 'slipstream-test-no-web'),
  });
  await app.ready();
  return app;
}

/** Deletes every row of the drafting loop (members and sessions stay), for suites that start over. */
export async function resetLoopTables(db: Db): Promise<void> {
  await db.deleteFrom('notifications').execute();
  await db.deleteFrom('ledger_entries').execute();
  await db.deleteFrom('member_ledger_kinds').execute();
  await db.deleteFrom('ties').execute();
  await db.deleteFrom('thanks_notes').execute();
  await db.deleteFrom('noticed_notes').execute();
  await db.deleteFrom('engagement_events').execute();
  await db.deleteFrom('engagements').execute();
  await db.deleteFrom('offer_evidence').execute();
  await db.deleteFrom('offers').execute();
  await db.deleteFrom('overflow_skills').execute();
  await db.deleteFrom('overflow').execute();
  const verified = db.selectFrom('work_records').select('id').where('verified', '=', 1);
  await db.deleteFrom('work_record_skills').where('work_record_id', 'in', verified).execute();
  await db.deleteFrom('work_records').where('verified', '=', 1).execute();
  // The stored figures (0010) of the rows just deleted.
  await db
    .updateTable('members')
    .set({
      ledger_given: 0,
      ledger_received: 0,
      completed_as_helper: 0,
      abandoned_by_helper: 0,
      abandoned_by_owner: 0,
      given_out: 0,
      completed_as_owner: 0,
      ratings_given_sum: 0,
      ratings_given_count: 0,
      endorsements_written: 0,
    })
    .execute();
}

/**
 * The stored ledger figures and completion records (0010) next to the same figures recomputed from the rows:
 * `expect(stored).toEqual(recomputed)` is the invariant every write keeps.
 */
export async function storedAndRecomputedFigures(db: Db) {
  const [members, ties, ledger, engagements, kinds] = await Promise.all([
    db
      .selectFrom('members')
      .select([
        'id',
        'ledger_given',
        'ledger_received',
        'completed_as_helper',
        'abandoned_by_helper',
        'abandoned_by_owner',
        'given_out',
        'completed_as_owner',
        'ratings_given_sum',
        'ratings_given_count',
        'endorsements_written',
      ])
      .orderBy('id')
      .execute(),
    db.selectFrom('ties').select(['member_a', 'member_b', 'weight_a_to_b', 'weight_b_to_a']).execute(),
    db.selectFrom('ledger_entries').select(['giver_id', 'receiver_id', 'weight', 'kind']).execute(),
    db
      .selectFrom('engagements')
      .select(['helper_id', 'owner_id', 'status', 'abandoned_by', 'rating', 'endorsement', 'auto_completed'])
      .execute(),
    db.selectFrom('member_ledger_kinds').selectAll().execute(),
  ]);
  const kindKey = (member: string, kind: string) => `${member}|${kind}`;
  const stored = {
    members: members.map((m) => ({ ...m })),
    kinds: Object.fromEntries(
      kinds
        .filter((k) => k.given_count + k.received_count > 0)
        .map((k) => [
          kindKey(k.member_id, k.kind),
          [
            Number(k.given_weight),
            Number(k.given_count),
            Number(k.received_weight),
            Number(k.received_count),
          ],
        ]),
    ),
    ties: Object.fromEntries(
      ties.map((x) => [`${x.member_a}|${x.member_b}`, [x.weight_a_to_b, x.weight_b_to_a]]),
    ),
  };
  const byId = new Map(
    members.map((m) => [
      m.id,
      {
        id: m.id,
        ledger_given: 0,
        ledger_received: 0,
        completed_as_helper: 0,
        abandoned_by_helper: 0,
        abandoned_by_owner: 0,
        given_out: 0,
        completed_as_owner: 0,
        ratings_given_sum: 0,
        ratings_given_count: 0,
        endorsements_written: 0,
      },
    ]),
  );
  const pairs = new Map<string, number>();
  const kindsRecomputed: Record<string, number[]> = {};
  for (const e of ledger) {
    const g = (kindsRecomputed[kindKey(e.giver_id, e.kind)] ??= [0, 0, 0, 0]);
    g[0]! += e.weight;
    g[1]! += 1;
    const r = (kindsRecomputed[kindKey(e.receiver_id, e.kind)] ??= [0, 0, 0, 0]);
    r[2]! += e.weight;
    r[3]! += 1;
    byId.get(e.giver_id)!.ledger_given += e.weight;
    byId.get(e.receiver_id)!.ledger_received += e.weight;
    pairs.set(
      `${e.giver_id}|${e.receiver_id}`,
      (pairs.get(`${e.giver_id}|${e.receiver_id}`) ?? 0) + e.weight,
    );
  }
  for (const e of engagements) {
    const m = byId.get(e.helper_id)!;
    if (e.status === 'completed') m.completed_as_helper++;
    else if (e.status === 'abandoned' && e.abandoned_by === e.helper_id) m.abandoned_by_helper++;
    else if (e.status === 'abandoned') m.abandoned_by_owner++;
    const o = byId.get(e.owner_id)!;
    o.given_out++;
    if (e.status === 'completed') {
      o.completed_as_owner++;
      if (e.rating !== null) {
        o.ratings_given_sum += e.rating;
        o.ratings_given_count++;
      }
      if (e.auto_completed === 0 && e.endorsement) o.endorsements_written++;
    }
  }
  const recomputed = {
    members: [...byId.values()],
    kinds: kindsRecomputed,
    ties: Object.fromEntries(
      ties.map((x) => [
        `${x.member_a}|${x.member_b}`,
        [pairs.get(`${x.member_a}|${x.member_b}`) ?? 0, pairs.get(`${x.member_b}|${x.member_a}`) ?? 0],
      ]),
    ),
  };
  return { stored, recomputed };
}

/** The same member, acting through a personal access token (for suites that move the clock past session expiry). */
export async function withToken<M extends RegisteredMember>(m: M): Promise<M> {
  return { ...m, client: await tokenClient(m) };
}
