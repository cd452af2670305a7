import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoA11yViolations, unique } from './fixtures.js';
import { engagementAt, expect, notificationsLink, test } from './loop-fixtures.js';
import { DESKTOP, PHONE } from './support/chromium.js';
import { ROOT } from './support/server.js';

// Issue 8 — talking while working: the owner and the helper, each in their own browser, have a conversation on
// the engagement page during the work. Messages appear without a reload (polling), Markdown renders without
// raw HTML, the recipient's notification is read once the conversation is open, an own message is editable
// and shows "edited". A third member's view says the engagement is private. axe runs on the page with a
// conversation, and screenshots at 1280 and 390 px go to screenshots/ (gitignored).

const SHOTS = join(ROOT, 'screenshots');

test('owner and helper talk on the engagement page; a third member is told it is private', async ({
  page: ownerPage,
  members,
  extraPages,
}) => {
  test.setTimeout(90_000);
  const owner = await members.create({ request: ownerPage.request });
  const { page: helperPage } = await extraPages.open();
  const helper = await members.create({ request: helperPage.request });
  const u = unique();
  const { engagementId, overflow } = await engagementAt(owner, helper, 'active', {
    title: `Accessibility review of the checkout ${u}`,
    brief:
      'Review the **checkout** for keyboard and screen-reader use.\n\n- Five screens\n- Report in a shared doc',
    skills: ['accessibility'],
    effortHours: 6,
  });
  const path = `/engagements/${engagementId}`;

  await Promise.all([ownerPage.goto(path), helperPage.goto(path)]);
  for (const p of [ownerPage, helperPage]) {
    // The first load of the page's chunk can be slow on a busy machine.
    await expect(p.getByRole('heading', { level: 1 })).toHaveText(overflow.title, { timeout: 20_000 });
    // The brief, its skills, effort and due date are on the engagement page.
    const brief = p.getByRole('region', { name: 'The brief' });
    await expect(brief.locator('strong', { hasText: 'checkout' })).toBeVisible();
    await expect(brief.getByText('6 hours')).toBeVisible();
    await expect(brief.getByText('accessibility')).toBeVisible();
  }

  // ---- The helper asks a question; it reaches the owner without a reload.
  const helperComposer = helperPage.getByRole('form', { name: 'Send a message' });
  await helperComposer
    .getByLabel('Message')
    .fill('Where is the **staging** link? <img src="x" onerror="window.__xss = 1">');
  await expect(helperComposer.getByText(/^\d+ \/ 4,000 characters$/)).toBeVisible();
  await helperComposer.getByRole('button', { name: 'Send' }).click();
  await expect(helperComposer.getByLabel('Message')).toHaveValue('');
  const helperQuestion = helperPage.getByRole('listitem', { name: `Message from ${helper.name}` });
  await expect(helperQuestion.locator('strong', { hasText: 'staging' })).toBeVisible();

  const ownerTimeline = ownerPage.getByRole('list', { name: 'Timeline' });
  const question = ownerTimeline.getByRole('listitem', { name: `Message from ${helper.name}` });
  await expect(question.locator('strong', { hasText: 'staging' })).toBeVisible({ timeout: 15_000 });
  // New since the owner opened the page (they had never read this conversation).
  await expect(question.getByText('new', { exact: true })).toBeVisible();
  await expect(ownerPage.locator('img[src="x"]')).toHaveCount(0);
  expect(await ownerPage.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  // In time order: the start of the engagement comes before the question.
  const items = ownerTimeline.locator(':scope > li');
  await expect(items.first()).toContainText('Engagement started');
  await expect(items.last()).toContainText('staging');

  // The owner had the page open: the message notification is already read (the header badge follows).
  await expect
    .poll(async () => {
      const list = await owner.get<{ items: { type: string; read: boolean }[] }>(
        '/api/v1/me/notifications?limit=20',
      );
      return list.items.filter((n) => n.type === 'engagement_message').map((n) => n.read);
    })
    .toEqual([true]);
  await expect(notificationsLink(ownerPage)).toBeVisible();

  // ---- The owner answers with a link; the helper sees it without a reload.
  const ownerComposer = ownerPage.getByRole('form', { name: 'Send a message' });
  await ownerComposer
    .getByLabel('Message')
    .fill('Here it is: [staging](https://staging.example.org). Thanks for asking!');
  await ownerComposer.getByRole('button', { name: 'Send' }).click();
  const answer = helperPage.getByRole('listitem', { name: `Message from ${owner.name}` });
  await expect(answer.getByRole('link', { name: 'staging' })).toHaveAttribute(
    'href',
    'https://staging.example.org',
    { timeout: 15_000 },
  );

  // ---- The owner edits their answer within the 10 minutes: both see it marked "edited".
  const ownAnswer = ownerPage.getByRole('listitem', { name: `Message from ${owner.name}` });
  await ownAnswer.getByRole('button', { name: 'Edit your message' }).click();
  await ownAnswer.getByLabel('Edit your message').fill('Here it is: [staging](https://staging.example.org).');
  await ownAnswer.getByRole('button', { name: 'Save' }).click();
  await expect(ownAnswer.getByText('edited', { exact: true })).toBeVisible();
  await expect(answer.getByText('edited', { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(answer).not.toContainText('Thanks for asking');
  // Nobody edits the other's message.
  await expect(question.getByRole('button', { name: 'Edit your message' })).toHaveCount(0);

  // ---- axe, and screenshots at 1280 and 390 px with the conversation.
  await expectNoA11yViolations(ownerPage);
  mkdirSync(SHOTS, { recursive: true });
  await ownerPage.setViewportSize(DESKTOP);
  await ownerPage.evaluate(() => window.scrollTo(0, 0));
  await ownerPage.screenshot({ path: join(SHOTS, 'engagement-conversation-desktop.png'), fullPage: true });
  await ownerPage.setViewportSize(PHONE);
  await expect(ownerComposer.getByRole('button', { name: 'Send' })).toBeVisible();
  await expectNoA11yViolations(ownerPage);
  await ownerPage.evaluate(() => window.scrollTo(0, 0));
  await ownerPage.screenshot({ path: join(SHOTS, 'engagement-conversation-phone.png'), fullPage: true });

  // ---- An empty message is refused in the form.
  await ownerComposer.getByRole('button', { name: 'Send' }).click();
  await expect(ownerComposer.getByText('Write a message first.')).toBeVisible();

  // ---- A third member: the engagement is private, said in words (the API answers 404 as before).
  const { page: strangerPage, guard } = await extraPages.open();
  await members.create({ request: strangerPage.request });
  guard.allowHttpError(404, `/api/v1/engagements/${engagementId}`);
  await strangerPage.goto(path);
  await expect(strangerPage.getByRole('heading', { level: 1 })).toHaveText('This engagement is private');
  await expect(strangerPage.getByText('staging')).toHaveCount(0);
  await expectNoA11yViolations(strangerPage);
  await strangerPage.screenshot({ path: join(SHOTS, 'engagement-private-desktop.png'), fullPage: true });
});

test('a long conversation loads its latest page first; "Load earlier" brings the older messages and events', async ({
  page,
  members,
}) => {
  test.setTimeout(60_000);
  const helper = await members.create({ request: page.request });
  const owner = await members.create();
  const { engagementId } = await engagementAt(owner, helper, 'active');
  // 32 messages: one more page than the 30 the page loads first.
  for (let i = 1; i <= 32; i++) {
    await (i % 2 ? owner : helper).post(`/api/v1/engagements/${engagementId}/messages`, {
      body: `Message number ${i}`,
    });
  }
  await page.goto(`/engagements/${engagementId}`);
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(timeline.getByText('Message number 32', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(timeline.getByText('Message number 3', { exact: true })).toBeVisible();
  await expect(timeline.getByText('Message number 2', { exact: true })).toHaveCount(0);
  // The start is older than the oldest loaded message: it waits with the older page, so the order holds.
  await expect(timeline.getByText(/Engagement started/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Load earlier' }).click();
  await expect(timeline.getByText('Message number 1', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load earlier' })).toHaveCount(0);
  const items = timeline.locator(':scope > li');
  await expect(items).toHaveCount(33);
  await expect(items.first()).toContainText('Engagement started');
  await expect(items.nth(1)).toContainText('Message number 1');
  await expect(items.last()).toContainText('Message number 32');
});
