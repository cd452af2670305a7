// getMember (public profile) and updateMe (profile edits).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import {
  createAccessToken,
  createWorkRecord,
  insertVerifiedWorkRecord,
  registerMember,
  type RegisteredMember,
} from './helpers/factories.js';
import type { ProfileView, SelfView } from '../src/modules/members/members.service.js';

let t: TestApp;
let admin: RegisteredMember;
beforeAll(async () => {
  t = await createTestApp();
  admin = await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

describe('updateMe', () => {
  it('changes only the fields sent and returns the private view', async () => {
    const m = await registerMember(t.app, { timeZone: 'Asia/Tokyo' });
    const res = await m.client.patch<SelfView>('me', {
      name: '  Ada Lovelace ',
      headline: ' Analyst ',
      bio: '**Notes** on the engine',
      links: [{ label: 'Site', url: 'https://ada.example' }],
      capacity: 3,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: m.member.id,
      handle: m.member.handle,
      email: m.email,
      name: 'Ada Lovelace',
      headline: 'Analyst',
      bio: '**Notes** on the engine',
      links: [{ label: 'Site', url: 'https://ada.example' }],
      capacity: 3,
      timeZone: 'Asia/Tokyo',
      role: 'member',
    });
    const again = await m.client.patch<SelfView>('me', { headline: 'Engineer' });
    expect(again.body).toMatchObject({ name: 'Ada Lovelace', headline: 'Engineer', capacity: 3 });
  });

  it('normalises skills to unique lowercase slugs, keeping the first-seen order', async () => {
    const m = await registerMember(t.app);
    const res = await m.client.patch<SelfView>('me', { skills: ['Type Script', 'type-script', '  PYTHON '] });
    expect(res.status).toBe(200);
    expect(res.body.skills).toEqual(['type-script', 'python']);
    const res2 = await m.client.patch<SelfView>('me', { skills: ['C++', 'C#', 'Écriture', 'Node.js'] });
    expect(res2.body.skills).toEqual(['cplusplus', 'csharp', 'ecriture', 'node-js']);
    const cleared = await m.client.patch<SelfView>('me', { skills: [] });
    expect(cleared.body.skills).toEqual([]);
  });

  it('accepts 20 skills and rejects 21', async () => {
    const m = await registerMember(t.app);
    const twenty = Array.from({ length: 20 }, (_, i) => `skill ${i}`);
    expect((await m.client.patch<SelfView>('me', { skills: twenty })).body.skills).toHaveLength(20);
    expectValidationError(await m.client.patch('me', { skills: [...twenty, 'one more'] }), 'body.skills');
  });

  it('rejects a skill with no letter or digit', async () => {
    const m = await registerMember(t.app);
    expectValidationError(await m.client.patch('me', { skills: ['rust', '---'] }), 'body.skills');
  });

  it('accepts IANA time zones and rejects others', async () => {
    const m = await registerMember(t.app);
    expect((await m.client.patch<SelfView>('me', { timeZone: 'America/New_York' })).body.timeZone).toBe(
      'America/New_York',
    );
    for (const bad of ['Mars/Olympus_Mons', 'GMT+2', 'not a zone', '']) {
      expectValidationError(await m.client.patch('me', { timeZone: bad }), 'body.timeZone');
    }
  });

  it('accepts a capacity from 1 to 10 only', async () => {
    const m = await registerMember(t.app);
    expect((await m.client.patch<SelfView>('me', { capacity: 1 })).body.capacity).toBe(1);
    expect((await m.client.patch<SelfView>('me', { capacity: 10 })).body.capacity).toBe(10);
    for (const bad of [0, 11, -1, 2.5, '3']) {
      expectValidationError(await m.client.patch('me', { capacity: bad }), 'body.capacity');
    }
  });

  it('accepts only http(s) links, at most 10', async () => {
    const m = await registerMember(t.app);
    for (const url of ['javascript:alert(1)', 'ftp://files.example', 'data:text/html,hi', 'example.org']) {
      const res = await m.client.patch('me', { links: [{ label: 'x', url }] });
      expectValidationError(res);
      expect((res.error?.details as { path: string }[])[0]!.path).toMatch(/^body\.links/);
    }
    expect(
      (await m.client.patch('me', { links: [{ label: 'x', url: 'http://plain.example' }] })).status,
    ).toBe(200);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ label: `l${i}`, url: `https://e.example/${i}` }));
    expectValidationError(await m.client.patch('me', { links: eleven }), 'body.links');
    expectValidationError(
      await m.client.patch('me', { links: [{ label: 'x', url: 'https://a.example', x: 1 }] }),
    );
  });

  it.each([
    ['an unknown field', { nickname: 'x' }],
    ['a read-only field', { role: 'admin' }],
    ['another read-only field', { email: 'new@example.org' }],
    ['an empty name', { name: '  ' }],
    ['a long headline', { headline: 'x'.repeat(121) }],
    ['a long bio', { bio: 'x'.repeat(5001) }],
  ])('rejects %s with VALIDATION_FAILED', async (_label, body) => {
    const m = await registerMember(t.app);
    expectValidationError(await m.client.patch('me', body));
  });

  it('changes nothing when validation fails', async () => {
    const m = await registerMember(t.app);
    await m.client.patch('me', { headline: 'Before' });
    expectValidationError(await m.client.patch('me', { headline: 'After', capacity: 99 }));
    const res = await t.client().get<ProfileView>(`members/${m.handle}`);
    expect(res.body.member.headline).toBe('Before');
  });

  it('needs a signed-in member', async () => {
    expectError(await t.client().patch('me', { headline: 'x' }), 401, 'UNAUTHENTICATED');
  });

  it('works with an access token', async () => {
    const m = await registerMember(t.app);
    const { token } = await createAccessToken(m.client);
    expect((await m.client.asToken(token).patch<SelfView>('me', { capacity: 4 })).body.capacity).toBe(4);
  });
});

describe('getMember', () => {
  it('is public, and leads with verified work, then self-reported work', async () => {
    const m = await registerMember(t.app);
    await m.client.patch('me', { headline: 'Builder', skills: ['Go', 'SQL'] });
    const self = await createWorkRecord(m.client, { title: 'My side project', date: '2025-12-20' });
    const verifiedId = await insertVerifiedWorkRecord(t.app.ctx.db, m.member.id, {
      title: 'Endorsed migration',
      date: '2025-06-01',
      skills: ['PostgreSQL'],
      endorsement: 'Saved us a quarter.',
    });

    const res = await t.client().get<ProfileView>(`members/${m.handle}`);
    expect(res.status).toBe(200);
    const keys = Object.keys(res.body);
    expect(keys.slice(0, 3)).toEqual(['member', 'verifiedWork', 'selfReportedWork']);
    expect(res.body.member).toMatchObject({ handle: m.handle, headline: 'Builder', skills: ['go', 'sql'] });
    expect(res.body.verifiedWork.total).toBe(1);
    expect(res.body.verifiedWork.items[0]).toMatchObject({
      id: verifiedId,
      verified: true,
      endorsement: 'Saved us a quarter.',
      skills: ['postgresql'],
    });
    expect(res.body.selfReportedWork.total).toBe(1);
    expect(res.body.selfReportedWork.items[0]).toMatchObject({
      id: self.id,
      verified: false,
      endorsement: null,
    });
    // Verified work comes first in the document, although the self-reported record is newer.
    expect(res.text.indexOf('Endorsed migration')).toBeLessThan(res.text.indexOf('My side project'));
  });

  it('never shows the email address or follower/connection counts', async () => {
    const m = await registerMember(t.app);
    const res = await t.client().get<ProfileView>(`members/${m.handle}`);
    expect(res.text).not.toContain(m.email);
    expect(res.text).not.toMatch(/"email/i);
    expect(res.text).not.toMatch(/follower|connection|"role"|password|capacity/i);
    expect(Object.keys(res.body.member).sort()).toEqual(
      ['bio', 'handle', 'headline', 'id', 'joinedAt', 'links', 'name', 'skills', 'timeZone'].sort(),
    );
  });

  it('shows the same public view to the member, another member and an admin', async () => {
    const m = await registerMember(t.app);
    const other = await registerMember(t.app);
    const anonymous = (await t.client().get(`members/${m.handle}`)).body;
    expect((await m.client.get(`members/${m.handle}`)).body).toEqual(anonymous);
    expect((await other.client.get(`members/${m.handle}`)).body).toEqual(anonymous);
    expect((await admin.client.get(`members/${m.handle}`)).body).toEqual(anonymous);
  });

  it('finds the handle case-insensitively', async () => {
    const m = await registerMember(t.app);
    expect((await t.client().get(`members/${m.handle.toUpperCase()}`)).status).toBe(200);
  });

  it('answers 404 MEMBER_NOT_FOUND for an unknown handle', async () => {
    expectError(await t.client().get('members/nobody-at-all'), 404, 'MEMBER_NOT_FOUND');
  });

  it('rejects an over-long handle with VALIDATION_FAILED', async () => {
    expectValidationError(await t.client().get(`members/${'x'.repeat(41)}`), 'params.handle');
  });
});
