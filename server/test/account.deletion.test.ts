// Issue 10 — account deletion: requestAccountDeletion / cancelAccountDeletion, the 7-day grace period (signing
// in cancels it), and the deletion job: what the member still had going ends with a notice to the other party,
// their personal data goes, what others own moves to a tombstone, and no table keeps their id, email, name or
// handle (docs/account-deletion.md).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createWorkRecord, registerMember, signIn, unique } from './helpers/factories.js';
import {
  completedEngagement,
  deliveredEngagement,
  makeOffer,
  notificationsOfType,
  postOverflow,
  secondApp,
  startEngagement,
  tokenClient,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';
import { captureStatements, sqlitePlan } from './helpers/statements.js';
import { testDialect } from './setup/database.js';
import { MEMBER_REFERENCES } from '../src/modules/account/deletion.repository.js';
import { DELETION_GRACE_MS, runDeletionJob } from '../src/modules/account/deletion.service.js';
import type { EngagementView } from '../src/modules/engagements/engagements.service.js';
import type { OverflowDetail } from '../src/modules/overflow/overflow.service.js';
import { DAY, HOUR } from '../src/shared/clock.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' }); // the first member is the administrator
});
afterAll(() => t.close());

interface DeletionState {
  requestedAt: string | null;
  dueAt: string | null;
  message: string;
}

const db = () => t.app.ctx.db;
const request = (m: LoopMember, body: { password?: string; handle?: string } = {}) =>
  m.client.post<DeletionState>('me/deletion', { password: m.password, handle: m.handle, ...body });
const session = async (m: LoopMember) =>
  (await m.client.get<{ member: { deletionDueAt: string | null } }>('auth/session')).body.member;
const auditActions = async (memberId: string) =>
  (
    await db()
      .selectFrom('audit_log')
      .select('action')
      .where('member_id', '=', memberId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map((r) => r.action);

/** A member with a name, handle and email found nowhere else in the database. */
const leaverOverrides = () => {
  const handle = unique('leaver');
  return { handle, name: `Quillon ${handle} Vexmoor`, email: `${handle}.xq@example.org` };
};

describe('asking for deletion', () => {
  it('needs a session, the handle typed and the current password; starts 7 days and emails the date', async () => {
    const m = await verifiedMember(t, leaverOverrides());
    expectError(await t.client().post('me/deletion', { password: 'x', handle: 'x' }), 401, 'UNAUTHENTICATED');
    const token = await tokenClient(m);
    expectError(
      await token.post('me/deletion', { password: m.password, handle: m.handle }),
      403,
      'SESSION_REQUIRED',
    );
    expectError(await request(m, { handle: 'someone-else' }), 400, 'DELETION_HANDLE_MISMATCH');
    expectError(await request(m, { password: 'not my password at all' }), 400, 'DELETION_PASSWORD_INCORRECT');
    expectValidationError(await m.client.post('me/deletion', { handle: m.handle }), 'body.password');
    expect((await session(m)).deletionDueAt).toBeNull();

    const now = t.clock.now();
    const res = await request(m, { handle: `@${m.handle.toUpperCase()}` });
    expect(res.status, res.text).toBe(202);
    expect(res.body.dueAt).toBe(new Date(now.getTime() + DELETION_GRACE_MS).toISOString());
    expect((await session(m)).deletionDueAt).toBe(res.body.dueAt);
    expect(await auditActions(m.id)).toContain('security.deletion_requested');
    const email = await t.lastEmailTo(m.email);
    expect(email.subject).toMatch(/will be deleted on/);
    expect(email.text).toContain(String(new Date(res.body.dueAt!).getUTCFullYear()));
    expect(email.text).toMatch(/sign in before that date/i);
    expect(email.text).toContain('/settings/account');

    expectError(await request(m), 409, 'DELETION_ALREADY_PENDING');
    expect((await m.client.delete('me/deletion')).status).toBe(200);
  });

  it('is cancelled by cancelAccountDeletion, with an email and an audit line; cancelling twice is fine', async () => {
    const m = await verifiedMember(t, leaverOverrides());
    expect((await request(m)).status).toBe(202);
    t.clock.advance(HOUR);
    const res = await m.client.delete<DeletionState>('me/deletion');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ dueAt: null, message: expect.stringMatching(/cancelled/) });
    expect((await session(m)).deletionDueAt).toBeNull();
    expect(await auditActions(m.id)).toEqual(
      expect.arrayContaining(['security.deletion_requested', 'security.deletion_cancelled']),
    );
    expect((await t.lastEmailTo(m.email)).subject).toMatch(/will not be deleted/);
    const again = await m.client.delete<DeletionState>('me/deletion');
    expect(again.status).toBe(200);
    expect(again.body.message).toMatch(/was not due/);
  });

  it('is cancelled by signing in during the grace period, and the member is told', async () => {
    const m = await verifiedMember(t, leaverOverrides());
    expect((await request(m)).status).toBe(202);
    t.clock.advance(3 * DAY);
    const fresh = await signIn(t.app, m);
    const me = await fresh.get<{ member: { deletionDueAt: string | null } }>('auth/session');
    expect(me.body.member.deletionDueAt).toBeNull();
    const email = await t.lastEmailTo(m.email);
    expect(email.text).toMatch(/You signed in .* so the deletion of your account is cancelled/);
    const row = await db()
      .selectFrom('audit_log')
      .select('detail')
      .where('member_id', '=', m.id)
      .where('action', '=', 'security.deletion_cancelled')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.detail)).toEqual({ by: 'sign_in' });
    t.clock.advance(8 * DAY);
    expect(await runDeletionJob(t.app.ctx)).toBe(0);
    expect((await t.client().get(`members/${m.handle}`)).status).toBe(200);
  });
});

describe('the deletion job', () => {
  let leaver: LoopMember;
  let owner: LoopMember;
  let helper: LoopMember;
  let helper2: LoopMember;
  const fx = {} as Record<string, string>;

  beforeAll(async () => {
    leaver = await verifiedMember(t, { ...leaverOverrides(), capacity: 5 });
    owner = await verifiedMember(t);
    helper = await verifiedMember(t);
    helper2 = await verifiedMember(t);

    // Done together before: helper's verified work with the leaver's endorsement, and a tie.
    const done = await completedEngagement(
      t,
      leaver.client,
      helper.client,
      { title: 'Done with the leaver' },
      {
        endorsement: 'Careful, quick and kind work.',
      },
    );
    fx.completedId = done.engagementId;
    fx.helperRecordId = done.engagement.workRecordId!;
    // The leaver helped the owner before too: a verified record of the leaver's own.
    await completedEngagement(t, owner.client, leaver.client, { title: 'The leaver helped here' });
    // Open overflow of theirs, with a pending offer from helper.
    const open = await postOverflow(leaver.client, { title: 'Leaver open posting' });
    fx.openOverflowId = open.id;
    fx.offerOnOpen = (await makeOffer(t, helper.client, open.id)).id;
    // A direct ask to the leaver (they have a tie with the helper from the work done together).
    const ask = await postOverflow(helper.client, {
      title: 'Helper asks the leaver directly',
      visibility: 'ask',
      askHandle: leaver.handle,
    });
    fx.askToLeaver = ask.id;
    // Their pending offer on owner's overflow.
    const owners = await postOverflow(owner.client, { title: 'Owner posting with a leaver offer' });
    fx.ownersOverflowId = owners.id;
    fx.leaverOffer = (await makeOffer(t, leaver.client, owners.id)).id;
    // Active engagement: leaver helps owner.
    const active = await startEngagement(t, owner.client, leaver.client, { title: 'Leaver helps owner' });
    fx.activeAsHelper = active.engagementId;
    fx.activeAsHelperOverflow = active.overflow.id;
    // Delivered engagement: helper2 delivered to the leaver (owner side).
    const delivered = await deliveredEngagement(t, leaver.client, helper2.client, {
      title: 'Delivered to the leaver',
    });
    fx.deliveredToLeaver = delivered.engagementId;
    fx.deliveredOverflow = delivered.overflow.id;
    // Things they wrote: a message, a question, a noticed note, a thanks note, a self-reported record.
    const msg = await leaver.client.post(`engagements/${fx.activeAsHelper}/messages`, {
      body: `Hello from ${leaver.member.name}, reach me at ${leaver.email}`,
    });
    expect(msg.status, msg.text).toBe(201);
    const reply = await owner.client.post(`engagements/${fx.activeAsHelper}/messages`, {
      body: 'Thanks, talk soon.',
    });
    expect(reply.status).toBe(201);
    const q = await leaver.client.post(`overflow/${owners.id}/questions`, {
      body: 'Is there a deadline for this?',
    });
    expect(q.status, q.text).toBe(201);
    const ownerRecord = await createWorkRecord(owner.client, { title: 'Owner talk', kind: 'talk' });
    const noticed = await leaver.client.post('noticed', {
      workRecordId: ownerRecord.id,
      message: 'I noticed this talk; it helped me a lot.',
    });
    expect(noticed.status, noticed.text).toBe(201);
    const thanks = await leaver.client.post('thanks', {
      toHandle: helper.handle,
      message: 'Thank you for the help!',
    });
    expect(thanks.status, thanks.text).toBe(201);
    await createWorkRecord(leaver.client, { title: 'My self-reported talk', kind: 'talk' });
    // Someone noticed the leaver's work.
    const leaverRecords = await db()
      .selectFrom('work_records')
      .select('id')
      .where('member_id', '=', leaver.id)
      .execute();
    const aboutLeaver = await helper.client.post('noticed', {
      workRecordId: leaverRecords[0]!.id,
      message: 'Noticed your work here.',
    });
    expect(aboutLeaver.status, aboutLeaver.text).toBe(201);
    await tokenClient(leaver); // an access token too

    expect((await request(leaver)).status).toBe(202);
    const tie = await tieOf(leaver.id, helper.id);
    fx.leaverGaveHelper = String(gave(tie, leaver.id, helper.id));
    fx.helperGaveLeaver = String(gave(tie, helper.id, leaver.id));
  });

  it('waits out the grace period', async () => {
    t.clock.advance(DELETION_GRACE_MS - HOUR);
    expect(await runDeletionJob(t.app.ctx)).toBe(0);
    expect((await t.client().get(`members/${leaver.handle}`)).status).toBe(200);
  });

  it('runs once, even with two processes at it', async () => {
    t.clock.advance(2 * HOUR);
    // On PostgreSQL a second app (another pool: another process, as far as the database can tell); SQLite's
    // connections in one process would wait on each other's write lock synchronously, so they share one there.
    const other = testDialect() === 'postgres' ? await secondApp(t) : t.app;
    try {
      const [a, b] = await Promise.all([runDeletionJob(t.app.ctx), runDeletionJob(other.ctx)]);
      expect(a + b).toBe(1);
    } finally {
      if (other !== t.app) await other.close();
    }
    expect(await runDeletionJob(t.app.ctx)).toBe(0);
    expect(
      await db().selectFrom('members').select('id').where('id', '=', leaver.id).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('cancels their open overflow and declines its pending offers, telling the helper', async () => {
    const o = await owner.client.get<OverflowDetail>(`overflow/${fx.openOverflowId}`);
    expect(o.body.status).toBe('cancelled');
    expect(o.body.owner).toMatchObject({ former: true, handle: '', name: 'a former member' });
    const offer = await db()
      .selectFrom('offers')
      .select('status')
      .where('id', '=', fx.offerOnOpen!)
      .executeTakeFirstOrThrow();
    expect(offer.status).toBe('declined');
    const declined = await notificationsOfType(helper.client, 'offer_declined');
    expect(declined.some((n) => n.subject.id === fx.offerOnOpen)).toBe(true);
  });

  it('closes direct asks made to them, and tells whoever asked', async () => {
    const o = await helper.client.get<OverflowDetail>(`overflow/${fx.askToLeaver}`);
    expect(o.status, o.text).toBe(200);
    expect(o.body.status).toBe('cancelled');
    const closed = await notificationsOfType(helper.client, 'ask_closed');
    expect(closed.map((n) => n.subject.id)).toEqual([fx.askToLeaver]);
    expect(closed[0]).toMatchObject({ path: `/overflow/${fx.askToLeaver}` });
    expect(closed[0]!.text).toMatch(/has left Slipstream/);
  });

  it('withdraws their pending offers', async () => {
    const offer = await db()
      .selectFrom('offers')
      .select(['status', 'pitch'])
      .where('id', '=', fx.leaverOffer!)
      .executeTakeFirstOrThrow();
    expect(offer).toEqual({ status: 'withdrawn', pitch: '' });
  });

  it('abandons their engagements with a notice (in the app and by email) to the other party', async () => {
    for (const [id, other] of [
      [fx.activeAsHelper!, owner],
      [fx.deliveredToLeaver!, helper2],
    ] as const) {
      const e = await other.client.get<EngagementView>(`engagements/${id}`);
      expect(e.status, e.text).toBe(200);
      expect(e.body.status).toBe('abandoned');
      expect(e.body.abandoned?.reason).toMatch(/deleted their account/);
      const notes = await notificationsOfType(other.client, 'engagement_abandoned');
      expect(notes.some((n) => n.subject.id === id)).toBe(true);
    }
    const e = await owner.client.get<EngagementView>(`engagements/${fx.activeAsHelper}`);
    expect(e.body.helper).toMatchObject({ former: true, name: 'a former member' });
    // The owner's overflow reopened for new offers; the leaver's own (delivered to them) is cancelled.
    expect(
      (await owner.client.get<OverflowDetail>(`overflow/${fx.activeAsHelperOverflow}`)).body.status,
    ).toBe('open');
    expect((await helper2.client.get<OverflowDetail>(`overflow/${fx.deliveredOverflow}`)).body.status).toBe(
      'cancelled',
    );
    await t.sendQueuedMail();
    expect(
      t.mailer
        .to(helper2.email)
        .some((m) => /has stopped/.test(m.subject) && m.text.includes('deleted their account')),
    ).toBe(true);
  });

  it("keeps what others own: the helper's verified record and its endorsement, the tie, the ledger", async () => {
    const record = await db()
      .selectFrom('work_records')
      .selectAll()
      .where('id', '=', fx.helperRecordId!)
      .executeTakeFirstOrThrow();
    expect(record.endorsement).toBe('Careful, quick and kind work.');
    const profile = await helper.client.get<{
      items: { id: string; verifiedBy: { handle: string; name: string } | null }[];
    }>(`members/${helper.handle}/work-records`, { query: { verified: 'true' } });
    expect(profile.status, profile.text).toBe(200);
    const shown = profile.body.items.find((r) => r.id === fx.helperRecordId);
    expect(shown?.verifiedBy).toEqual({ handle: '', name: 'a former member' });
    const ties = await helper.client.get<{ items: { member: { handle: string; name: string } }[] }>(
      'me/ties',
    );
    expect(ties.status, ties.text).toBe(200);
    expect(ties.body.items.some((x) => x.member.name === 'a former member')).toBe(true);
    // The tie moved to the tombstone with what each gave the other (member_a stays the smaller id).
    const tomb = await db()
      .selectFrom('members')
      .select('id')
      .where('deleted_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const tie = await tieOf(tomb.id, helper.id);
    expect(tie.member_a < tie.member_b).toBe(true);
    expect(String(gave(tie, tomb.id, helper.id))).toBe(fx.leaverGaveHelper);
    expect(String(gave(tie, helper.id, tomb.id))).toBe(fx.helperGaveLeaver);
    expect(Number(fx.leaverGaveHelper) + Number(fx.helperGaveLeaver)).toBeGreaterThan(0);
    const ledger = await db()
      .selectFrom('ledger_entries')
      .select(sql<number>`count(*)`.as('n'))
      .where((eb) => eb.or([eb('giver_id', '=', helper.id), eb('receiver_id', '=', helper.id)]))
      .executeTakeFirstOrThrow();
    expect(Number(ledger.n)).toBeGreaterThan(0);
  });

  it('leaves neither their id, nor their email, name or handle, in any text column of any table', async () => {
    const needles = [leaver.id, leaver.email, leaver.member.name, leaver.handle];
    const tables = await textColumns();
    expect(tables.get('members')).toEqual(expect.arrayContaining(['id', 'email', 'name', 'handle']));
    const found: string[] = [];
    for (const [table, columns] of tables) {
      for (const column of columns) {
        for (const needle of needles) {
          const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}
            where cast(${sql.ref(column)} as text) like ${`%${needle}%`}`.execute(db());
          if (Number(rows[0]!.n) > 0) found.push(`${table}.${column} ∋ ${needle}`);
        }
      }
    }
    expect(found).toEqual([]);
    // The people index has no document for them.
    const search = await t
      .client()
      .get<{ items: { handle: string }[] }>('search/members', { query: { q: 'Quillon' } });
    expect(search.status, search.text).toBe(200);
    expect(search.body.items.filter((p) => p.handle === leaver.handle)).toEqual([]);
  });

  it('moved every reference to one tombstone, with no personal data and no sign-in', async () => {
    const tomb = await db().selectFrom('members').selectAll().where('deleted_at', 'is not', null).execute();
    expect(tomb).toHaveLength(1);
    const [row] = tomb;
    expect(row).toMatchObject({
      name: 'a former member',
      headline: '',
      bio: '',
      links: '[]',
      contact_line: '',
    });
    expect(row!.handle.startsWith('~')).toBe(true);
    for (const table of [
      'sessions',
      'access_tokens',
      'email_tokens',
      'trusted_devices',
      'member_skills',
      'work_records',
    ] as const) {
      const n = await sql<{
        n: number | string;
      }>`select count(*) as n from ${sql.table(table)} where member_id = ${row!.id}`.execute(db());
      expect(Number(n.rows[0]!.n), table).toBe(0);
    }
    const message = await db()
      .selectFrom('engagement_messages')
      .select('body')
      .where('author_id', '=', row!.id)
      .execute();
    expect(message.map((m) => m.body)).toEqual(['']);
    const noticed = await db()
      .selectFrom('noticed_notes')
      .select('message')
      .where('from_id', '=', row!.id)
      .execute();
    expect(noticed.map((n) => n.message)).toEqual(['']);
    expectError(await t.client().get(`members/${encodeURIComponent(row!.handle)}`), 404, 'MEMBER_NOT_FOUND');
  });
  it('answers 404 at /@oldhandle, and the handle may be taken again', async () => {
    expectError(await t.client().get(`members/${leaver.handle}`), 404, 'MEMBER_NOT_FOUND');
    const again = await registerMember(t.app, { handle: leaver.handle });
    expect(again.member.handle).toBe(leaver.handle);
  });
});

describe('the list of member references', () => {
  it('names every column of the schema that references members.id', async () => {
    const listed = new Set(MEMBER_REFERENCES.map((r) => `${r.table}.${r.column}`));
    const fks = await memberForeignKeys();
    expect(fks.length).toBeGreaterThan(20);
    expect(
      fks.filter((c) => !listed.has(c)),
      'member columns missing from MEMBER_REFERENCES',
    ).toEqual([]);
    // Columns that hold a member's id without a declared foreign key, found by their names.
    const byName =
      /^(member_id|member_a|member_b|owner_id|helper_id|actor_id|author_id|asker_id|giver_id|receiver_id|reporter_id|from_id|to_id|ask_member_id|subject_member_id|[a-z]+_by)$/;
    const named: string[] = [];
    for (const [table, columns] of await allColumns()) {
      for (const c of columns) if (byName.test(c)) named.push(`${table}.${c}`);
    }
    expect(
      named.filter((c) => !listed.has(c)),
      'member-like columns missing from MEMBER_REFERENCES',
    ).toEqual([]);
    expect(
      [...listed].filter((c) => !named.includes(c) && !fks.includes(c)),
      'listed columns that do not exist',
    ).toEqual([]);
  });
});

/** The stored tie of a pair (member_a is the smaller id). */
async function tieOf(x: string, y: string) {
  const [a, b] = x < y ? [x, y] : [y, x];
  return db()
    .selectFrom('ties')
    .select(['member_a', 'member_b', 'weight_a_to_b', 'weight_b_to_a'])
    .where('member_a', '=', a)
    .where('member_b', '=', b)
    .executeTakeFirstOrThrow();
}

/** What `from` gave `to` along a stored tie. */
function gave(
  t: { member_a: string; member_b: string; weight_a_to_b: number; weight_b_to_a: number },
  from: string,
  to: string,
): number {
  if (t.member_a === from && t.member_b === to) return Number(t.weight_a_to_b);
  if (t.member_b === from && t.member_a === to) return Number(t.weight_b_to_a);
  throw new Error(`no tie ${from} → ${to}`);
}

/** table.column of every foreign key to members. */
async function memberForeignKeys(): Promise<string[]> {
  if (testDialect() === 'postgres') {
    const { rows } = await sql<{ tbl: string; col: string }>`
      select c.conrelid::regclass::text as tbl, a.attname as col
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
      where c.contype = 'f' and c.confrelid = 'members'::regclass`.execute(db());
    return rows.map((r) => `${r.tbl}.${r.col}`).sort();
  }
  const out: string[] = [];
  for (const table of (await allColumns()).keys()) {
    const { rows } = await sql<{ table: string; from: string }>`
      select "table", "from" from pragma_foreign_key_list(${table})`.execute(db());
    for (const r of rows) if (r.table === 'members') out.push(`${table}.${r.from}`);
  }
  return out.sort();
}

/** Every ordinary table (no views, no FTS virtual tables or their shadows) and its columns. */
async function allColumns(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (testDialect() === 'postgres') {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`.execute(db());
    for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.column_name]);
    return out;
  }
  const { rows } = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
      and sql not like 'CREATE VIRTUAL TABLE%'`.execute(db());
  for (const { name } of rows) {
    const cols = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db());
    out.set(
      name,
      cols.rows.map((c) => c.name),
    );
  }
  return out;
}

/** Every text-like column (text, JSON, tsvector; SQLite: every column, since any may hold text). */
async function textColumns(): Promise<Map<string, string[]>> {
  if (testDialect() !== 'postgres') return allColumns();
  const out = new Map<string, string[]>();
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      and c.data_type in ('text', 'character varying', 'json', 'jsonb', 'tsvector', 'USER-DEFINED')`.execute(
    db(),
  );
  for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.column_name]);
  return out;
}

// EXPLAIN QUERY PLAN is SQLite's.
if (testDialect() === 'sqlite') {
  describe('the job at scale (SQLite plans)', () => {
    it("walks members_deletion_due, and a member's own reads search by an index", async () => {
      const m = await verifiedMember(t, leaverOverrides());
      expect((await request(m)).status).toBe(202);
      t.clock.advance(DELETION_GRACE_MS + HOUR);
      const { queries, result } = await captureStatements(t, () => runDeletionJob(t.app.ctx));
      expect(result).toBe(1);
      const selects = queries.filter((q) => /^\s*select/i.test(q.sql));
      const walk = selects.find((q) => /deletion_due_at/.test(q.sql))!;
      const walkPlan = (await sqlitePlan(db(), walk)).map((l) => l.detail).join('\n');
      expect(walkPlan).toMatch(/members_deletion_due/);
      for (const q of selects.filter((x) => /from "(engagements|overflow|offers)"/.test(x.sql))) {
        const plan = (await sqlitePlan(db(), q)).map((l) => l.detail);
        expect(
          plan.filter((d) => /^SCAN (engagements|overflow|offers)\b/.test(d)),
          q.sql,
        ).toEqual([]);
      }
    });
  });
}
