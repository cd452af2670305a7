// Account deletion (issue 10): the account page's confirmation (handle typed, current password), the date and
// the pending-deletion banner on every page, cancelling from the banner, and signing in cancelling it. The job
// that runs after the 7 days is tested against both databases in server/test/account.deletion.test.ts (the
// browser suite's server runs on the real clock).
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expectNoA11yViolations, field, readLatestEmail, signInViaApi } from './fixtures.js';
import { expect, test } from './loop-fixtures.js';
import { DESKTOP, PHONE } from './support/chromium.js';

test.describe.configure({ timeout: 150_000 });

const SHOTS = '/tmp/shots-deletion';

async function openAccount(page: Page) {
  await page.goto('/settings/account');
  await expect(page.getByRole('heading', { level: 2, name: 'Delete your account' })).toBeVisible({
    timeout: 20_000,
  });
}

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const [label, size] of [
    ['1280', DESKTOP],
    ['390', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SHOTS}/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

const banner = (page: Page) => page.getByRole('region', { name: 'Account deletion' });

test('deletion: confirm with handle and password, the date and a banner, cancel from the banner', async ({
  page,
  members,
  consoleErrors,
}) => {
  // The wrong password is refused by the server: a 400 the page shows.
  consoleErrors.allowHttpError(400, '/api/v1/me/deletion');
  const member = (await members.create({ request: page.request })).member;
  await openAccount(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Account' }),
  ).toHaveAttribute('aria-current', 'page');
  await expect(banner(page)).toHaveCount(0);
  await expect(page.getByText('Kept for others:')).toBeVisible();
  await expectNoA11yViolations(page);
  await shoot(page, 'account');

  await page.getByRole('button', { name: 'Delete my account…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
  await expect(dialog).toBeVisible();
  const handleField = field(dialog, `Type your handle, ${member.handle}, to confirm`);
  const password = field(dialog, 'Current password');
  const submit = dialog.getByRole('button', { name: 'Delete my account in 7 days' });

  // Refused with a message: the wrong handle (checked here), then the wrong password (by the server).
  await handleField.fill('someone-else');
  await password.fill('not my password');
  await submit.click();
  await expect(dialog.getByText(`That is not your handle. Type ${member.handle} exactly.`)).toBeVisible();
  await handleField.fill(`@${member.handle}`);
  await submit.click();
  await expect(dialog.getByText('That is not your current password. Nothing was changed.')).toBeVisible();
  await expectNoA11yViolations(page);
  await shoot(page, 'confirm-dialog');

  await password.fill(member.password);
  await submit.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(/Your account will be deleted on/).first()).toBeVisible();
  await expect(banner(page)).toBeVisible();
  await expect(banner(page)).toContainText('Your account will be deleted on');
  const email = await readLatestEmail(member.email, { subject: /will be deleted on/ });
  expect(email.text).toMatch(/sign in before that date/i);
  await expectNoA11yViolations(page);
  await shoot(page, 'pending');

  // The banner is on every page, not only the account page.
  await page.goto('/board');
  await expect(banner(page)).toBeVisible({ timeout: 20_000 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(banner(page)).toBeVisible({ timeout: 20_000 });
  await expectNoA11yViolations(page);
  await openAccount(page);
  await expectNoA11yViolations(page);
  await shoot(page, 'pending-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  await banner(page).getByRole('button', { name: 'Cancel the deletion' }).click();
  await expect(banner(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete my account…' })).toBeVisible();
  await readLatestEmail(member.email, { subject: /will not be deleted/ });
});

test('deletion: cancel from the account page, and signing in during the grace period cancels it', async ({
  page,
  members,
  extraPages,
}) => {
  const member = (await members.create({ request: page.request })).member;
  const ask = () =>
    page.request.post('/api/v1/me/deletion', {
      headers: { 'x-csrf-token': member.csrfToken },
      data: { handle: member.handle, password: member.password },
    });
  expect((await ask()).status()).toBe(202);
  await openAccount(page);
  const section = page.getByRole('region', { name: 'Delete your account' });
  await expect(section.getByText(/Your account will be deleted on/)).toBeVisible();
  await section.getByRole('button', { name: 'Cancel the deletion' }).click();
  await expect(section.getByRole('button', { name: 'Delete my account…' })).toBeVisible();
  await expect(banner(page)).toHaveCount(0);

  // Asked again, then the member signs in somewhere else: the deletion is off, and they are told.
  expect((await ask()).status()).toBe(202);
  await page.reload();
  await expect(banner(page)).toBeVisible({ timeout: 20_000 });
  const { page: other } = await extraPages.open();
  const before = new Date();
  await signInViaApi(other.request, member.email, member.password);
  const told = await readLatestEmail(member.email, { subject: /will not be deleted/, since: before });
  expect(told.text).toMatch(/You signed in/);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Delete my account…' })).toBeVisible({ timeout: 20_000 });
  await expect(banner(page)).toHaveCount(0);
});
