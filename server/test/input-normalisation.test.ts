// Issue 10 — every input the product changes is refused with a message or visibly normalised: invisible and
// bidirectional-override characters leave names and titles, effort outside its range is refused (not clamped),
// text over its limit is refused, and non-Latin skills are kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../packages/rules/index.js';
import { expectErrorShape } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createWorkRecord, registerMember, registrationBody } from './helpers/factories.js';
import { overflowBody, postOverflow, verifiedMember, type LoopMember } from './helpers/loop.js';

let t: TestApp;
let m: LoopMember;

beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
  m = await verifiedMember(t);
});
afterAll(() => t.close());

const RLO = '\u202e';
const ZWSP = '\u200b';

describe('invisible characters leave names and titles', () => {
  it('a member’s name and headline', async () => {
    const res = await m.client.patch<{ name: string; headline: string }>('me', {
      name: `Ada${ZWSP} Love${RLO}lace\u2066`,
      headline: `Careful\u200f migrations\ufeff`,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ name: 'Ada Lovelace', headline: 'Careful migrations' });
    const stored = await t.app.ctx.db
      .selectFrom('members')
      .select(['name', 'headline'])
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: 'Ada Lovelace', headline: 'Careful migrations' });
  });

  it('a name at sign-up', async () => {
    const body = registrationBody({ name: `Grace${RLO} Hopper` });
    expect((await t.client().post('auth/register', body)).status).toBe(202);
    await t.sendQueuedMail();
    const row = await t.app.ctx.db
      .selectFrom('members')
      .select('name')
      .where('email', '=', body.email.toLowerCase())
      .executeTakeFirst();
    expect(row?.name).toBe('Grace Hopper');
  });

  it('an overflow title, posted and edited; a work record title', async () => {
    const o = await postOverflow(m.client, { title: `Invoice ${RLO}gnp.exe review` });
    expect(o.title).toBe('Invoice gnp.exe review');
    const edited = await m.client.patch<{ title: string }>(`overflow/${o.id}`, {
      title: `Fix the${ZWSP} build`,
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.title).toBe('Fix the build');
    const w = await createWorkRecord(m.client, { title: `A talk\u2067 on caching` });
    expect(w.title).toBe('A talk on caching');
  });

  it('a title of nothing but invisible characters is refused, not saved empty', async () => {
    const res = await m.client.post('overflow', overflowBody({ title: `${ZWSP}${RLO}${ZWSP}` }));
    expect(res.status).toBe(400);
    expectErrorShape(res);
  });

  it('emoji sequences and other scripts stay as typed', async () => {
    const res = await m.client.patch<{ name: string }>('me', { name: 'Dev 👩‍💻 山田' });
    expect(res.body.name).toBe('Dev 👩‍💻 山田');
  });
});

describe('out of range is refused with a message, never clamped', () => {
  it('effort below 1 or above the maximum', async () => {
    for (const effortHours of [0, -3, LIMITS.effortHoursMax + 1, 1000]) {
      const res = await m.client.post('overflow', overflowBody({ effortHours }));
      expect(res.status, `effort ${effortHours}`).toBe(400);
      expectErrorShape(res);
      expect(res.error?.message).toMatch(/hour/i);
    }
    const o = await postOverflow(m.client);
    const res = await m.client.patch(`overflow/${o.id}`, { effortHours: LIMITS.effortHoursMax + 50 });
    expect(res.status).toBe(400);
    const row = await t.app.ctx.db
      .selectFrom('overflow')
      .select('effort_hours')
      .where('id', '=', o.id)
      .executeTakeFirstOrThrow();
    expect(row.effort_hours).toBe(o.effortHours);
  });

  it('text over its limit', async () => {
    const res = await m.client.patch('me', { headline: 'x'.repeat(LIMITS.headlineMax + 1) });
    expect(res.status).toBe(400);
    expectErrorShape(res);
    const title = await m.client.post(
      'overflow',
      overflowBody({ title: 'x'.repeat(LIMITS.overflowTitleMax + 1) }),
    );
    expect(title.status).toBe(400);
  });
});

describe('skills', () => {
  it('non-Latin skills are kept, Latin ones normalised', async () => {
    const res = await m.client.patch<{ skills: string[] }>('me', {
      skills: ['日本語', 'Русский язык', 'Type Script'],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.skills).toEqual(['日本語', 'русский-язык', 'type-script']);
    const o = await postOverflow(m.client, { skills: ['日本語'] });
    expect(o.skills).toEqual(['日本語']);
  });
});
