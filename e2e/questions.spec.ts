// Issue 8 — working together on a posting: a question and its answer between two people (two browser
// contexts), the accept confirmation that says how many offers it declines, and the capacity notice on the
// offer form. axe on the overflow page with questions and on the open confirmation dialog; screenshots at
// 1280 and 390 px into screenshots/ (gitignored).
import type { Page } from '@playwright/test';
import { expectNoA11yViolations, field } from './fixtures.js';
import { expect, postOverflow, sendOffer, test, acceptOffer } from './loop-fixtures.js';
import { DESKTOP, PHONE } from './support/chromium.js';

// A shared, busy machine: first paints and screenshots get more time than the suite's defaults.
test.describe.configure({ timeout: 120_000 });
const LOAD = { timeout: 30_000 };

async function shoot(page: Page, name: string) {
  for (const [label, size] of [
    ['1280', DESKTOP],
    ['390', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({
      path: `screenshots/issue8-${name}-${label}.png`,
      fullPage: true,
      timeout: 30_000,
    });
  }
  await page.setViewportSize(DESKTOP);
}

test('a member asks on a posting and the owner answers, each in their own browser', async ({
  page,
  members,
  extraPages,
}) => {
  const owner = await members.create({ request: page.request });
  const o = await postOverflow(owner, { title: 'Review the pricing page copy' });

  // The asker, at another computer.
  const { page: askerPage } = await extraPages.open();
  await members.create({ request: askerPage.request });
  await askerPage.goto(`/overflow/${o.id}`);
  await expect(askerPage.getByRole('heading', { level: 2, name: 'Questions' })).toBeVisible(LOAD);
  await expect(askerPage.getByText('No questions yet.')).toBeVisible();
  await field(askerPage, 'Your question').fill('Is the **German** version in scope too?');
  await askerPage.getByRole('button', { name: 'Ask', exact: true }).click();
  const asked = askerPage.getByRole('article', { name: /^Question from / });
  await expect(asked).toContainText('Is the German version in scope too?');
  await expect(asked.locator('strong')).toHaveText('German'); // Markdown, rendered
  await expect(asked).toContainText('Not answered yet.');

  // The owner answers on their page.
  await page.goto(`/overflow/${o.id}`);
  const question = page.getByRole('article', { name: /^Question from / });
  await expect(question).toContainText('Is the German version in scope too?', LOAD);
  await field(question, 'Your answer').fill('English only for now; German comes next quarter.');
  await question.getByRole('button', { name: 'Post answer' }).click();
  await expect(question).toContainText(`Answer from ${owner.name}`);
  await expect(question).toContainText('English only for now');
  await expectNoA11yViolations(page);
  await shoot(page, 'overflow-questions-owner');

  // The asker sees the answer.
  await askerPage.reload();
  await expect(askerPage.getByRole('article', { name: /^Question from / })).toContainText(
    'English only for now; German comes next quarter.',
    LOAD,
  );
  await expectNoA11yViolations(askerPage);
  await shoot(askerPage, 'overflow-questions-asker');

  // Signed out: the Q&A, and a sign-in prompt instead of the form.
  const { page: visitor } = await extraPages.open();
  await visitor.goto(`/overflow/${o.id}`);
  await expect(visitor.getByRole('article', { name: /^Question from / })).toContainText('English only', LOAD);
  await expect(visitor.getByText('Sign in to ask a question.')).toBeVisible();
  await expect(field(visitor, 'Your question')).toHaveCount(0);
});

test('accepting an offer says how many other offers it declines', async ({ page, members }) => {
  const owner = await members.create({ request: page.request });
  const o = await postOverflow(owner);
  const helpers = [await members.create(), await members.create(), await members.create()];
  const offerIds: string[] = [];
  for (const h of helpers) offerIds.push(await sendOffer(h, o.id));
  await helpers[0]!.patch('/api/v1/me', { contactLine: 'first-helper@example.org' });

  await page.goto(`/overflow/${o.id}`);
  const first = helpers[0]!;
  const acceptFirst = page
    .getByRole('article', { name: `Offer from ${first.name}` })
    .getByRole('button', { name: 'Accept offer', exact: true });
  await expect(acceptFirst).toBeVisible(LOAD);
  await acceptFirst.click();
  const dialog = page.getByRole('dialog', { name: `Accept ${first.name}’s offer?` });
  await expect(dialog).toContainText(`Accepting ${first.name}’s offer declines 2 other offers.`);
  await expectNoA11yViolations(page);
  await shoot(page, 'accept-confirmation');
  // Not yet: nothing happens.
  await dialog.getByRole('button', { name: 'Not yet' }).click();
  await expect(dialog).toBeHidden();
  await acceptFirst.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Accept and start' }).click();
  await expect(page).toHaveURL(/\/engagements\//, LOAD);
  // From acceptance on, each sees how to reach the other (only on the engagement page).
  await expect(page.getByRole('heading', { level: 2, name: `How to reach ${first.name}` })).toBeVisible(LOAD);
  await expect(page.getByTestId('counterpart-contact')).toHaveText('first-helper@example.org');
  await expectNoA11yViolations(page);
  await shoot(page, 'engagement-contact');
});

test('a helper at capacity sees it on the offer form before writing', async ({ page, members }) => {
  const helper = await members.create({ request: page.request });
  await helper.patch('/api/v1/me', { capacity: 1 });
  const owner = await members.create();
  const started = await postOverflow(owner);
  await acceptOffer(owner, await sendOffer(helper, started.id));
  const next = await postOverflow(owner, { title: 'Another posting to help with' });

  await page.goto(`/overflow/${next.id}`);
  const notice = page.getByTestId('capacity-notice');
  await expect(notice).toContainText('You are at your capacity', LOAD);
  await expect(notice).toContainText('1 of 1 engagement taken');
  await expect(field(page, 'Pitch')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Send offer' })).toBeDisabled();
  await expectNoA11yViolations(page);
  await shoot(page, 'offer-form-at-capacity');
});
