// listWorkRecords, createWorkRecord, updateWorkRecord, deleteWorkRecord.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { TestResponse } from './helpers/client.js';
import {
  createAccessToken,
  createWorkRecord,
  insertVerifiedWorkRecord,
  registerMember,
  workRecordBody,
  type RegisteredMember,
} from './helpers/factories.js';
import type { WorkRecordView } from '../src/modules/members/members.service.js';

interface Page {
  items: WorkRecordView[];
  nextCursor: string | null;
}

let t: TestApp;
let admin: RegisteredMember;
beforeAll(async () => {
  t = await createTestApp();
  admin = await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

describe('createWorkRecord', () => {
  it('creates a self-reported record with normalised skills', async () => {
    const m = await registerMember(t.app);
    const res = await m.client.post<WorkRecordView>('work-records', {
      title: '  Wrote the style guide ',
      kind: 'writing',
      date: '2025-09-30',
      skills: ['Technical Writing', 'technical-writing', 'Docs'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      memberId: m.member.id,
      title: 'Wrote the style guide',
      summary: '',
      url: null,
      kind: 'writing',
      date: '2025-09-30',
      skills: ['technical-writing', 'docs'],
      verified: false,
      endorsement: null,
      engagementId: null,
      createdAt: t.clock.now().toISOString(),
    });
  });

  it('cannot create a verified record, whatever the body says', async () => {
    const m = await registerMember(t.app);
    expectValidationError(await m.client.post('work-records', { ...workRecordBody(), verified: true }));
    expectValidationError(await m.client.post('work-records', { ...workRecordBody(), engagementId: 'x' }));
  });

  it.each([
    ['no title', { title: '  ' }, 'body.title'],
    ['a long title', { title: 'x'.repeat(121) }, 'body.title'],
    ['an unknown kind', { kind: 'podcast' }, 'body.kind'],
    ['a badly formatted date', { date: '30/09/2025' }, 'body.date'],
    ['an impossible date', { date: '2025-02-30' }, 'body.date'],
    ['a non-http url', { url: 'javascript:alert(1)' }, 'body.url'],
    ['more than 10 skills', { skills: Array.from({ length: 11 }, (_, i) => `s${i}`) }, 'body.skills'],
    ['a long summary', { summary: 'x'.repeat(2001) }, 'body.summary'],
  ])('rejects %s with VALIDATION_FAILED', async (_label, patch, path) => {
    const m = await registerMember(t.app);
    expectValidationError(await m.client.post('work-records', { ...workRecordBody(), ...patch }), path);
  });

  it('rejects unknown fields and a missing body', async () => {
    const m = await registerMember(t.app);
    expectValidationError(await m.client.post('work-records', { ...workRecordBody(), stars: 5 }));
    expectValidationError(await m.client.post('work-records'));
  });

  it('needs a signed-in member', async () => {
    expectError(await t.client().post('work-records', workRecordBody()), 401, 'UNAUTHENTICATED');
  });

  it('works with an access token', async () => {
    const m = await registerMember(t.app);
    const { token } = await createAccessToken(m.client);
    const res = await m.client.asToken(token).post<WorkRecordView>('work-records', workRecordBody());
    expect(res.status).toBe(201);
    expect(res.body.memberId).toBe(m.member.id);
  });
});

describe('listWorkRecords', () => {
  it('pages self-reported records newest first with nextCursor, and is public', async () => {
    const m = await registerMember(t.app);
    const dates = ['2025-01-10', '2025-03-05', '2025-03-05', '2024-12-31', '2025-07-01'];
    const created: WorkRecordView[] = [];
    for (const [i, date] of dates.entries())
      created.push(await createWorkRecord(m.client, { title: `r${i}`, date }));
    const expected = [...created]
      .sort((a, b) => (a.date === b.date ? (a.id < b.id ? 1 : -1) : a.date < b.date ? 1 : -1))
      .map((r) => r.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string> = { limit: '2', ...(cursor ? { cursor } : {}) };
      const res: TestResponse<Page> = await t
        .client()
        .get<Page>(`members/${m.handle}/work-records`, { query });
      expect(res.status).toBe(200);
      const page = res.body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
  });

  it('returns nextCursor null when everything fits', async () => {
    const m = await registerMember(t.app);
    await createWorkRecord(m.client);
    const res = await t.client().get<Page>(`members/${m.handle}/work-records`, { query: { limit: '2' } });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.nextCursor).toBeNull();
  });

  it('lists verified records with verified=true, and self-reported ones otherwise', async () => {
    const m = await registerMember(t.app);
    const own = await createWorkRecord(m.client);
    const verifiedId = await insertVerifiedWorkRecord(t.app.ctx.db, m.member.id);
    const selfReported = await t.client().get<Page>(`members/${m.handle}/work-records`);
    expect(selfReported.body.items.map((r) => r.id)).toEqual([own.id]);
    const verified = await t
      .client()
      .get<Page>(`members/${m.handle}/work-records`, { query: { verified: 'true' } });
    expect(verified.body.items.map((r) => r.id)).toEqual([verifiedId]);
    expect(verified.body.items[0]!.verified).toBe(true);
  });

  it('does not mix in other members’ records', async () => {
    const m = await registerMember(t.app);
    const other = await registerMember(t.app);
    await createWorkRecord(other.client);
    const res = await t.client().get<Page>(`members/${m.handle}/work-records`);
    expect(res.body.items).toEqual([]);
  });

  it('answers 404 for an unknown member', async () => {
    expectError(await t.client().get('members/no-such-member/work-records'), 404, 'MEMBER_NOT_FOUND');
  });

  it('rejects a broken cursor with 400 INVALID_CURSOR', async () => {
    const m = await registerMember(t.app);
    const res = await t.client().get(`members/${m.handle}/work-records`, { query: { cursor: 'garbage!!' } });
    expectError(res, 400, 'INVALID_CURSOR');
  });

  it.each([
    ['limit 0', { limit: '0' }, 'querystring.limit'],
    ['limit 101', { limit: '101' }, 'querystring.limit'],
    ['a non-numeric limit', { limit: 'ten' }, 'querystring.limit'],
    ['verified=yes', { verified: 'yes' }, 'querystring.verified'],
    ['an unknown parameter', { sort: 'asc' }, undefined],
  ])('rejects %s with VALIDATION_FAILED', async (_label, query, path) => {
    const m = await registerMember(t.app);
    expectValidationError(await t.client().get(`members/${m.handle}/work-records`, { query }), path);
  });
});

describe('updateWorkRecord', () => {
  it('lets the owner edit the fields sent', async () => {
    const m = await registerMember(t.app);
    const r = await createWorkRecord(m.client, { title: 'Old', skills: ['a'] });
    t.clock.advance(60_000);
    const res = await m.client.patch<WorkRecordView>(`work-records/${r.id}`, {
      title: 'New',
      url: null,
      skills: ['Rust Lang'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: r.id,
      title: 'New',
      url: null,
      skills: ['rust-lang'],
      summary: r.summary,
      kind: r.kind,
      date: r.date,
      createdAt: r.createdAt,
      updatedAt: t.clock.now().toISOString(),
    });
  });

  it('answers 404 to another member and to an admin, and leaves the record alone', async () => {
    const m = await registerMember(t.app);
    const other = await registerMember(t.app);
    const r = await createWorkRecord(m.client, { title: 'Mine' });
    expectError(
      await other.client.patch(`work-records/${r.id}`, { title: 'Hijacked' }),
      404,
      'WORK_RECORD_NOT_FOUND',
    );
    expectError(
      await admin.client.patch(`work-records/${r.id}`, { title: 'Hijacked' }),
      404,
      'WORK_RECORD_NOT_FOUND',
    );
    const list = await t.client().get<Page>(`members/${m.handle}/work-records`);
    expect(list.body.items[0]!.title).toBe('Mine');
  });

  it('refuses to edit a verified record with 409 WORK_RECORD_VERIFIED', async () => {
    const m = await registerMember(t.app);
    const id = await insertVerifiedWorkRecord(t.app.ctx.db, m.member.id, { title: 'Endorsed' });
    expectError(
      await m.client.patch(`work-records/${id}`, { title: 'Embellished' }),
      409,
      'WORK_RECORD_VERIFIED',
    );
    const row = await t.app.ctx.db
      .selectFrom('work_records')
      .select('title')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.title).toBe('Endorsed');
  });

  it('answers 404 for an unknown id and 401 when signed out', async () => {
    const m = await registerMember(t.app);
    expectError(await m.client.patch('work-records/nope', { title: 'x' }), 404, 'WORK_RECORD_NOT_FOUND');
    expectError(await t.client().patch('work-records/nope', { title: 'x' }), 401, 'UNAUTHENTICATED');
  });

  it.each([
    ['an empty title', { title: '' }],
    ['an unknown kind', { kind: 'meme' }],
    ['a bad date', { date: '2025-13-01' }],
    ['an unknown field', { verified: true }],
  ])('rejects %s with VALIDATION_FAILED', async (_label, body) => {
    const m = await registerMember(t.app);
    const r = await createWorkRecord(m.client);
    expectValidationError(await m.client.patch(`work-records/${r.id}`, body));
  });
});

describe('deleteWorkRecord', () => {
  it('lets the owner delete a self-reported record', async () => {
    const m = await registerMember(t.app);
    const r = await createWorkRecord(m.client);
    const res = await m.client.delete(`work-records/${r.id}`);
    expect(res.status).toBe(204);
    expect((await t.client().get<Page>(`members/${m.handle}/work-records`)).body.items).toEqual([]);
    const skills = await t.app.ctx.db
      .selectFrom('work_record_skills')
      .selectAll()
      .where('work_record_id', '=', r.id)
      .execute();
    expect(skills).toEqual([]);
    expectError(await m.client.delete(`work-records/${r.id}`), 404, 'WORK_RECORD_NOT_FOUND');
  });

  it('answers 404 to another member and to an admin', async () => {
    const m = await registerMember(t.app);
    const other = await registerMember(t.app);
    const r = await createWorkRecord(m.client);
    expectError(await other.client.delete(`work-records/${r.id}`), 404, 'WORK_RECORD_NOT_FOUND');
    expectError(await admin.client.delete(`work-records/${r.id}`), 404, 'WORK_RECORD_NOT_FOUND');
    expect((await t.client().get<Page>(`members/${m.handle}/work-records`)).body.items).toHaveLength(1);
  });

  it('refuses to delete a verified record with 409 WORK_RECORD_VERIFIED', async () => {
    const m = await registerMember(t.app);
    const id = await insertVerifiedWorkRecord(t.app.ctx.db, m.member.id);
    expectError(await m.client.delete(`work-records/${id}`), 409, 'WORK_RECORD_VERIFIED');
    const verified = await t
      .client()
      .get<Page>(`members/${m.handle}/work-records`, { query: { verified: 'true' } });
    expect(verified.body.items.map((r) => r.id)).toEqual([id]);
  });

  it('answers 401 when signed out, and rejects an over-long id', async () => {
    const m = await registerMember(t.app);
    const r = await createWorkRecord(m.client);
    expectError(await t.client().delete(`work-records/${r.id}`), 401, 'UNAUTHENTICATED');
    expectValidationError(await m.client.delete(`work-records/${'x'.repeat(65)}`), 'params.id');
  });
});
