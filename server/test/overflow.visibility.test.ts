// One visibility rule for overflow (docs/decisions/0009-layering.md): the row check (GET /overflow/:id) and
// the SQL of the board agree for every viewer and every visibility, and what a member no longer may see
// is not embedded in their offers or engagements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { TestClient } from './helpers/client.js';
import { registerMember } from './helpers/factories.js';
import {
  abandonEngagement,
  acceptOffer,
  completedEngagement,
  makeOffer,
  postOverflow,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';
import { HIDDEN_OVERFLOW_TITLE } from '../src/modules/overflow/overflow.service.js';

let t: TestApp;
let admin: LoopMember;
let owner: LoopMember;
let asked: LoopMember;

beforeAll(async () => {
  t = await createTestApp();
  admin = await verifiedMember(t); // the first member is the instance's admin
  owner = await verifiedMember(t);
  asked = await verifiedMember(t);
  await completedEngagement(t, owner.client, asked.client); // a tie, so the owner may ask
});
afterAll(() => t.close());

interface Listed {
  items: { id: string; title: string; brief: string }[];
}

describe('one visibility rule for the row check and for every list', () => {
  it('anonymous, unverified, verified, owner, asked member, other member and admin × public, members, ask', async () => {
    const role = await t.app.ctx.db
      .selectFrom('members')
      .select('role')
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(role.role).toBe('admin');
    const other = await verifiedMember(t);
    const unverified = await registerMember(t.app);
    const posted = {
      public: (await postOverflow(owner.client, { visibility: 'public' })).id,
      members: (await postOverflow(owner.client, { visibility: 'members' })).id,
      ask: (await postOverflow(owner.client, { visibility: 'ask', askHandle: asked.handle })).id,
    };
    const viewers: [string, TestClient, (keyof typeof posted)[]][] = [
      ['anonymous', t.client(), ['public']],
      ['unverified member', unverified.client, ['public']],
      ['other verified member', other.client, ['public', 'members']],
      ['owner', owner.client, ['public', 'members', 'ask']],
      ['asked member', asked.client, ['public', 'members', 'ask']],
      ['admin', admin.client, ['public', 'members']],
    ];
    for (const [who, client, expected] of viewers) {
      const board = await client.get<Listed>('overflow', { query: { owner: owner.handle, limit: '50' } });
      expect(board.status, who).toBe(200);
      const listed = new Set(board.body.items.map((o) => o.id));
      for (const [visibility, id] of Object.entries(posted) as [keyof typeof posted, string][]) {
        const row = await client.get(`overflow/${id}`);
        const seen = row.status === 200;
        expect(row.status === 200 || row.status === 404, `${who} GET ${visibility}: ${row.status}`).toBe(
          true,
        );
        expect(listed.has(id), `${who} × ${visibility}: the list and the row check agree`).toBe(seen);
        expect(seen, `${who} × ${visibility}`).toBe(expected.includes(visibility));
      }
    }
  });
});

describe('what a member may no longer see is not embedded in their offers and engagements', () => {
  it('a declined offerer does not read the title and brief written after the overflow was narrowed to an ask', async () => {
    const offerer = await verifiedMember(t);
    const o = await postOverflow(owner.client, { title: 'Original title', brief: 'Original brief.' });
    await makeOffer(t, offerer.client, o.id);
    const narrowed = await owner.client.patch(`overflow/${o.id}`, {
      visibility: 'ask',
      askHandle: asked.handle,
    });
    expect(narrowed.status, narrowed.text).toBe(200);
    const edited = await owner.client.patch(`overflow/${o.id}`, {
      title: 'Secret new title',
      brief: 'Only for you, my tie.',
    });
    expect(edited.status, edited.text).toBe(200);

    const mine = await offerer.client.get<{ items: { status: string; overflow: Listed['items'][number] }[] }>(
      'me/offers',
    );
    expect(mine.status).toBe(200);
    const item = mine.body.items.find((i) => i.overflow.id === o.id)!;
    expect(item.status).toBe('declined');
    expect(item.overflow.title).toBe(HIDDEN_OVERFLOW_TITLE);
    expect(item.overflow.brief).toBe('');
    expect(item.overflow).toMatchObject({ hidden: true });
    expect(mine.text).not.toContain('Secret new title');
    expect(mine.text).not.toContain('Only for you');
    // The member asked still sees it in full.
    expect((await asked.client.get<{ title: string }>(`overflow/${o.id}`)).body.title).toBe(
      'Secret new title',
    );
  });

  it('a former helper does not read it through the engagement page or their engagement list', async () => {
    const helper = await verifiedMember(t);
    const o = await postOverflow(owner.client, { title: 'Help with the docs', brief: 'Public brief.' });
    const offer = await makeOffer(t, helper.client, o.id);
    const engagementId = await acceptOffer(owner.client, offer.id);
    await abandonEngagement(owner.client, engagementId); // the overflow reopens
    expect(
      (await owner.client.patch(`overflow/${o.id}`, { visibility: 'ask', askHandle: asked.handle })).status,
    ).toBe(200);
    expect(
      (await owner.client.patch(`overflow/${o.id}`, { title: 'Secret new title', brief: 'Only for you.' }))
        .status,
    ).toBe(200);

    const page = await helper.client.get<{ overflow: { id: string; title: string; brief: string } }>(
      `engagements/${engagementId}`,
    );
    expect(page.status, page.text).toBe(200);
    expect(page.body.overflow).toMatchObject({
      id: o.id,
      title: HIDDEN_OVERFLOW_TITLE,
      brief: '',
      hidden: true,
    });
    const list = await helper.client.get('me/engagements', { query: { role: 'helper' } });
    expect(list.status).toBe(200);
    expect(list.text).toContain(HIDDEN_OVERFLOW_TITLE);
    expect(list.text).not.toContain('Secret new title');
    expect(page.text).not.toContain('Only for you');
    // The owner still sees their own overflow in the engagement.
    const ownerView = await owner.client.get<{ overflow: { title: string; hidden: boolean } }>(
      `engagements/${engagementId}`,
    );
    expect(ownerView.body.overflow.title).toBe('Secret new title');
    expect(ownerView.body.overflow.hidden).toBe(false);
  });
});
