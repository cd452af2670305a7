// Statements per request for every list endpoint: the count must not grow with the number of items on the
// page (no N+1), and stays under a hard bound. The page grows from 2 to 12 items between the two
// measurements; every list is read with a page size that holds all of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { TestClient } from './helpers/client.js';
import {
  completedEngagement,
  makeOffer,
  postOverflow,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';
import { countStatements } from './helpers/statements.js';

/** A statement budget per request, whatever the page size. */
const MAX_STATEMENTS = 20;

let t: TestApp;
let owner: LoopMember;
let firstHelper: LoopMember;
let openOverflowId: string;
/** Matching: a member whose For you grows with the board, and an overflow nobody offers on (suggested helpers). */
let recommender: LoopMember;
let suggestOnId: string;
const helpers: LoopMember[] = [];

async function ok(res: Promise<{ status: number; text: string }>, status: number) {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text.slice(0, 300)}`);
}

/**
 * Adds `k` more items to every list: k helpers who each complete an engagement for the owner (engagements,
 * one-sided ties, ledger, notifications), post an open overflow (the ledger's give-back), thank the owner, notice one of the owner's work records and offer
 * on the owner's open overflow; k more open overflow on the board, each offered on by the first helper and
 * declined by the owner (the first helper's offers); k work records of the owner.
 */
async function addItems(k: number): Promise<void> {
  for (let i = 0; i < k; i++) {
    const h = await verifiedMember(t);
    if (!firstHelper) firstHelper = h;
    helpers.push(h);
    await completedEngagement(t, owner.client, h.client);
    // Open overflow of the helper: the owner's ledger suggests it as a way to give back.
    await postOverflow(h.client, { title: `Give-back overflow ${helpers.length}` });
    await ok(
      h.client.post('thanks', { toHandle: owner.handle, message: 'Thank you for the clear brief.' }),
      201,
    );
    const record = await owner.client.post<{ id: string }>('work-records', {
      title: `Talk ${helpers.length}`,
      kind: 'talk',
      date: '2026-01-0' + ((helpers.length % 9) + 1),
    });
    expect(record.status).toBe(201);
    await ok(
      h.client.post('noticed', {
        workRecordId: record.body.id,
        message: 'The part on rollbacks was excellent.',
      }),
      201,
    );
    await makeOffer(t, h.client, openOverflowId);
    const extra = await postOverflow(owner.client, { title: `Extra overflow ${helpers.length}` });
    const offer = await makeOffer(t, firstHelper.client, extra.id);
    await ok(owner.client.post(`offers/${offer.id}/decline`, {}), 200);
  }
}

interface Endpoint {
  name: string;
  client: () => TestClient;
  path: () => string;
  query?: Record<string, string>;
  /** Items on the page (to prove the page did grow). */
  items: (body: unknown) => number;
}

const page = (body: unknown) => (body as { items: unknown[] }).items.length;

const endpoints: Endpoint[] = [
  {
    name: 'my engagements',
    client: () => owner.client,
    path: () => 'me/engagements',
    query: { role: 'any', limit: '50' },
    items: page,
  },
  {
    name: 'my offers',
    client: () => firstHelper.client,
    path: () => 'me/offers',
    query: { limit: '50' },
    items: page,
  },
  {
    name: 'offers for an overflow',
    client: () => owner.client,
    path: () => `overflow/${openOverflowId}/offers`,
    items: (b) => (Array.isArray(b) ? b.length : page(b)),
  },
  {
    name: 'ledger',
    client: () => owner.client,
    path: () => 'me/ledger',
    items: (b) => (b as { ties: unknown[] }).ties.length,
  },
  { name: 'ties', client: () => owner.client, path: () => 'me/ties', items: page },
  {
    name: 'notifications',
    client: () => owner.client,
    path: () => 'me/notifications',
    query: { limit: '100' },
    items: page,
  },
  {
    name: 'board (anonymous)',
    client: () => t.client(),
    path: () => 'overflow',
    query: { limit: '50' },
    items: page,
  },
  {
    name: 'recommended overflow (For you)',
    client: () => recommender.client,
    path: () => 'me/recommended-overflow',
    query: { limit: '50' },
    items: page,
  },
  {
    name: 'suggested helpers',
    client: () => owner.client,
    path: () => `overflow/${suggestOnId}/suggested-helpers`,
    query: { limit: '20' },
    items: page,
  },
  {
    name: 'work records',
    client: () => t.client(),
    path: () => `members/${owner.handle}/work-records`,
    query: { limit: '50' },
    items: page,
  },
  {
    name: 'noticed (received)',
    client: () => owner.client,
    path: () => 'me/noticed',
    query: { limit: '50' },
    items: page,
  },
  {
    name: 'thanks',
    client: () => t.client(),
    path: () => `members/${owner.handle}/thanks`,
    query: { limit: '50' },
    items: page,
  },
];

async function measure(e: Endpoint): Promise<{ statements: number; items: number }> {
  const client = e.client();
  const { statements, result } = await countStatements(t, () =>
    client.get(e.path(), { query: e.query ?? {} }),
  );
  expect(result.status, `${e.name}: ${result.text.slice(0, 300)}`).toBe(200);
  return { statements, items: e.items(result.body) };
}

const small = new Map<string, { statements: number; items: number }>();
const large = new Map<string, { statements: number; items: number }>();
const SMALL = 2;
const LARGE = Number(process.env.STATEMENTS_LARGE ?? 12);

beforeAll(async () => {
  t = await createTestApp();
  owner = await verifiedMember(t, { skills: ['typescript'] });
  openOverflowId = (await postOverflow(owner.client, { title: 'The open one' })).id;
  recommender = await verifiedMember(t, { skills: ['typescript'] });
  suggestOnId = (await postOverflow(owner.client, { title: 'Suggest helpers here', skills: ['TypeScript'] }))
    .id;
  await addItems(SMALL);
  for (const e of endpoints) small.set(e.name, await measure(e));
  await addItems(LARGE - SMALL);
  for (const e of endpoints) large.set(e.name, await measure(e));
  if (process.env.STATEMENTS_REPORT) {
    console.log(
      endpoints
        .map(
          (e) =>
            `${e.name}: ${small.get(e.name)!.statements} → ${large.get(e.name)!.statements} (${large.get(e.name)!.items} items)`,
        )
        .join('\n'),
    );
  }
}, 300_000);

afterAll(() => t?.close());

describe('statements per list request', () => {
  it.each(endpoints.map((e) => e.name))(
    '%s: the same count for 2 and for 12 items, under the budget',
    (name) => {
      const s = small.get(name)!;
      const l = large.get(name)!;
      expect(l.items).toBeGreaterThan(s.items);
      expect(l.statements).toBe(s.statements);
      expect(l.statements).toBeLessThanOrEqual(MAX_STATEMENTS);
    },
  );

  it('counts the statements of a request on this dialect', async () => {
    const { statements } = await countStatements(t, () => t.client().get('instance'));
    expect(statements).toBeGreaterThan(0);
  });
});
