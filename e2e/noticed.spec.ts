import type { Page } from '@playwright/test';
import { addTags, chooseOption, field, unique } from './fixtures.js';
import {
  addWorkRecord,
  cardWith,
  engagementAt,
  expect,
  isoDaysFromNow,
  postOverflow,
  test,
  type Actor,
} from './loop-fixtures.js';

/** The "Noticed notes" tab or section of /ties. */
function noticedNotes(page: Page) {
  return page
    .getByRole('heading', { name: 'Noticed notes', exact: true })
    .or(page.getByRole('tab', { name: 'Noticed notes', exact: true }));
}

// Ties form only from work: a completed engagement, or a noticed note about one specific piece of work that
// its author accepts. No connect button anywhere.
test('noticed → accept → a tie "met through …" → thanks on the gratitude wall', async ({
  page: aPage,
  members,
  extraPages,
}) => {
  test.setTimeout(60_000);
  const a = await members.create({ request: aPage.request });
  const { page: bPage } = await extraPages.open();
  const b = await members.create({ request: bPage.request });
  const work = await addWorkRecord(b, { title: `Talk: scaling design critique ${unique()}`, kind: 'talk' });
  const note = `I saw your talk on design critique and started running ours the same way. ${unique()}`;
  const thanks = `Thank you for the note about my talk, it made my week. ${unique()}`;

  // ---- A notices a piece of B's work from B's profile.
  await aPage.goto(`/@${b.handle}`);
  await expect(aPage.getByRole('heading', { level: 1 })).toHaveText(b.name);
  await expect(aPage.getByRole('button', { name: /connect|follow/i })).toHaveCount(0);
  const record = aPage.getByRole('article').filter({ hasText: work.title });
  await record.getByRole('button', { name: 'Notice this work', exact: true }).click();
  const dialog = aPage.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await field(dialog, 'Message').fill(note);
  await dialog.getByRole('button', { name: 'Send note', exact: true }).click();
  await expect(dialog).toBeHidden();
  // The sender sees the note among their sent notes.
  await aPage.goto('/ties?tab=noticed');
  await expect(noticedNotes(aPage).first()).toBeVisible();
  await expect(aPage.getByText(note).first()).toBeVisible();

  // ---- B finds it among their noticed notes and accepts.
  await bPage.goto('/ties?tab=noticed');
  await expect(noticedNotes(bPage).first()).toBeVisible();
  const accept = bPage.getByRole('button', { name: 'Accept', exact: true });
  const received = cardWith(bPage, note, accept);
  await expect(received).toBeVisible();
  await expect(received.getByText(a.name).first()).toBeVisible();
  await expect(received.getByRole('button', { name: 'Ignore', exact: true })).toBeVisible();
  await received.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(bPage.getByRole('button', { name: 'Accept', exact: true })).toHaveCount(0);

  // ---- Both now have a tie, labelled with the work that started it.
  const label = `met through “${work.title}”`;
  await bPage.goto('/ties');
  await expect(bPage.getByRole('heading', { level: 1, name: 'Ties & ledger' })).toBeVisible();
  await expect(bPage.getByRole('heading', { name: 'Your ties', exact: true })).toBeVisible();
  const bTie = cardWith(bPage, label, bPage.getByRole('link', { name: a.name }));
  await expect(bTie).toBeVisible();

  await aPage.goto('/ties');
  await expect(aPage.getByRole('heading', { level: 1, name: 'Ties & ledger' })).toBeVisible();
  await expect(cardWith(aPage, label, aPage.getByRole('link', { name: b.name }))).toBeVisible();

  // ---- B thanks A from /ties; the thanks shows on A's public profile.
  await bTie.getByRole('button', { name: 'Thank', exact: true }).click();
  const thankDialog = bPage.getByRole('dialog');
  await expect(thankDialog).toBeVisible();
  await field(thankDialog, 'Message').fill(thanks);
  await thankDialog.getByRole('button', { name: 'Send thanks', exact: true }).click();
  await expect(thankDialog).toBeHidden();

  const { page: visitor } = await extraPages.open();
  await visitor.goto(`/@${a.handle}`);
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(a.name);
  // The wall: the nearest ancestor of the "Thanks" heading that holds the message.
  const wall = visitor
    .getByRole('heading', { name: 'Thanks', exact: true })
    .locator(`xpath=ancestor::*[contains(normalize-space(.), "${thanks}")][1]`);
  await expect(wall.getByText(thanks)).toBeVisible();
  await expect(wall.getByText(b.name).first()).toBeVisible();
});

// ---------------------------------------------------------------------------------------------- refusals

test('the ledger page shows its first ties and loads the rest a page at a time', async ({
  page,
  members,
}) => {
  await members.create({ request: page.request });
  const others = [await members.create(), await members.create()];
  const [first, second] = others.map((o, i) => fakeTieOf(o, `met through “talk ${i} ${unique()}”`));
  // The server pages ties 20 at a time; here the ledger says one more page follows its (one) tie, and
  // GET /me/ties answers that cursor, so the page's paging is what is under test.
  await page.route(/\/api\/v1\/me\/ledger$/, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { ties: unknown[]; tiesNextCursor: string | null };
    body.ties.push(first);
    body.tiesNextCursor = 'the-next-page';
    await route.fulfill({ response, json: body });
  });
  await page.route(/\/api\/v1\/me\/ties\?.*cursor=the-next-page/, async (route) => {
    await route.fulfill({ json: { items: [second], nextCursor: null } });
  });
  await page.goto('/ties');
  await expect(page.getByRole('heading', { name: 'Your ties', exact: true })).toBeVisible();
  await expect(page.getByText(first!.label)).toBeVisible();
  await expect(page.getByText(second!.label)).toHaveCount(0);
  await page.getByRole('button', { name: 'Load more ties' }).click();
  await expect(page.getByText(second!.label)).toBeVisible();
  await expect(page.getByText(first!.label)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load more ties' })).toHaveCount(0);
});

test.describe('every refusal explains itself', () => {
  test('a direct ask to someone who is not a tie: the server says to offer before you ask', async ({
    page,
    members,
    consoleErrors,
  }) => {
    consoleErrors.allowHttpError(409, '/api/v1/overflow');
    const a = await members.create({ request: page.request });
    const stranger = await members.create();
    // A has no ties, so the page has nobody to offer in "Ask whom". Make the page believe a stranger is a
    // tie (as a stale list would), so that the ask reaches the server, which alone decides.
    await fakeTie(page, stranger);

    await page.goto('/overflow/new');
    await field(page, 'Title').fill(`Quick review of my pitch deck ${unique()}`);
    await field(page, 'Brief').fill('Ten slides; I need an honest opinion on the story.');
    await addTags(page, 'Skills', ['storytelling']);
    await field(page, 'Effort (hours)').fill('2');
    await chooseOption(page, 'Visibility', 'Ask one of your ties');
    await chooseOption(page, 'Ask whom', new RegExp(stranger.name));
    const posted = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/overflow',
    );
    await page.getByRole('button', { name: 'Post overflow', exact: true }).click();
    const res = await posted;
    expect(res.status()).toBe(409);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('ASK_REQUIRES_TIE');
    await expect(page.getByRole('alert').filter({ hasText: error.message })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'offer before you ask' })).toBeVisible();
    await expect(page).toHaveURL(/\/overflow\/new$/);
    // Nothing was posted.
    const mine = await a.get<{ items: unknown[] }>(`/api/v1/overflow?owner=${a.handle}&status=all`);
    expect(mine.items).toEqual([]);
  });

  test('an offer beyond your capacity: the form says why before you write, and so does the server', async ({
    page,
    members,
  }) => {
    const owner = await members.create();
    const helper = await members.create({ request: page.request });
    await helper.patch('/api/v1/me', { capacity: 1 });
    await engagementAt(owner, helper, 'active');
    const next = await postOverflow(owner, { title: `Second thing to help with ${unique()}` });

    await page.goto(`/overflow/${next.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(next.title);
    // Said before it happens: the form is disabled with the reason, instead of refusing after the writing.
    await expect(page.getByTestId('capacity-notice')).toContainText('You are at your capacity');
    await expect(field(page, 'Pitch')).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Send offer', exact: true })).toBeDisabled();
    // The server's rule still holds for a client that writes anyway, in the same words.
    const refused = await helper.attempt(`/api/v1/overflow/${next.id}/offers`, {
      pitch: 'Happy to help with this one as well, quickly.',
      evidence: [],
      proposedOn: isoDaysFromNow(7),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(
      'You are already in 1 engagement (active, or delivered and awaiting review), your capacity.',
    );
    await expect(page.getByText('Your offer is pending')).toHaveCount(0);
  });

  test('no offer on your own overflow; signed out, the page says to sign in', async ({
    page,
    members,
    extraPages,
  }) => {
    const owner = await members.create({ request: page.request });
    const o = await postOverflow(owner);

    await page.goto(`/overflow/${o.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(o.title);
    await expect(page.getByRole('heading', { name: 'Offers', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send offer', exact: true })).toHaveCount(0);
    // …and the API refuses it with a sentence, not just a code.
    const refused = await owner.attempt(`/api/v1/overflow/${o.id}/offers`, {
      pitch: 'Offering on my own overflow, which should not work.',
      evidence: [],
      proposedOn: isoDaysFromNow(5),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      code: 'OWN_OVERFLOW',
      message: 'You cannot offer on your own overflow.',
    });

    const { page: visitor } = await extraPages.open();
    await visitor.goto(`/overflow/${o.id}`);
    await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(o.title);
    await expect(visitor.getByText('Sign in to offer your help.')).toBeVisible();
    await expect(visitor.getByRole('button', { name: 'Send offer', exact: true })).toHaveCount(0);
  });
});

/**
 * Adds `other` to the ties the signed-in page is shown (GET /api/v1/me/ties and the ledger's `ties`),
 * leaving the server's data untouched.
 */
function fakeTieOf(other: Actor, label = 'met through “a talk”') {
  return {
    id: `fake-${unique()}`,
    member: { id: other.member.id, handle: other.handle, name: other.name, headline: '' },
    formedVia: 'noticed',
    label,
    strength: 1,
    since: new Date().toISOString(),
    lastActivity: new Date().toISOString(),
    given: 1,
    received: 1,
    transactional: false,
  };
}

async function fakeTie(page: Page, other: Actor) {
  const tie = fakeTieOf(other);
  await page.route(/\/api\/v1\/me\/(ties|ledger)(\?.*)?$/, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { items?: unknown[]; ties?: unknown[] };
    if (Array.isArray(body.items)) body.items.push(tie);
    if (Array.isArray(body.ties)) body.ties.push(tie);
    await route.fulfill({ response, json: body });
  });
}
