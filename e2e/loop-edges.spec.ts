import {
  acceptOffer,
  engagementAt,
  expect,
  postOverflow,
  sendOffer,
  test,
  type Actor,
} from './loop-fixtures.js';
import { field, unique } from './fixtures.js';

// The edges of the loop as a person meets them: a delivery that keeps the helper's slot, an overflow that
// became a direct ask to someone else (a stub where it used to be), an edit that lost a race with an accept,
// and an API path that does not exist.

const STUB_TITLE = 'A posting you can no longer see';
const STUB_NOTE = 'its details are no longer shown to you';

/** Owner and `tie` have a tie (a completed engagement), so the owner can ask them directly. */
async function tieBetween(owner: Actor, tie: Actor) {
  await engagementAt(owner, tie, 'completed');
}

/** Narrows an open overflow to a direct ask to `tie`, then rewrites it (what the others must not read). */
async function narrowAndRewrite(owner: Actor, overflowId: string, tie: Actor) {
  await owner.patch(`/api/v1/overflow/${overflowId}`, { visibility: 'ask', askHandle: tie.handle });
  const secret = `Confidential rewrite ${unique()}`;
  await owner.patch(`/api/v1/overflow/${overflowId}`, {
    title: secret,
    brief: 'Only the member asked should read this brief.',
    skills: ['secret-skill'],
  });
  return secret;
}

test('an owner accepts an offer from a helper whose delivery awaits review: the page says the delivery keeps its slot', async ({
  page,
  members,
  consoleErrors,
}) => {
  consoleErrors.allowHttpError(409, /^\/api\/v1\/offers\/[^/]+\/accept$/);
  const owner = await members.create({ request: page.request });
  const helper = await members.create();
  const other = await members.create();
  await helper.patch('/api/v1/me', { capacity: 1 });
  const o = await postOverflow(owner);
  await sendOffer(helper, o.id);
  // Meanwhile another owner takes the helper on, and the helper delivers: the slot stays taken.
  await engagementAt(other, helper, 'delivered');

  await page.goto(`/overflow/${o.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(o.title);
  const accepted = page.waitForResponse((r) => /\/api\/v1\/offers\/[^/]+\/accept$/.test(r.url()));
  await page.getByRole('button', { name: 'Accept offer', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Accept and start', exact: true }).click();
  const res = await accepted;
  expect(res.status()).toBe(409);
  const { error } = (await res.json()) as { error: { code: string; message: string } };
  const alert = page.getByRole('alert').filter({ hasText: 'The offer was not accepted' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(error.message);
  await expect(alert).toContainText('a delivery keeps its slot');
  // Nothing started: the overflow is still open and the offer can still be accepted later.
  expect((await owner.get<{ status: string }>(`/api/v1/overflow/${o.id}`)).status).toBe('open');
  await expect(page.getByRole('button', { name: 'Accept offer', exact: true })).toBeVisible();
});

test('a declined offerer: after the overflow became a direct ask to someone else, My offers shows a stub, not a link', async ({
  page,
  members,
  consoleErrors,
}) => {
  const owner = await members.create();
  const tie = await members.create();
  const declined = await members.create({ request: page.request });
  await tieBetween(owner, tie);
  const o = await postOverflow(owner);
  const pitch = `I would love to help with this ${unique()}.`;
  await sendOffer(declined, o.id, { pitch });
  const secret = await narrowAndRewrite(owner, o.id, tie);

  await page.goto('/work?tab=offers');
  const card = page.getByRole('article').filter({ hasText: pitch });
  await expect(card.getByRole('heading', { name: STUB_TITLE })).toBeVisible();
  await expect(card.getByText(STUB_NOTE)).toBeVisible();
  await expect(card.getByText('Declined', { exact: true })).toBeVisible();
  // No link to a page they cannot open; the owner is still named.
  await expect(card.getByRole('link', { name: STUB_TITLE })).toHaveCount(0);
  await expect(card.getByRole('link', { name: owner.name })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(page.getByText('undefined')).toHaveCount(0);

  // The notification that closed the offer still points at the overflow: its 404 says why, in words.
  consoleErrors.allowHttpError(404, `/api/v1/overflow/${o.id}`);
  await page.goto(`/overflow/${o.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.getByText('a direct ask to someone else')).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
});

test('a former helper: after the overflow reopened and became a direct ask, My work and the engagement show a stub', async ({
  page,
  members,
}) => {
  const owner = await members.create();
  const tie = await members.create();
  const former = await members.create({ request: page.request });
  await tieBetween(owner, tie);
  const { overflow, engagementId } = await engagementAt(owner, former, 'active');
  await former.post(`/api/v1/engagements/${engagementId}/abandon`, { reason: 'I fell ill, sorry.' }, 200);
  const secret = await narrowAndRewrite(owner, overflow.id, tie);

  await page.goto('/work');
  const card = page.getByRole('article').filter({ hasText: STUB_TITLE });
  await expect(card).toHaveCount(1);
  await expect(card.getByText(STUB_NOTE)).toBeVisible();
  await expect(card.getByText('Abandoned', { exact: true })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
  // The engagement is still theirs to read: its link opens it.
  await card.getByRole('link', { name: STUB_TITLE }).click();
  await expect(page).toHaveURL(new RegExp(`/engagements/${engagementId}$`));

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(STUB_TITLE);
  await expect(page.getByText(STUB_NOTE)).toBeVisible();
  await expect(page.getByText('This engagement was abandoned')).toBeVisible();
  // No way back to an overflow page they cannot open, and no made-up facts about it.
  await expect(page.getByRole('link', { name: 'View the overflow' })).toHaveCount(0);
  await expect(page.getByText('Effort:')).toHaveCount(0);
  await expect(page.getByText('0 hours')).toHaveCount(0);
  await expect(page.getByText('No due date')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Skills' })).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(page.getByText('undefined')).toHaveCount(0);
});

test('an edit saved after an offer was accepted elsewhere: the form shows the conflict and stays open', async ({
  page,
  members,
  consoleErrors,
}) => {
  consoleErrors.allowHttpError(409, /^\/api\/v1\/overflow\/[^/]+$/);
  const owner = await members.create({ request: page.request });
  const helper = await members.create();
  const o = await postOverflow(owner);
  const offerId = await sendOffer(helper, o.id);

  await page.goto(`/overflow/${o.id}/edit`);
  await expect(field(page, 'Title')).toHaveValue(o.title);
  await field(page, 'Title').fill(`${o.title} (edited)`);
  // The owner accepts the offer in another tab before saving this one.
  await acceptOffer(owner, offerId);
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === `/api/v1/overflow/${o.id}`,
  );
  await page.getByRole('button', { name: 'Save changes', exact: true }).click();
  const res = await saved;
  expect(res.status()).toBe(409);
  const { error } = (await res.json()) as { error: { code: string; message: string } };
  const alert = page.getByRole('alert').filter({ hasText: 'This could not be saved' });
  await expect(alert).toContainText(error.message);
  await expect(alert).toContainText('assigned');
  await expect(page).toHaveURL(new RegExp(`/overflow/${o.id}/edit$`));
  expect((await owner.get<{ title: string }>(`/api/v1/overflow/${o.id}`)).title).toBe(o.title);
});

test('an unknown API path answers the JSON error shape; an unknown page is the web app’s 404', async ({
  page,
  request,
}) => {
  const res = await request.get('/api/v1/no-such-route');
  expect(res.status()).toBe(404);
  expect(res.headers()['content-type']).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('ROUTE_NOT_FOUND');
  expect(body.error.message).not.toContain('no-such-route');

  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
});
