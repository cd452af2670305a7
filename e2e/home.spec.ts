import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expectNoA11yViolations, unique } from './fixtures.js';
import {
  addWorkRecord,
  engagementAt,
  expect,
  postOverflow,
  sendOffer,
  test,
  type Actor,
} from './loop-fixtures.js';
import { DESKTOP, PHONE } from './support/chromium.js';
import { ROOT } from './support/server.js';

// Issue 8, the member home and the small things: "needs you" first (offers to decide, deliveries to review),
// the checklist only while unfinished and its links focusing their field, Markdown tables, card previews that
// keep list items apart, the Board link on a phone signed out, and My work's status badges on a phone.

const SHOTS = process.env.HOME_SHOTS_DIR ?? join(ROOT, 'screenshots', 'home');

async function shoot(page: Page, name: string) {
  try {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  } catch {
    // Screenshots are for people to look at; a folder that cannot be written is not a failure.
  }
}

async function scanAndShoot(page: Page, name: string) {
  for (const [width, viewport] of [
    ['1280', DESKTOP],
    ['390', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.waitForLoadState('networkidle');
    await expectNoA11yViolations(page);
    await shoot(page, `${name}-${width}`);
  }
  await page.setViewportSize(DESKTOP);
}

/** A finished profile: headline, bio, skills and a work record. */
async function completeProfile(member: Actor) {
  await member.patch('/api/v1/me', {
    headline: 'Product designer who ships',
    bio: 'I design and test onboarding flows.',
    skills: ['ux-research'],
  });
  await addWorkRecord(member);
}

test('the home leads with what needs you; a finished checklist is not shown', async ({ page, members }) => {
  test.setTimeout(90_000);
  const u = unique();
  const me = await members.create({ request: page.request });
  const helper = await members.create();
  const otherHelper = await members.create();
  await completeProfile(me);

  const asked = await postOverflow(me, { title: `Pricing page copy ${u}` });
  await sendOffer(helper, asked.id);
  await sendOffer(otherHelper, asked.id);
  const delivered = await engagementAt(me, helper, 'delivered', { title: `Checkout audit ${u}` });

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
  await expect(page.getByText('2 things need you now.')).toBeVisible();
  const needs = page.getByRole('region', { name: 'Needs you' });
  const reviews = needs.getByRole('region', { name: 'Deliveries to review' });
  await expect(reviews.getByRole('link', { name: `Checkout audit ${u}` })).toHaveAttribute(
    'href',
    `/engagements/${delivered.engagementId}`,
  );
  await expect(reviews.getByText(new RegExp(`Delivered by ${helper.name}`))).toBeVisible();
  const offers = needs.getByRole('region', { name: 'Offers to decide' });
  await expect(offers.getByRole('link', { name: `Pricing page copy ${u}` })).toHaveAttribute(
    'href',
    `/overflow/${asked.id}`,
  );
  await expect(offers.getByText(/^2 offers waiting/)).toBeVisible();

  // Needs you comes first, For you next; the finished checklist is gone.
  const headings = await page.getByRole('heading', { level: 2 }).allInnerTexts();
  expect(headings.indexOf('Needs you')).toBe(0);
  expect(headings.indexOf('For you')).toBe(1);
  await expect(page.getByRole('heading', { name: 'Your profile' })).toHaveCount(0);
  await scanAndShoot(page, 'member-home');

  // The row opens its page.
  await reviews.getByRole('link', { name: `Checkout audit ${u}` }).click();
  await expect(page).toHaveURL(new RegExp(`/engagements/${delivered.engagementId}$`));
});

test('a new member: nothing needs them (one friendly line), the checklist shows, "Add a headline" focuses the field', async ({
  page,
  members,
}) => {
  test.setTimeout(60_000);
  await members.create({ request: page.request });
  await page.goto('/');
  const needs = page.getByRole('region', { name: 'Needs you' });
  await expect(needs.getByText(/^All caught up/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your profile' })).toBeVisible();
  await expectNoA11yViolations(page);
  await shoot(page, 'member-home-new-1280');

  await page.getByRole('link', { name: 'Add a headline' }).click();
  await expect(page).toHaveURL(/\/settings\/profile\?focus=headline$/);
  await expect(page.getByRole('textbox', { name: 'Headline' })).toBeFocused();

  await page.goto('/');
  await page.getByRole('link', { name: 'Add your first work record' }).click();
  await expect(page.getByRole('dialog', { name: 'Add work record' })).toBeVisible();
});

test('Markdown tables render (scrolling in their own box on a phone); card previews keep list items apart', async ({
  page,
  members,
}) => {
  const me = await members.create({ request: page.request });
  const u = unique();
  const overflow = await postOverflow(me, {
    title: `Table brief ${u}`,
    brief: [
      'Scope:',
      '',
      '- the guide',
      '- the examples',
      '',
      '| Step | Hours | Owner of the step, described at some length |',
      '| --- | ---: | --- |',
      '| Draft | 2 | The helper writes a first version of everything |',
      '| Review | 1 | The owner reads it and leaves comments |',
      '',
      '<b>not bold</b>',
    ].join('\n'),
  });

  await page.goto(`/overflow/${overflow.id}`);
  await expect(page.getByRole('heading', { level: 1, name: overflow.title })).toBeVisible({
    timeout: 15_000,
  });
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'Hours' })).toBeVisible();
  await expect(table.getByRole('cell', { name: 'Draft' })).toBeVisible();
  // Raw HTML stays text.
  await expect(page.locator('b', { hasText: 'not bold' })).toHaveCount(0);

  await page.setViewportSize(PHONE);
  await expect(table).toBeVisible();
  const overflowX = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflowX).toBeLessThanOrEqual(0);
  await shoot(page, 'markdown-table-390');
  await page.setViewportSize(DESKTOP);

  await page.goto('/work?tab=overflow');
  await expect(page.getByText('Scope: • the guide • the examples', { exact: false })).toBeVisible();
});

test('signed out on a phone the header shows the Board link', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/');
  const board = page.getByRole('link', { name: 'Board', exact: true });
  await expect(board).toBeVisible();
  await board.click();
  await expect(page).toHaveURL(/\/board$/);
  await shoot(page, 'header-signed-out-390');
});

test('My work on a phone: status badges are whole', async ({ page, members }) => {
  const me = await members.create({ request: page.request });
  const owner = await members.create();
  await engagementAt(owner, me, 'active', { title: `A rather long engagement title to wrap ${unique()}` });
  await engagementAt(me, owner, 'delivered');
  await page.setViewportSize(PHONE);
  await page.goto('/work');
  const badge = page.locator('.mantine-Badge-label', { hasText: 'In progress' }).first();
  await expect(badge).toBeVisible();
  const cut = await badge.evaluate((el) => el.scrollWidth > el.clientWidth);
  expect(cut).toBe(false);
  await expectNoA11yViolations(page);
  await shoot(page, 'my-work-390');
});
