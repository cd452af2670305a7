// Moderation (issue 10): a member reports an overflow from its page, an admin suspends its owner from the
// report queue, the suspended member is signed out at once and refused at sign-in, the overflow leaves the
// board, and the reporter reads the outcome in their notifications. Axe on each new page, light and dark;
// screenshots at 1280 and 390 px into /tmp/shots-moderation/ (or SHOTS_DIR).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ADMIN, expectNoA11yViolations, field, signInViaApi } from './fixtures.js';
import { expect, postOverflow, test } from './loop-fixtures.js';

test.describe.configure({ timeout: 120_000 });

const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-moderation';

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const [width, height, label] of [
    [1280, 900, 'desktop'],
    [390, 844, 'phone'],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(SHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Axe in the light scheme, then in the dark one after a reload; back to light. */
async function axeBothSchemes(page: Page, ready: () => Promise<void>) {
  await expectNoA11yViolations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await ready();
  await expectNoA11yViolations(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await ready();
}

test('a reported overflow: the admin suspends its owner from the queue; the owner is signed out; the reporter hears', async ({
  page,
  members,
  extraPages,
}) => {
  const reporter = await members.create({ request: page.request });
  const owner = await members.create();
  const title = `Cheap pills ${Date.now().toString(36)}`;
  const overflow = await postOverflow(owner, { title });

  // The owner is signed in in a browser of their own.
  const { page: ownerPage, guard } = await extraPages.open();
  // Once suspended, the owner's open page finds its session gone (its polls answer 401) and sign-in refused.
  guard.allowHttpError(401, /^\/api\/v1\//);
  guard.allowHttpError(403, '/api/v1/auth/login');
  await signInViaApi(ownerPage.request, owner.member.email, owner.member.password);
  await ownerPage.goto('/notifications');
  await expect(ownerPage.getByRole('button', { name: 'Account menu', exact: true })).toBeVisible({
    timeout: 20_000,
  });

  // The reporter reports it from its page.
  await page.goto(`/overflow/${overflow.id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'More actions for this overflow' }).click();
  await page.getByRole('menuitem', { name: 'Report overflow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Report this overflow' });
  await expect(dialog).toBeVisible();
  // No reason: the dialog says what is missing.
  await dialog.getByRole('button', { name: 'Send report' }).click();
  await expect(dialog.getByText('Choose a reason.')).toBeVisible();
  await dialog.getByRole('radio', { name: /Spam or advertising/ }).check();
  await field(dialog, 'Anything the moderators should know (optional)').fill(
    'An advert, not a request for help.',
  );
  await expectNoA11yViolations(page);
  await shoot(page, 'report-dialog');
  await dialog.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByText('Report sent')).toBeVisible();
  await expect(dialog).toHaveCount(0);

  // The admin opens the queue and suspends the author from the report.
  const { page: adminPage } = await extraPages.open();
  await signInViaApi(adminPage.request, ADMIN.email, ADMIN.password);
  await adminPage.goto('/admin/reports');
  await expect(adminPage.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible({
    timeout: 20_000,
  });
  const item = adminPage.getByRole('article').filter({ hasText: title });
  await expect(item).toBeVisible();
  await expect(item).toContainText('Spam or advertising');
  await expect(item).toContainText('An advert, not a request for help.');
  await expect(item).toContainText(`@${owner.handle}`);
  const queueReady = () =>
    expect(adminPage.getByRole('article').filter({ hasText: title })).toBeVisible({ timeout: 20_000 });
  await axeBothSchemes(adminPage, queueReady);
  await shoot(adminPage, 'admin-reports');

  await item.getByRole('button', { name: 'Suspend author' }).click();
  const suspend = adminPage.getByRole('dialog', { name: 'Suspend the author?' });
  await suspend.getByLabel('Reason (the member reads it)').fill('Advertising pills.');
  await suspend.getByRole('button', { name: 'Suspend author' }).click();
  await expect(adminPage.getByText('Author suspended').first()).toBeVisible();
  await expect(adminPage.getByRole('article').filter({ hasText: title })).toHaveCount(0);

  // The members list shows them suspended, with a reinstate button.
  await adminPage.goto(`/admin/members?q=${owner.handle}`);
  await expect(adminPage.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible({
    timeout: 20_000,
  });
  const row = adminPage.getByRole('listitem').filter({ hasText: `@${owner.handle}` });
  await expect(row.getByText('Suspended', { exact: true })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Reinstate' })).toBeVisible();
  const membersReady = () =>
    expect(adminPage.getByRole('listitem').filter({ hasText: `@${owner.handle}` })).toBeVisible({
      timeout: 20_000,
    });
  await axeBothSchemes(adminPage, membersReady);
  await shoot(adminPage, 'admin-members');

  // The owner is signed out at once: their next page load finds no session, and signing in is refused.
  await ownerPage.reload();
  await expect(ownerPage).toHaveURL(/\/signin/, { timeout: 20_000 });
  await field(ownerPage, 'Email').fill(owner.member.email);
  await field(ownerPage, 'Password').fill(owner.member.password);
  await ownerPage.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(ownerPage.getByRole('alert').filter({ hasText: /suspended/ })).toBeVisible();

  // The overflow left the board; its page says it is not available.
  await page.goto('/board');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(title)).toHaveCount(0);

  // The reporter hears the outcome.
  await page.goto('/notifications');
  await expect(page.getByText(/Thank you for your report of an overflow/).first()).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByText(/suspended the member's account/).first()).toBeVisible();
  expect(reporter.handle).toBeTruthy();
});

test('a profile can be reported from its page; an admin dismisses it and the reporter is told', async ({
  page,
  members,
  extraPages,
}) => {
  await members.create({ request: page.request });
  const other = await members.create();
  await page.goto(`/@${other.handle}`);
  await expect(page.getByRole('heading', { level: 1, name: other.name })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: `More actions for ${other.name}'s profile` }).click();
  await page.getByRole('menuitem', { name: 'Report profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'Report this profile' });
  await dialog.getByRole('radio', { name: /Misleading or a scam/ }).check();
  await dialog.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByText('Report sent')).toBeVisible();

  const { page: adminPage } = await extraPages.open();
  await signInViaApi(adminPage.request, ADMIN.email, ADMIN.password);
  await adminPage.goto('/admin/reports');
  const item = adminPage.getByRole('article').filter({ hasText: `@${other.handle}` });
  await expect(item).toBeVisible({ timeout: 20_000 });
  // A profile cannot be removed, only its member suspended.
  await expect(item.getByRole('button', { name: 'Remove content' })).toHaveCount(0);
  await item.getByRole('button', { name: 'Dismiss' }).click();
  const confirm = adminPage.getByRole('dialog', { name: 'Dismiss this report?' });
  await confirm.getByRole('button', { name: 'Dismiss' }).click();
  await expect(adminPage.getByText('Report dismissed')).toBeVisible();

  await page.goto('/notifications');
  await expect(page.getByText(/report of a profile.*took no action/).first()).toBeVisible({
    timeout: 20_000,
  });
});
