import { addTags, chooseOption, field, serverURL, unique } from './fixtures.js';
import {
  addWorkRecord,
  cardWith,
  engagementAt,
  expect,
  idFromUrl,
  isoDaysFromNow,
  noticed,
  notificationsLink,
  optionsOf,
  pickMany,
  postOverflow,
  sendOffer,
  test,
} from './loop-fixtures.js';

// The drafting loop end to end, two people at two computers: the owner (the `page` fixture) posts overflow,
// the helper (a second browser context) offers, delivers twice, and ends up with verified work, a tie, a
// ledger entry and notifications. Every step a person takes is done in the UI; only sign-up, email
// confirmation and the helper's self-reported work record are made through the API.
test('post → offer → accept → deliver → revision → deliver → complete: verified work, tie, ledger, notifications', async ({
  page: ownerPage,
  members,
  extraPages,
}) => {
  test.setTimeout(90_000);
  const owner = await members.create({ request: ownerPage.request });
  const { page: helperPage } = await extraPages.open();
  const helper = await members.create({ request: helperPage.request });
  const evidence = await addWorkRecord(helper, { title: `Checkout usability study ${unique()}` });

  const u = unique();
  const skill = `loop-${u}`;
  const title = `Usability review of the signup flow ${u}`;
  const pitch = 'I ran a similar study last month and can share my scripts.';
  const endorsement = 'Sharp findings, delivered early, and the revision was spot on.';
  // Open overflow with another skill: the board's skill filter must hide it.
  const other = await postOverflow(owner, { title: `Unrelated overflow ${u}`, skills: [`other-${u}`] });

  // ---- The owner posts overflow.
  await ownerPage.goto('/overflow/new');
  await field(ownerPage, 'Title').fill(title);
  await field(ownerPage, 'Brief').fill(
    'Watch **five** new members sign up and tell us where they hesitate.\n\n<img src="x" onerror="window.__xss = 1">',
  );
  await addTags(ownerPage, 'Skills', [skill, 'ux-research']);
  await field(ownerPage, 'Effort (hours)').fill('8');
  await field(ownerPage, 'Due date').fill(isoDaysFromNow(30));
  await chooseOption(ownerPage, 'Visibility', 'Public');
  await ownerPage.getByRole('button', { name: 'Post overflow', exact: true }).click();
  await expect(ownerPage).toHaveURL(/\/overflow\/(?!new$)[^/]+$/);
  const overflowId = idFromUrl(ownerPage, 'overflow');
  await expect(ownerPage.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(ownerPage.getByRole('heading', { name: 'Offers', exact: true })).toBeVisible();
  // The brief is Markdown without raw HTML.
  await expect(ownerPage.locator('strong', { hasText: 'five' })).toBeVisible();
  await expect(ownerPage.locator('img[src="x"]')).toHaveCount(0);
  expect(await ownerPage.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(ownerPage.getByRole('button', { name: 'Send offer', exact: true })).toHaveCount(0);

  // ---- The helper finds it on the board, filtered by its skill, and opens it.
  await helperPage.goto('/board');
  await expect(helperPage.getByRole('heading', { level: 1, name: 'Board' })).toBeVisible();
  await addTags(helperPage, 'Skills', [skill]);
  const card = helperPage.getByRole('link', { name: title, exact: true });
  await expect(card).toBeVisible();
  await expect(helperPage.getByRole('link', { name: other.title, exact: true })).toHaveCount(0);
  await card.click();
  await expect(helperPage).toHaveURL(`${serverURL()}/overflow/${overflowId}`);
  await expect(helperPage.getByRole('heading', { level: 1 })).toHaveText(title);

  // ---- …and offers, with a work record as evidence.
  await field(helperPage, 'Pitch').fill(pitch);
  await pickMany(helperPage, 'Evidence', [evidence.title]);
  await field(helperPage, 'Delivery date').fill(isoDaysFromNow(10));
  await helperPage.getByRole('button', { name: 'Send offer', exact: true }).click();
  await expect(helperPage.getByText('Your offer is pending').first()).toBeVisible();
  await expect(helperPage.getByRole('button', { name: 'Withdraw offer', exact: true })).toBeVisible();

  // ---- The owner sees the offer, with the helper and the evidence, and accepts it.
  await ownerPage.reload();
  await expect(ownerPage.getByRole('heading', { name: 'Offers', exact: true })).toBeVisible();
  const accept = ownerPage.getByRole('button', { name: 'Accept offer', exact: true });
  const offer = cardWith(ownerPage, pitch, accept);
  await expect(offer.getByRole('link', { name: helper.name })).toBeVisible();
  await expect(offer.getByText(evidence.title).first()).toBeVisible();
  await expect(offer.getByRole('button', { name: 'Decline', exact: true })).toBeVisible();
  await offer.getByRole('button', { name: 'Accept offer', exact: true }).click();
  // Said before it happens: the confirmation names what accepting declines.
  const confirm = ownerPage.getByRole('dialog', { name: `Accept ${helper.name}’s offer?` });
  await expect(confirm).toContainText(/declines (no other offer|\d+ other offers?)/);
  await confirm.getByRole('button', { name: 'Accept and start', exact: true }).click();
  await expect(ownerPage).toHaveURL(/\/engagements\/[^/]+$/);
  const engagementId = idFromUrl(ownerPage, 'engagements');
  await expect(ownerPage.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(ownerPage.getByRole('heading', { name: 'Timeline', exact: true })).toBeVisible();

  // ---- The helper opens the engagement from the overflow page and delivers.
  await helperPage.reload();
  await helperPage.getByRole('link', { name: 'Open engagement', exact: true }).click();
  await expect(helperPage).toHaveURL(`${serverURL()}/engagements/${engagementId}`);
  const firstNote = 'First pass: five sessions, notes and a highlight reel.';
  await field(helperPage, 'Delivery note').fill(firstNote);
  await field(helperPage, 'Links').fill('https://example.org/reel\nhttps://example.org/notes');
  await helperPage.getByRole('button', { name: 'Submit delivery', exact: true }).click();
  await expect(helperPage.getByText(firstNote).first()).toBeVisible();
  await expect(helperPage.getByRole('button', { name: 'Submit delivery', exact: true })).toHaveCount(0);

  // ---- The owner asks for a revision.
  await ownerPage.reload();
  await expect(ownerPage.getByText(firstNote).first()).toBeVisible();
  const revisionNote = 'Please add the drop-off numbers per step.';
  await ownerPage.getByRole('button', { name: 'Request revision', exact: true }).click();
  await field(ownerPage, 'What should change?').fill(revisionNote);
  await ownerPage.getByRole('button', { name: 'Send revision request', exact: true }).click();
  await expect(ownerPage.getByText(revisionNote).first()).toBeVisible();
  await expect(ownerPage.getByRole('button', { name: 'Complete engagement', exact: true })).toHaveCount(0);

  // ---- The helper sees the request and delivers again.
  await helperPage.reload();
  await expect(helperPage.getByText(revisionNote).first()).toBeVisible();
  const secondNote = 'Second pass: drop-off per step added to the report.';
  await field(helperPage, 'Delivery note').fill(secondNote);
  await field(helperPage, 'Links').fill('https://example.org/report');
  await helperPage.getByRole('button', { name: 'Submit delivery', exact: true }).click();
  await expect(helperPage.getByText(secondNote).first()).toBeVisible();

  // ---- The owner completes it with a rating, an endorsement and the skill shown.
  await ownerPage.reload();
  await expect(ownerPage.getByText(secondNote).first()).toBeVisible();
  await chooseOption(ownerPage, 'Rating', '5');
  await field(ownerPage, 'Endorsement').fill(endorsement);
  await pickMany(ownerPage, 'Skills demonstrated', [skill]);
  await ownerPage.getByRole('button', { name: 'Complete engagement', exact: true }).click();
  // Completing confirms first and shows what the public record will show.
  const verify = ownerPage.getByRole('dialog', { name: 'Complete and verify' });
  await expect(verify.getByText(endorsement).first()).toBeVisible();
  await verify.getByRole('button', { name: 'Complete and verify', exact: true }).click();
  await expect(ownerPage.getByText('Completed', { exact: true }).first()).toBeVisible();
  await expect(ownerPage.getByText(endorsement).first()).toBeVisible();
  const verifiedLink = ownerPage.getByRole('link', { name: 'View verified work', exact: true });
  await expect(verifiedLink).toHaveAttribute('href', new RegExp(`/@${helper.handle}$`));

  // ---- Anyone (signed out) sees it on the helper's profile as verified work, with the endorsement.
  const { page: visitor } = await extraPages.open();
  await visitor.goto(`/@${helper.handle}`);
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(helper.name);
  const verified = visitor.getByRole('region', { name: 'Verified work' });
  const record = verified.getByRole('article').filter({ hasText: title });
  await expect(record).toBeVisible();
  await expect(record.getByText(endorsement)).toBeVisible();
  await expect(record.getByText(skill, { exact: true })).toBeVisible();
  await expect(record.getByText('Verified', { exact: true })).toBeVisible();
  await expect(visitor.getByText('Completion record').first()).toBeVisible();
  await expect(visitor.getByText(/\b1 completed\b/).first()).toBeVisible();

  // ---- Both see the tie and the ledger. Since issue 8 the owner gave too (the work itself, a review in time,
  // an endorsement: ADR 0008), so neither is called anything after one engagement, and the tie is two-sided.
  // A member who only thanked the owner is a tie the owner only received from: their open overflow is
  // offered as a way to give back.
  const fan = await members.create();
  const ownerWork = await addWorkRecord(owner, { title: `Talk on onboarding ${u}` });
  await noticed(fan, ownerWork.id, owner);
  await fan.post('/api/v1/thanks', { toHandle: owner.handle, message: 'Your talk changed how we onboard.' });
  const fanOverflow = await postOverflow(fan, { title: `Proofread my case study ${u}` });
  const tieLabel = `worked together on “${title}”`;
  await ownerPage.goto('/ties');
  await expect(ownerPage.getByRole('heading', { level: 1, name: 'Ties & ledger' })).toBeVisible();
  await expect(ownerPage.getByText('Not enough history yet', { exact: true }).first()).toBeVisible();
  const ownerTie = cardWith(ownerPage, tieLabel, ownerPage.getByRole('link', { name: helper.name }));
  await expect(ownerTie).toBeVisible();
  await expect(ownerTie.getByText('Only received')).toHaveCount(0);
  await expect(ownerTie.getByRole('button', { name: 'Thank' })).toBeVisible();
  const fanTie = cardWith(ownerPage, 'met through', ownerPage.getByRole('link', { name: fan.name }));
  await expect(fanTie.getByText('Only received').first()).toBeVisible();
  await expect(ownerPage.getByRole('heading', { name: 'Ways to give back', exact: true })).toBeVisible();
  // (The contract names only "links": the whole card may be the link, so its name starts with the title.)
  const giveBack = ownerPage.getByRole('link', { name: fanOverflow.title });
  await expect(giveBack).toHaveAttribute('href', new RegExp(`/overflow/${fanOverflow.id}$`));

  await helperPage.goto('/ties');
  await expect(helperPage.getByRole('heading', { level: 1, name: 'Ties & ledger' })).toBeVisible();
  await expect(helperPage.getByText('Not enough history yet', { exact: true }).first()).toBeVisible();
  const helperTie = cardWith(helperPage, tieLabel, helperPage.getByRole('link', { name: owner.name }));
  await expect(helperTie).toBeVisible();
  await expect(helperTie.getByText('Only received')).toHaveCount(0);

  // ---- The helper's notifications: accepted, revision, completed; the header shows the unread count.
  const { unreadCount } = await helper.get<{ unreadCount: number }>('/api/v1/me/notifications');
  expect(unreadCount).toBeGreaterThanOrEqual(3);
  await helperPage.goto('/notifications');
  await expect(helperPage.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  const bell = notificationsLink(helperPage);
  await expect(bell).toHaveAccessibleName(new RegExp(`^Notifications\\b.*\\b${unreadCount}\\b.*unread`));
  for (const text of [
    `${owner.name} accepted your offer on “${title}”`,
    `${owner.name} asked for a revision on “${title}”`,
    `“${title}” is complete`,
  ]) {
    await expect(helperPage.getByText(text).first()).toBeVisible();
  }
  // Each notification leads to where it happened (the item is a link to its path).
  await expect(
    helperPage.getByRole('link').filter({ hasText: `${owner.name} accepted your offer` }),
  ).toHaveAttribute('href', new RegExp(`/engagements/${engagementId}$`));

  await helperPage.getByRole('button', { name: 'Mark all read', exact: true }).click();
  await expect(bell).toHaveAccessibleName(/^Notifications(, 0 unread)?$/);
  expect((await helper.get<{ unreadCount: number }>('/api/v1/me/notifications')).unreadCount).toBe(0);
  await helperPage.reload();
  await expect(helperPage.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await expect(notificationsLink(helperPage)).toHaveAccessibleName(/^Notifications(, 0 unread)?$/);
});

test('the board: filter by skill and effort, sort by due date; the same sorts for members (best match is the For you tab)', async ({
  page,
  members,
}) => {
  test.setTimeout(60_000); // two reloads and the address round trip on top of the filters
  const owner = await members.create();
  const u = unique();
  const skill = `board-${u}`;
  const small = await postOverflow(owner, {
    title: `Small job ${u}`,
    skills: [skill],
    effortHours: 3,
    dueOn: isoDaysFromNow(10),
  });
  const big = await postOverflow(owner, {
    title: `Big job ${u}`,
    skills: [skill],
    effortHours: 20,
    dueOn: isoDaysFromNow(40),
  });
  const links = page.getByRole('link', { name: new RegExp(`^(Small|Big) job ${u}$`) });

  // Signed out: the board is public.
  await page.goto('/board');
  await expect(page.getByRole('heading', { level: 1, name: 'Board' })).toBeVisible();
  expect(await optionsOf(page, 'Sort')).toEqual(['Newest', 'Due soonest']);
  await expect(page.getByRole('link', { name: 'Post overflow', exact: true })).toHaveCount(0);
  await addTags(page, 'Skills', [skill]);
  await expect(links).toHaveText([big.title, small.title]); // newest first

  await chooseOption(page, 'Sort', 'Due soonest');
  await expect(links).toHaveText([small.title, big.title]);
  await field(page, 'Minimum effort').fill('10');
  await expect(links).toHaveText([big.title]);
  await field(page, 'Minimum effort').fill('');
  await field(page, 'Maximum effort').fill('5');
  await expect(links).toHaveText([small.title]);
  await field(page, 'Maximum effort').fill('');
  await field(page, 'Due before').fill(isoDaysFromNow(20));
  await expect(links).toHaveText([small.title]);

  // The filters round-trip through the address (OverflowFilterPanel, shared with search): a reload shows them.
  await expect(page).toHaveURL(new RegExp(`skills=${skill}.*dueBefore=.*sort=due`));
  await page.reload();
  await expect(links).toHaveText([small.title]);
  await expect(
    page.getByRole('region', { name: 'Filter and sort' }).getByText(skill, { exact: true }),
  ).toBeVisible();
  await expect(field(page, 'Due before')).toHaveValue(isoDaysFromNow(20));
  await expect(field(page, 'Sort')).toHaveValue('Due soonest');
  // A minimum above the maximum is flagged on the field, and nothing is asked of the server (it would 400).
  await field(page, 'Minimum effort').fill('30');
  await field(page, 'Maximum effort').fill('10');
  await expect(page.getByText('At least the minimum (30 h)')).toBeVisible();
  await expect(page.getByText('The effort range is the wrong way round')).toBeVisible();
  await field(page, 'Minimum effort').fill('');
  await expect(links).toHaveText([small.title]);
  // "Clear filters" clears the filters and keeps the sort.
  await page.getByRole('button', { name: 'Clear filters', exact: true }).first().click();
  await expect(page).toHaveURL(/\/board\?sort=due$/);
  await expect(field(page, 'Sort')).toHaveValue('Due soonest');

  // Signed in: "Post overflow"; matching to the member lives in the For you tab (e2e/matching.spec.ts).
  await members.create({ request: page.request });
  await page.goto('/board');
  expect(await optionsOf(page, 'Sort')).toEqual(['Newest', 'Due soonest']);
  await page.getByRole('link', { name: 'Post overflow', exact: true }).click();
  await expect(page).toHaveURL(/\/overflow\/new$/);
});

test('the owner edits, declines an offer with a note and cancels; a helper withdraws', async ({
  page,
  members,
  extraPages,
}) => {
  test.setTimeout(60_000);
  const owner = await members.create({ request: page.request });
  const { page: helperPage } = await extraPages.open();
  const withdrawing = await members.create({ request: helperPage.request });
  const declined = await members.create();
  const o = await postOverflow(owner);
  await sendOffer(withdrawing, o.id, { pitch: 'I could do this one next week, gladly.' });
  const declinedPitch = 'Happy to take this on right away if you like.';
  const declinedOffer = await sendOffer(declined, o.id, { pitch: declinedPitch });

  // Edit while open.
  const newTitle = `${o.title} (edited)`;
  await page.goto(`/overflow/${o.id}`);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/overflow/${o.id}/edit$`));
  await expect(field(page, 'Title')).toHaveValue(o.title);
  await field(page, 'Title').fill(newTitle);
  await page.getByRole('button', { name: 'Save changes', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/overflow/${o.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(newTitle);

  // Decline one offer, with a note.
  const accept = page.getByRole('button', { name: 'Accept offer', exact: true });
  await expect(accept).toHaveCount(2);
  await cardWith(page, declinedPitch, accept).getByRole('button', { name: 'Decline', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await field(dialog, 'Note').fill('We went another way for this one, thank you.');
  await dialog.getByRole('button', { name: 'Decline offer', exact: true }).click();
  await expect(dialog).toBeHidden();
  // It may stay in the list, marked declined, but can no longer be accepted.
  await expect(accept).toHaveCount(1);
  const declinedCard = cardWith(page, declinedPitch, page.getByRole('link', { name: declined.name }));
  await expect(declinedCard).toBeVisible();
  await expect(declinedCard.getByRole('button', { name: 'Accept offer', exact: true })).toHaveCount(0);
  const { items } = await declined.get<{ items: { id: string; status: string; declineNote: string }[] }>(
    '/api/v1/me/offers',
  );
  expect(items.find((i) => i.id === declinedOffer)).toMatchObject({
    status: 'declined',
    declineNote: 'We went another way for this one, thank you.',
  });

  // The other helper withdraws theirs.
  await helperPage.goto(`/overflow/${o.id}`);
  await expect(helperPage.getByText('Your offer is pending').first()).toBeVisible();
  await helperPage.getByRole('button', { name: 'Withdraw offer', exact: true }).click();
  await helperPage
    .getByRole('dialog', { name: 'Withdraw your offer?' })
    .getByRole('button', { name: 'Withdraw offer', exact: true })
    .click();
  await expect(helperPage.getByRole('button', { name: 'Send offer', exact: true })).toBeVisible();
  await page.reload();
  await expect(accept).toHaveCount(0);

  // Cancel: it leaves the board, and can no longer be edited.
  await page.getByRole('button', { name: 'Cancel overflow', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, cancel it', exact: true }).click();
  await expect(page.getByText(/cancelled/i).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Cancel overflow', exact: true })).toHaveCount(0);
  const detail = await owner.get<{ status: string }>(`/api/v1/overflow/${o.id}`);
  expect(detail.status).toBe('cancelled');
});

test('a helper abandons with a reason: the overflow reopens, the owner is told, the record shows it', async ({
  page,
  members,
}) => {
  const owner = await members.create();
  const helper = await members.create({ request: page.request });
  const { overflow, engagementId } = await engagementAt(owner, helper, 'active');
  const reason = 'A family emergency: I cannot give this the time it needs.';

  await page.goto(`/engagements/${engagementId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(overflow.title);
  await page.getByRole('button', { name: 'Abandon engagement', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await field(dialog, 'Reason').fill(reason);
  await dialog.getByRole('button', { name: 'Abandon', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/abandoned/i).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Submit delivery', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Abandon engagement', exact: true })).toHaveCount(0);

  // Nothing is credited; the overflow is open again; the owner hears why.
  expect((await owner.get<{ status: string }>(`/api/v1/overflow/${overflow.id}`)).status).toBe('open');
  const { items } = await owner.get<{ items: { text: string }[] }>('/api/v1/me/notifications');
  expect(items.map((i) => i.text)).toContainEqual(expect.stringContaining(`Reason: “${reason}”`));

  await page.goto(`/@${helper.handle}`);
  await expect(page.getByText('Completion record').first()).toBeVisible();
  await expect(page.getByText(/\b1 abandoned\b/).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Verified work' }).getByRole('article')).toHaveCount(0);
});
