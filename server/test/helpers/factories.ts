// Factories that go through the public API (so they exercise the same rules as a person would), plus one
// that writes a verified work record directly, since only a completed engagement can create one.
// No test framework imports: a seed script can reuse these with any FastifyInstance.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/database.js';
import type { AccessTokenView } from '../../src/modules/auth/auth.service.js';
import { answeredWorkIdle } from '../../src/modules/auth/background.js';
import type { SelfView, WorkRecordInput, WorkRecordView } from '../../src/modules/members/members.service.js';
import { hashSecret, newId } from '../../src/shared/ids.js';
import { normaliseSkills } from '../../src/shared/skills.js';
import { TestClient, type TestResponse } from './client.js';

export interface SessionBody {
  member: SelfView;
  csrfToken: string;
  expiresAt?: string;
}

export interface RegisteredMember {
  client: TestClient;
  member: SelfView;
  email: string;
  password: string;
  handle: string;
}

export interface RegisterOverrides {
  email?: string;
  password?: string;
  name?: string;
  handle?: string;
  timeZone?: string;
  inviteCode?: string;
  remoteAddress?: string;
  /**
   * How the new member gets their first session: `password` (default) signs in with the password and leaves
   * the address unconfirmed; `link` opens the emailed confirmation link, which confirms it and signs in.
   */
  signIn?: 'link' | 'password';
}

let sequence = 0;
/** A short unique suffix for handles and emails within one process. */
export function unique(prefix = 'm'): string {
  sequence += 1;
  return `${prefix}${sequence}${Math.random().toString(36).slice(2, 6)}`;
}

function expectStatus(res: TestResponse, status: number, what: string): void {
  if (res.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  }
}

export function registrationBody(overrides: RegisterOverrides = {}) {
  const handle = overrides.handle ?? unique('user');
  // A chosen handle may be reused on purpose (to test clashes), so its email still gets a unique part.
  const local = overrides.handle === undefined ? handle : `${handle.toLowerCase()}.${unique('')}`;
  return {
    email: overrides.email ?? `${local}@example.org`,
    password: overrides.password ?? 'correct horse battery staple',
    name: overrides.name ?? `Test ${handle}`,
    handle,
    ...(overrides.timeZone !== undefined && { timeZone: overrides.timeZone }),
    ...(overrides.inviteCode !== undefined && { inviteCode: overrides.inviteCode }),
  };
}

/** Sign-up answers this for every address: nobody is signed in until the emailed link is opened. */
export interface SignUpAnswer {
  status: 'confirmation_sent';
  email: string;
}

/**
 * The `token` of the link in the newest email queued for the address, read from the outbox table once the
 * work sign-up does after its answer has finished. Undefined when there is no such email.
 */
export async function newestLinkTokenFor(app: FastifyInstance, address: string): Promise<string | undefined> {
  await answeredWorkIdle(app.ctx);
  const row = await app.ctx.db
    .selectFrom('email_outbox')
    .select('text_body')
    .where('to_address', '=', address.toLowerCase())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const url = row && /https?:\/\/\S+\?token=[^\s"<]+/.exec(row.text_body)?.[0];
  return url ? (new URL(url).searchParams.get('token') ?? undefined) : undefined;
}

/**
 * Signs up through POST /auth/register (202, no session), then opens the confirmation link from the outbox
 * with `signIn: 'link'` (POST /auth/verify-email: confirms the address and signs in); by default it signs in
 * with the password and leaves the address unconfirmed. The returned client holds the new session.
 */
export async function registerMember(
  app: FastifyInstance,
  overrides: RegisterOverrides = {},
): Promise<RegisteredMember> {
  const body = registrationBody(overrides);
  const client = new TestClient(app, { remoteAddress: overrides.remoteAddress ?? '127.0.0.1' });
  const res = await client.post<SignUpAnswer>('auth/register', body);
  expectStatus(res, 202, `register @${body.handle}`);
  let session: TestResponse<SessionBody>;
  if (overrides.signIn !== 'link') {
    await answeredWorkIdle(app.ctx);
    session = await client.post<SessionBody>('auth/login', { email: body.email, password: body.password });
    expectStatus(session, 200, `sign in @${body.handle}`);
  } else {
    const token = await newestLinkTokenFor(app, body.email);
    if (!token) throw new Error(`register @${body.handle}: no confirmation email to ${body.email}`);
    session = await client.post<SessionBody>('auth/verify-email', { token });
    expectStatus(session, 200, `confirm @${body.handle}`);
  }
  return {
    client,
    member: session.body.member,
    email: body.email,
    password: body.password,
    handle: body.handle,
  };
}

/** Signs in through POST /auth/login and returns a client holding the new session. */
export async function signIn(
  app: FastifyInstance,
  credentials: { email: string; password: string },
  options: { remoteAddress?: string } = {},
): Promise<TestClient> {
  const client = new TestClient(app, options);
  const res = await client.post<SessionBody>('auth/login', {
    email: credentials.email,
    password: credentials.password,
  });
  expectStatus(res, 200, `sign in ${credentials.email}`);
  return client;
}

export function workRecordBody(overrides: Partial<WorkRecordInput> = {}): WorkRecordInput {
  return {
    title: 'Rebuilt the onboarding flow',
    summary: 'Cut sign-up time in half.',
    url: 'https://example.org/case-study',
    kind: 'project',
    date: '2025-11-02',
    skills: ['TypeScript', 'UX'],
    ...overrides,
  };
}

export async function createWorkRecord(
  client: TestClient,
  overrides: Partial<WorkRecordInput> = {},
): Promise<WorkRecordView> {
  const res = await client.post<WorkRecordView>('work-records', workRecordBody(overrides));
  expectStatus(res, 201, 'create work record');
  return res.body;
}

export async function createAccessToken(
  client: TestClient,
  input: { name?: string; expiresInDays?: number | null } = {},
): Promise<AccessTokenView & { token: string }> {
  const res = await client.post<AccessTokenView & { token: string }>('me/access-tokens', {
    name: input.name ?? 'script',
    ...(input.expiresInDays !== undefined && { expiresInDays: input.expiresInDays }),
  });
  expectStatus(res, 201, 'create access token');
  return res.body;
}

/** Admin only: creates an invite code. */
export async function createInvite(admin: TestClient): Promise<{ code: string; expiresAt: string }> {
  const res = await admin.post<{ code: string; expiresAt: string }>('instance/invites');
  expectStatus(res, 201, 'create invite');
  return res.body;
}

/**
 * A verified work record, as a completed engagement would write it (there is no API for this on purpose).
 * Goes straight to the database.
 */
export async function insertVerifiedWorkRecord(
  db: Db,
  memberId: string,
  input: { title?: string; date?: string; skills?: string[]; endorsement?: string; now?: Date } = {},
): Promise<string> {
  const now = input.now ?? new Date('2026-01-01T00:00:00.000Z');
  const id = newId(now);
  const skills = normaliseSkills(input.skills ?? ['delivery']);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('work_records')
      .values({
        id,
        member_id: memberId,
        title: input.title ?? 'Delivered a migration plan',
        summary: 'Endorsed delivery.',
        url: null,
        kind: 'delivery',
        occurred_on: input.date ?? '2025-12-01',
        verified: 1,
        engagement_id: `eng-${hashSecret(id).slice(0, 12)}`,
        endorsement: input.endorsement ?? 'Outstanding work.',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
    if (skills.length > 0) {
      await trx
        .insertInto('work_record_skills')
        .values(skills.map((skill, position) => ({ work_record_id: id, skill, position })))
        .execute();
    }
  });
  return id;
}
