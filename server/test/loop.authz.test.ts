// Issue 3 — the authorisation matrix, generated from the OpenAPI document (web/src/api/openapi.json): every
// operation × {anonymous, unrelated member, owner, helper, admin}. The table below must have a row for every
// operation in the document, so a new route without a row fails this suite. Each row says what each actor gets
// (an exact HTTP status) on a real scenario: an overflow with offers, engagements in every state, ties, notes.
//
// GET rows share one scenario; every other row gets a fresh fixture per actor, so one actor's success (say, a
// cancel) does not change what the next actor sees.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeredWorkIdle } from '../src/modules/auth/background.js';
import { expectErrorShape } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { HttpMethod, TestClient, TestResponse } from './helpers/client.js';
import {
  createAccessToken,
  createWorkRecord,
  registerMember,
  registrationBody,
  signIn,
  unique,
  workRecordBody,
} from './helpers/factories.js';
import {
  completedEngagement,
  dateIn,
  deliveredEngagement,
  makeOffer,
  offerBody,
  overflowBody,
  postOverflow,
  startEngagement,
  verifyEmail,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';

const ACTORS = ['anonymous', 'unrelated', 'owner', 'helper', 'admin'] as const;
type Actor = (typeof ACTORS)[number];
type Expect = Record<Actor, number>;

interface Operation {
  operationId: string;
  method: HttpMethod;
  path: string;
  responses: string[];
}

function documentedOperations(): Operation[] {
  const doc = JSON.parse(readFileSync('web/src/api/openapi.json', 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'patch', 'put', 'delete'].includes(method))
      .map(([method, op]) => ({
        operationId: op.operationId ?? `${method} ${path}`,
        method: method.toUpperCase() as HttpMethod,
        path,
        responses: Object.keys(op.responses ?? {}),
      })),
  );
}

/** Ids a request needs; a fixture fills what its row uses. */
type Fixture = Record<string, string>;

interface Row {
  /** Builds what the request acts on (fresh per actor for non-GET rows). Default: the shared scenario. */
  fixture?: () => Promise<Fixture>;
  /** Values for the `{id}` / `{handle}` placeholders. */
  params?: (fx: Fixture) => Record<string, string>;
  query?: Record<string, string>;
  body?: (fx: Fixture) => unknown;
  /** The client to use, when the actor's usual one will not do (sign-out needs a session of its own). */
  client?: (actor: Actor) => Promise<TestClient>;
  expect: Expect;
}

const all = (status: number): Expect => ({
  anonymous: status,
  unrelated: status,
  owner: status,
  helper: status,
  admin: status,
});
const signedIn = (status: number, anonymous = 401): Expect => ({ ...all(status), anonymous });
const only = (who: Actor[], ok: number, others: number): Expect => ({
  ...all(others),
  anonymous: 401,
  ...Object.fromEntries(who.map((a) => [a, ok])),
});

let t: TestApp;
const m = {} as Record<Exclude<Actor, 'anonymous'>, LoopMember>;
let scenario: Fixture;
let throwaway: { email: string; password: string };

const clientOf = (actor: Actor): TestClient => (actor === 'anonymous' ? t.client() : m[actor].client.clone());

// Fixture builders (through the API, as the actors would).
const openOverflowWithOffer = async (): Promise<Fixture> => {
  const o = await postOverflow(m.owner.client, { title: 'Matrix: open' });
  const offer = await makeOffer(t, m.helper.client, o.id);
  return { overflowId: o.id, offerId: offer.id };
};
const questionOnOpen = async (): Promise<Fixture> => {
  const o = await postOverflow(m.owner.client, { title: 'Matrix: questions' });
  const res = await m.helper.client.post<{ id: string }>(`overflow/${o.id}/questions`, {
    body: 'Is this still open for questions?',
  });
  if (res.status !== 201) throw new Error(`question fixture: ${res.text}`);
  return { overflowId: o.id, questionId: res.body.id };
};
const activeEngagement = async (): Promise<Fixture> => ({
  engagementId: (await startEngagement(t, m.owner.client, m.helper.client)).engagementId,
});
const deliveredOne = async (): Promise<Fixture> => ({
  engagementId: (await deliveredEngagement(t, m.owner.client, m.helper.client)).engagementId,
});
const ownersRecord = async (): Promise<Fixture> => ({
  workRecordId: (await createWorkRecord(m.owner.client)).id,
});
const noticedByHelper = async (): Promise<Fixture> => {
  const record = await createWorkRecord(m.owner.client, { title: 'Matrix talk', kind: 'talk' });
  const res = await m.helper.client.post<{ id: string }>('noticed', {
    workRecordId: record.id,
    message: 'I noticed this talk of yours; very good.',
  });
  if (res.status !== 201) throw new Error(`noticed fixture: ${res.text}`);
  return { noticedId: res.body.id };
};

/** Every member the factories make has this password (registrationBody). */
const DEFAULT_PASSWORD = registrationBody().password;

const review = { rating: 5, endorsement: 'Thorough and kind.', skills: [] };

/** operationId → what each actor gets. */
const matrix: Record<string, Row> = {
  // --- auth (public endpoints answer everyone the same way) --------------------------------------------
  register: { body: () => registrationBody(), expect: all(202) },
  verifyEmail: { body: () => ({ token: 'x'.repeat(43) }), expect: all(400) },
  resendVerification: { expect: signedIn(409) }, // everyone here has confirmed their email
  login: { body: () => throwaway, expect: all(200) },
  logout: {
    client: async (actor) => (actor === 'anonymous' ? t.client() : signIn(t.app, m[actor])),
    expect: signedIn(204),
  },
  getSession: { expect: all(200) },
  requestPasswordReset: { body: () => ({ email: 'nobody@example.org' }), expect: all(202) },
  resetPassword: {
    body: () => ({ token: 'x'.repeat(43), password: 'a new long password' }),
    expect: all(400),
  },
  // --- account security (issue 10): each actor changes a fresh account of their own, so the shared actors
  // keep their passwords and sessions; sessions and audit lines are your own only -------------------------
  changePassword: {
    client: async (actor) => (actor === 'anonymous' ? t.client() : (await registerMember(t.app)).client),
    body: () => ({ currentPassword: DEFAULT_PASSWORD, newPassword: 'a brand new long password' }),
    expect: signedIn(200),
  },
  changeEmail: {
    client: async (actor) => (actor === 'anonymous' ? t.client() : (await registerMember(t.app)).client),
    body: () => ({ currentPassword: DEFAULT_PASSWORD, newEmail: `${unique('moved')}@example.org` }),
    expect: signedIn(202),
  },
  confirmEmailChange: { body: () => ({ token: 'x'.repeat(43) }), expect: all(400) },
  listSessions: { expect: signedIn(200) },
  revokeSession: {
    fixture: async () => {
      await signIn(t.app, m.owner);
      const res = await m.owner.client.get<{ items: { id: string; current: boolean }[] }>('auth/sessions');
      return { sessionId: res.body.items.find((s) => !s.current)!.id };
    },
    params: (fx) => ({ id: fx.sessionId! }),
    expect: only(['owner'], 204, 404),
  },
  // Your own events for everyone signed in; everyone's (scope=all) for admins only.
  listAuditLog: { query: { scope: 'all' }, expect: only(['admin'], 200, 403) },
  // --- access tokens (your own only) --------------------------------------------------------------------
  listAccessTokens: { expect: signedIn(200) },
  createAccessToken: { body: () => ({ name: 'matrix' }), expect: signedIn(201) },
  revokeAccessToken: {
    fixture: async () => ({ tokenId: (await createAccessToken(m.owner.client, { name: 'owner-token' })).id }),
    params: (fx) => ({ id: fx.tokenId! }),
    expect: only(['owner'], 204, 404),
  },
  // --- account deletion (your own; a wrong confirmation changes nothing) -----------------------------------
  requestAccountDeletion: {
    body: () => ({ password: 'not the password', handle: 'not-my-handle' }),
    expect: signedIn(400),
  },
  cancelAccountDeletion: { expect: signedIn(200) },
  // --- members and work records ---------------------------------------------------------------------------
  getMember: { params: () => ({ handle: m.owner.handle }), expect: all(200) },
  updateMe: { body: () => ({ headline: 'Matrix tester' }), expect: signedIn(200) },
  listWorkRecords: { params: () => ({ handle: m.owner.handle }), expect: all(200) },
  createWorkRecord: { body: () => workRecordBody(), expect: signedIn(201) },
  updateWorkRecord: {
    fixture: ownersRecord,
    params: (fx) => ({ id: fx.workRecordId! }),
    body: () => ({ title: 'Edited by someone' }),
    expect: only(['owner'], 200, 404),
  },
  deleteWorkRecord: {
    fixture: ownersRecord,
    params: (fx) => ({ id: fx.workRecordId! }),
    expect: only(['owner'], 204, 404),
  },
  listSkills: { expect: all(200) },
  // --- instance --------------------------------------------------------------------------------------------
  getInstance: { expect: all(200) },
  updateInstance: { body: () => ({ name: 'Slipstream' }), expect: only(['admin'], 200, 403) },
  createInvite: { expect: only(['admin'], 201, 403) },
  getMemberTrust: { params: () => ({ handle: m.helper.handle }), expect: only(['admin'], 200, 403) },
  setMemberTrusted: {
    params: () => ({ handle: m.unrelated.handle }),
    body: () => ({ trusted: false }),
    expect: only(['admin'], 200, 403),
  },
  // --- the admin outbox (reading a member's email: admins only) ----------------------------------------
  adminListOutbox: { query: { status: 'sent' }, expect: only(['admin'], 200, 403) },
  adminGetOutboxMessage: { params: (fx) => ({ id: fx.outboxId! }), expect: only(['admin'], 200, 403) },
  // --- moderation (admins; any confirmed member may report what they can see) ----------------------------
  adminListMembers: { query: { q: 'a' }, expect: only(['admin'], 200, 403) },
  adminSetRole: {
    params: () => ({ handle: m.unrelated.handle }),
    body: () => ({ trusted: false }),
    expect: only(['admin'], 200, 403),
  },
  suspendMember: {
    fixture: async () => ({ handle: (await verifiedMember(t)).handle }),
    params: (fx) => ({ handle: fx.handle! }),
    body: () => ({ reason: 'Matrix suspension' }),
    expect: only(['admin'], 200, 403),
  },
  reinstateMember: {
    fixture: async () => {
      const member = await verifiedMember(t);
      await t.app.ctx.db
        .updateTable('members')
        .set({ suspended_at: new Date().toISOString() })
        .where('id', '=', member.id)
        .execute();
      return { handle: member.handle };
    },
    params: (fx) => ({ handle: fx.handle! }),
    expect: only(['admin'], 200, 403),
  },
  reportContent: {
    fixture: async () => ({
      overflowId: (await postOverflow(m.owner.client, { title: 'Matrix: report' })).id,
    }),
    body: (fx) => ({ subjectType: 'overflow', subjectId: fx.overflowId!, reason: 'spam' }),
    expect: { anonymous: 401, unrelated: 201, owner: 400, helper: 201, admin: 201 },
  },
  listReports: { expect: only(['admin'], 200, 403) },
  resolveReport: {
    fixture: async () => {
      const o = await postOverflow(m.owner.client, { title: 'Matrix: reported' });
      const res = await m.unrelated.client.post<{ id: string }>('reports', {
        subjectType: 'overflow',
        subjectId: o.id,
        reason: 'spam',
      });
      if (res.status !== 201) throw new Error(`report fixture: ${res.text}`);
      return { reportId: res.body.id };
    },
    params: (fx) => ({ id: fx.reportId! }),
    body: () => ({ action: 'dismiss' }),
    expect: only(['admin'], 200, 403),
  },
  // --- discovery: search and matching -------------------------------------------------------------------
  searchOverflow: { query: { q: 'matrix' }, expect: all(200) },
  searchMembers: { query: { q: 'matrix' }, expect: all(200) },
  recommendOverflow: { expect: signedIn(200) },
  suggestHelpers: {
    params: (fx) => ({ id: fx.membersOverflowId! }),
    expect: only(['owner'], 200, 403),
  },
  inviteToOffer: {
    fixture: openOverflowWithOffer,
    params: (fx) => ({ id: fx.overflowId! }),
    body: () => ({ handle: m.unrelated.handle }),
    expect: only(['owner'], 201, 403),
  },
  // --- overflow ---------------------------------------------------------------------------------------------
  listOverflow: { expect: all(200) },
  createOverflow: { body: () => overflowBody(), expect: signedIn(201) },
  getOverflow: {
    params: (fx) => ({ id: fx.membersOverflowId! }), // members only: anonymous visitors get 404
    expect: { ...all(200), anonymous: 404 },
  },
  updateOverflow: {
    fixture: openOverflowWithOffer,
    params: (fx) => ({ id: fx.overflowId! }),
    body: () => ({ title: 'Edited overflow' }),
    expect: only(['owner'], 200, 403),
  },
  cancelOverflow: {
    fixture: openOverflowWithOffer,
    params: (fx) => ({ id: fx.overflowId! }),
    expect: only(['owner'], 200, 403),
  },
  // --- questions on a posting (issue 8) ------------------------------------------------------------------------
  listQuestions: {
    params: (fx) => ({ id: fx.membersOverflowId! }), // members only: anonymous visitors get 404
    expect: { ...all(200), anonymous: 404 },
  },
  askQuestion: {
    fixture: async () => ({ overflowId: (await postOverflow(m.owner.client)).id }),
    params: (fx) => ({ id: fx.overflowId! }),
    body: () => ({ body: 'What does done look like?' }),
    expect: { anonymous: 401, unrelated: 201, owner: 403, helper: 201, admin: 201 },
  },
  answerQuestion: {
    fixture: questionOnOpen,
    params: (fx) => ({ id: fx.questionId! }),
    body: () => ({ answer: 'Yes, it is.' }),
    expect: only(['owner'], 200, 403),
  },
  hideQuestion: {
    fixture: questionOnOpen,
    params: (fx) => ({ id: fx.questionId! }),
    body: () => ({ hidden: true }),
    expect: only(['owner'], 200, 403),
  },
  // --- offers -----------------------------------------------------------------------------------------------
  getMyCapacity: { expect: signedIn(200) },
  createOffer: {
    fixture: async () => ({ overflowId: (await postOverflow(m.owner.client)).id }),
    params: (fx) => ({ id: fx.overflowId! }),
    body: () => offerBody(t),
    expect: { anonymous: 401, unrelated: 201, owner: 403, helper: 201, admin: 201 },
  },
  listOffersForOverflow: { params: (fx) => ({ id: fx.membersOverflowId! }), expect: signedIn(200) },
  listMyOffers: { expect: signedIn(200) },
  withdrawOffer: {
    fixture: openOverflowWithOffer,
    params: (fx) => ({ id: fx.offerId! }),
    expect: only(['helper'], 200, 404),
  },
  declineOffer: {
    fixture: openOverflowWithOffer,
    params: (fx) => ({ id: fx.offerId! }),
    body: () => ({ note: 'Thanks, not this time.' }),
    expect: only(['owner'], 200, 403),
  },
  acceptOffer: {
    fixture: openOverflowWithOffer,
    params: (fx) => ({ id: fx.offerId! }),
    expect: only(['owner'], 201, 403),
  },
  // --- engagements (the parties only; admins read) ------------------------------------------------------
  getEngagement: {
    params: (fx) => ({ id: fx.engagementId! }),
    expect: { anonymous: 401, unrelated: 404, owner: 200, helper: 200, admin: 200 },
  },
  listMyEngagements: { expect: signedIn(200) },
  submitDelivery: {
    fixture: activeEngagement,
    params: (fx) => ({ id: fx.engagementId! }),
    body: () => ({ note: 'Delivered.', links: [] }),
    expect: { anonymous: 401, unrelated: 404, owner: 403, helper: 201, admin: 404 },
  },
  requestRevision: {
    fixture: deliveredOne,
    params: (fx) => ({ id: fx.engagementId! }),
    body: () => ({ note: 'One more pass.' }),
    expect: { anonymous: 401, unrelated: 404, owner: 201, helper: 403, admin: 404 },
  },
  completeEngagement: {
    fixture: deliveredOne,
    params: (fx) => ({ id: fx.engagementId! }),
    body: () => review,
    expect: { anonymous: 401, unrelated: 404, owner: 200, helper: 403, admin: 404 },
  },
  abandonEngagement: {
    fixture: activeEngagement,
    params: (fx) => ({ id: fx.engagementId! }),
    body: () => ({ reason: 'Matrix.' }),
    expect: only(['owner', 'helper'], 200, 404),
  },
  // --- the engagement conversation ------------------------------------------------------------------
  listEngagementMessages: {
    params: (fx) => ({ id: fx.engagementId! }),
    expect: { anonymous: 401, unrelated: 404, owner: 200, helper: 200, admin: 200 },
  },
  sendEngagementMessage: {
    fixture: activeEngagement,
    params: (fx) => ({ id: fx.engagementId! }),
    body: () => ({ body: 'Matrix message.' }),
    expect: { anonymous: 401, unrelated: 404, owner: 201, helper: 201, admin: 403 },
  },
  editEngagementMessage: {
    fixture: async () => {
      const fx = await activeEngagement();
      const res = await m.helper.client.post<{ id: string }>(`engagements/${fx.engagementId}/messages`, {
        body: 'Matrix message to edit.',
      });
      if (res.status !== 201) throw new Error(`message fixture: ${res.text}`);
      return { ...fx, messageId: res.body.id };
    },
    params: (fx) => ({ id: fx.engagementId!, messageId: fx.messageId! }),
    body: () => ({ body: 'Edited.' }),
    expect: { anonymous: 401, unrelated: 404, owner: 403, helper: 200, admin: 403 },
  },
  markEngagementRead: {
    fixture: activeEngagement,
    params: (fx) => ({ id: fx.engagementId! }),
    expect: { anonymous: 401, unrelated: 404, owner: 200, helper: 200, admin: 403 },
  },
  // --- ties, ledger, noticed, thanks --------------------------------------------------------------------
  listTies: { expect: signedIn(200) },
  getMyNetwork: { expect: signedIn(200) },
  listKeepInTouch: { expect: signedIn(200) },
  getLedger: { expect: signedIn(200) },
  sendNoticed: {
    fixture: ownersRecord,
    body: (fx) => ({ workRecordId: fx.workRecordId, message: 'I noticed this and learned from it.' }),
    expect: { anonymous: 401, unrelated: 201, owner: 400, helper: 201, admin: 201 },
  },
  listNoticed: { expect: signedIn(200) },
  acceptNoticed: {
    fixture: noticedByHelper,
    params: (fx) => ({ id: fx.noticedId! }),
    expect: only(['owner'], 200, 404),
  },
  ignoreNoticed: {
    fixture: noticedByHelper,
    params: (fx) => ({ id: fx.noticedId! }),
    expect: only(['owner'], 200, 404),
  },
  sendThanks: {
    body: () => ({ toHandle: m.helper.handle, message: 'Thank you!' }),
    // The owner and the helper share a tie; thanking yourself is a 400; nobody else may thank the helper.
    expect: { anonymous: 401, unrelated: 403, owner: 201, helper: 400, admin: 403 },
  },
  listThanks: { params: () => ({ handle: m.helper.handle }), expect: all(200) },
  // --- the member home and insights (issue 8) ---------------------------------------------------------
  getNeedsYou: { expect: signedIn(200) },
  getMyInsights: { expect: signedIn(200) },
  // Private until an admin makes the community insights public (instance_settings.insights_public).
  getInstanceInsights: { expect: { ...only(['admin'], 200, 403), anonymous: 401 } },
  // --- notifications ------------------------------------------------------------------------------------
  listNotifications: { expect: signedIn(200) },
  markNotificationsRead: { body: () => ({ all: true }), expect: signedIn(200) },
  // --- email settings (your own) and unsubscribe (the signed token is the authority: public) ---------------
  getEmailSettings: { expect: signedIn(200) },
  updateEmailSettings: { body: () => ({ kinds: { tie_formed: 'off' } }), expect: signedIn(200) },
  describeUnsubscribe: { query: { token: 'x.y' }, expect: all(400) },
  unsubscribeOneClick: { query: { token: 'x.y' }, expect: all(400) },
  resubscribeByToken: { body: () => ({ token: 'x.y' }), expect: all(400) },
  // --- the member's export (issue 10: your own only; another member's is not found) -------------------------
  requestExport: { expect: signedIn(202) },
  listExports: { expect: signedIn(200) },
  getExport: {
    params: (fx) => ({ id: fx.exportId! }),
    expect: only(['owner'], 200, 404),
  },
  downloadExport: {
    params: (fx) => ({ id: fx.exportId! }),
    expect: only(['owner'], 200, 404),
  },
};

beforeAll(async () => {
  t = await createTestApp();
  // The first account on an instance is its administrator.
  const admin = await registerMember(t.app, { handle: 'admin' });
  await verifyEmail(t, admin.email);
  m.admin = { ...admin, id: admin.member.id };
  m.owner = await verifiedMember(t);
  m.helper = await verifiedMember(t);
  m.unrelated = await verifiedMember(t);
  const spare = await registerMember(t.app);
  throwaway = { email: spare.email, password: spare.password };
  // The helper takes on many fixtures: keep the focus guard out of this suite's way (it has suites of its own).
  await t.app.ctx.db.updateTable('members').set({ capacity: 1000 }).where('id', '=', m.helper.id).execute();

  const members = await postOverflow(m.owner.client, {
    title: 'Matrix: members only',
    visibility: 'members',
    dueOn: dateIn(t, 30),
  });
  await makeOffer(t, m.helper.client, members.id);
  await completedEngagement(t, m.owner.client, m.helper.client); // a tie between owner and helper
  const active = await startEngagement(t, m.owner.client, m.helper.client);
  const email = await t.app.ctx.db.selectFrom('email_outbox').select('id').executeTakeFirstOrThrow();
  const exported = await m.owner.client.post<{ id: string }>('me/exports');
  if (exported.status !== 202) throw new Error(`export fixture: ${exported.text}`);
  await answeredWorkIdle(t.app.ctx); // the request builds it at once
  scenario = {
    membersOverflowId: members.id,
    engagementId: active.engagementId,
    outboxId: email.id,
    exportId: exported.body.id,
  };
});
afterAll(() => t.close());

/** After each mutating case: no pending offers or noticed notes pile up (the focus guard and weekly limits). */
async function tidy(): Promise<void> {
  const db = t.app.ctx.db;
  await db
    .updateTable('offers')
    .set({ status: 'withdrawn' })
    .where('status', '=', 'pending')
    .where('overflow_id', '!=', scenario.membersOverflowId!)
    .execute();
  await db.deleteFrom('noticed_notes').execute();
}

function urlOf(op: Operation, params: Record<string, string>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${op.operationId}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}

const operations = documentedOperations();

describe('the authorisation matrix', () => {
  it('the OpenAPI document lists the operations of the API', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
    expect(operations.map((o) => o.operationId)).toEqual(
      expect.arrayContaining(['createOverflow', 'acceptOffer', 'register']),
    );
  });

  it('has a row for every operation in the OpenAPI document, and no row for an operation that is not there', () => {
    const documented = operations.map((o) => o.operationId);
    expect(
      documented.filter((id) => !(id in matrix)),
      'operations without a row in the matrix',
    ).toEqual([]);
    expect(
      Object.keys(matrix).filter((id) => !documented.includes(id)),
      'rows for unknown operations',
    ).toEqual([]);
  });

  it("documents every status the matrix expects in the operation's responses", () => {
    const undocumented = operations.flatMap((op) => {
      const row = matrix[op.operationId];
      if (!row) return [];
      return [...new Set(Object.values(row.expect))]
        .filter((s) => !op.responses.includes(String(s)))
        .map((s) => `${op.operationId} ${s}`);
    });
    expect(undocumented).toEqual([]);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))('%s', async (_id, op) => {
    const row = matrix[op.operationId];
    if (!row)
      throw new Error(`No row in the authorisation matrix for ${op.operationId} (${op.method} ${op.path}).`);
    const mutating = op.method !== 'GET';
    const got: Partial<Record<Actor, number>> = {};
    const failures: string[] = [];
    for (const actor of ACTORS) {
      const fx = mutating && row.fixture ? await row.fixture() : scenario;
      const client = row.client ? await row.client(actor) : clientOf(actor);
      const res: TestResponse = await client.request(op.method, urlOf(op, row.params?.(fx) ?? {}), {
        ...(row.body && { body: row.body(fx) }),
        ...(row.query && { query: row.query }),
      });
      got[actor] = res.status;
      if (res.status !== row.expect[actor])
        failures.push(`${actor}: ${res.status} ${res.text.slice(0, 200)}`);
      if (res.status >= 400) expectErrorShape(res);
      expect(res.status, `${actor} got a server error`).toBeLessThan(500);
      if (mutating) await tidy();
    }
    expect(got, failures.join('\n')).toEqual(row.expect);
  });
});
