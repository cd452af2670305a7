// The member's account (issue 10): change the password (the old one stops working, other browsers are
// signed out), change the email through the link sent to the new address, sign out another browser from the
// sessions list, read the activity; the admin's audit log. axe in light and dark on every new page, and
// screenshots at 1280 and 390 px into $SHOTS_DIR when it is set.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
  ADMIN,
  createMemberViaApi,
  expect,
  expectNoA11yViolations,
  field,
  linkFromLatestEmail,
  serverURL,
  signInViaApi,
  test,
  unique,
} from './fixtures.js';

test.describe.configure({ timeout: 90_000 });

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** axe in the light scheme, then in the dark one (after a reload, as a visitor's system setting would be). */
async function axeLightAndDark(page: Page, ready: () => Promise<void>) {
  await page.emulateMedia({ colorScheme: 'light' });
  await expectNoA11yViolations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await ready();
  await expectNoA11yViolations(page);
  await page.emulateMedia({ colorScheme: 'light' });
}

async function screenshots(page: Page, name: string, ready: () => Promise<void>) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const [label, size] of [
    ['1280', { width: 1280, height: 900 }],
    ['390', { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await ready();
    await page.screenshot({ path: join(dir, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Another browser signed in as the member (its own cookies, optionally its own user agent). */
async function otherBrowser(
  browser: Browser,
  member: { email: string; password: string },
  userAgent?: string,
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: serverURL(), ...(userAgent && { userAgent }) });
  await signInViaApi(context.request, member.email, member.password);
  return context;
}

async function openSecurity(page: Page) {
  await page.goto('/settings/security');
  await securityReady(page);
}
const securityReady = async (page: Page) => {
  await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('This browser')).toBeVisible({ timeout: 20_000 });
};

test('change password: a wrong current one is refused, then the new one works, the old one fails and the other browser is signed out', async ({
  page,
  browser,
  consoleErrors,
}) => {
  consoleErrors.allowHttpError(403, '/api/v1/auth/password');
  const member = await createMemberViaApi(page.request);
  const other = await otherBrowser(browser, member);
  try {
    await openSecurity(page);
    await expect(
      page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Security' }),
    ).toHaveAttribute('aria-current', 'page');
    await axeLightAndDark(page, () => securityReady(page));
    await screenshots(page, 'security', () => securityReady(page));

    const form = page.getByRole('form', { name: 'Change your password' });
    const newPassword = `new-${unique()}-long-enough`;
    await field(form, 'Current password').fill('this is not my password');
    await field(form, 'New password').fill(newPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByText('That is not your current password')).toBeVisible();

    await field(form, 'Current password').fill(member.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('Password changed')).toBeVisible();
    await expect(page.getByText(/1 other session was signed out/)).toBeVisible();
    await expect(field(form, 'New password')).toHaveValue('');

    // This browser stays signed in; the other one is signed out.
    expect((await page.request.get('/api/v1/auth/session')).status()).toBe(200);
    // Signed out: the session check answers 200 with nobody in it.
    expect(await (await other.request.get('/api/v1/auth/session')).json()).toMatchObject({ member: null });
    const otherPage = await other.newPage();
    await otherPage.goto('/settings/security');
    await expect(otherPage.getByRole('link', { name: 'Sign in', exact: true }).first()).toBeVisible({
      timeout: 20_000,
    });

    // The old password no longer signs in; the new one does.
    const fresh = await browser.newContext({ baseURL: serverURL() });
    try {
      const old = await fresh.request.post('/api/v1/auth/login', {
        data: { email: member.email, password: member.password },
      });
      expect(old.status()).toBe(401);
      const now = await fresh.request.post('/api/v1/auth/login', {
        data: { email: member.email, password: newPassword },
      });
      expect(now.status()).toBe(200);
    } finally {
      await fresh.close();
    }
  } finally {
    await other.close();
  }
});

test('sessions: another browser is listed with its device and signed out from the list; the activity shows it', async ({
  page,
  browser,
}) => {
  const member = await createMemberViaApi(page.request);
  const laptop = await otherBrowser(browser, member, FIREFOX);
  try {
    await openSecurity(page);
    const sessions = page.getByRole('region', { name: 'Where you are signed in' });
    const row = sessions.getByRole('listitem').filter({ hasText: 'Firefox on Linux' });
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: 'Sign out Firefox on Linux' }).click();
    await expect(row).toHaveCount(0);
    await expect(sessions.getByRole('listitem')).toHaveCount(1);
    // Signed out: the session check answers 200 with nobody in it.
    expect(await (await laptop.request.get('/api/v1/auth/session')).json()).toMatchObject({ member: null });

    await page.goto('/settings/activity');
    const ready = async () => {
      await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible({
        timeout: 20_000,
      });
      await expect(page.getByText('Signed out a session (Firefox on Linux)')).toBeVisible({
        timeout: 20_000,
      });
    };
    await ready();
    await expect(page.getByText('Signed in from a new device: Firefox on Linux')).toBeVisible();
    await axeLightAndDark(page, ready);
    await screenshots(page, 'activity', ready);
  } finally {
    await laptop.close();
  }
});

test('change email: the link sent to the new address applies it, and the old address is told', async ({
  page,
  consoleErrors,
}) => {
  // The reload for the dark scheme opens the used link again: a 400 the page explains.
  consoleErrors.allowHttpError(400, '/api/v1/auth/email/confirm');
  const member = await createMemberViaApi(page.request);
  const newEmail = `moved${unique()}@example.test`;
  await openSecurity(page);
  const form = page.getByRole('form', { name: 'Change your email address' });
  await field(form, 'New email address').fill(newEmail);
  await field(form, 'Current password').fill(member.password);
  await form.getByRole('button', { name: 'Send confirmation link' }).click();
  await expect(page.getByText(`We sent a confirmation link to ${newEmail}`)).toBeVisible();

  const link = await linkFromLatestEmail(newEmail, { subject: /confirm your new email/i });
  expect(new URL(link).pathname).toBe('/confirm-email');
  await page.goto(link.slice(serverURL().length));
  const ready = async () =>
    await expect(page.getByText(`Your account now uses ${newEmail}.`)).toBeVisible({ timeout: 20_000 });
  await ready();
  await axeLightAndDark(page, async () => {
    // The link works once: after a reload it says so, readably.
    await expect(page.getByText('We could not change your email address')).toBeVisible({ timeout: 20_000 });
  });
  const session = (await (await page.request.get('/api/v1/auth/session')).json()) as {
    member: { email: string; emailVerified: boolean };
  };
  expect(session.member).toMatchObject({ email: newEmail, emailVerified: true });
});

test('admin audit log: everyone’s events, filtered to one member; a member gets the admins-only page', async ({
  page,
  browser,
}) => {
  const member = await createMemberViaApi(page.request);
  // A member asking for the admin page is told it is for administrators.
  await page.goto('/admin/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Administrators only' })).toBeVisible({
    timeout: 20_000,
  });

  const admin = await browser.newContext({ baseURL: serverURL() });
  try {
    await signInViaApi(admin.request, ADMIN.email, ADMIN.password);
    const adminPage = await admin.newPage();
    await adminPage.goto('/admin/audit');
    const ready = async () => {
      await expect(adminPage.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible({
        timeout: 20_000,
      });
      await expect(
        adminPage.getByRole('region', { name: 'Audit log' }).getByRole('listitem').first(),
      ).toBeVisible({ timeout: 20_000 });
    };
    await ready();
    await expect(
      adminPage
        .getByRole('tab', { name: 'Audit log' })
        .or(adminPage.getByRole('link', { name: 'Audit log' }))
        .first(),
    ).toBeVisible();
    await field(adminPage, 'Member').fill(`@${member.handle}`);
    await adminPage.getByRole('button', { name: 'Show' }).click();
    await expect(adminPage).toHaveURL(new RegExp(`member=${member.handle}`));
    const list = adminPage.getByRole('region', { name: 'Audit log' });
    await expect(list.getByText('Signed in from a new device').first()).toBeVisible({ timeout: 20_000 });
    const lines = await list.getByRole('listitem').allInnerTexts();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toContain(`@${member.handle}`);
    await axeLightAndDark(adminPage, ready);
    await screenshots(adminPage, 'admin-audit', ready);
  } finally {
    await admin.close();
  }
});

test('access tokens: 90 days is preselected', async ({ page }) => {
  await createMemberViaApi(page.request);
  await page.goto('/settings/tokens');
  await expect(field(page, 'Expires')).toHaveValue('In 90 days', { timeout: 20_000 });
  await field(page, 'Token name').fill('Weekly report');
  await page.getByRole('button', { name: 'Create token', exact: true }).click();
  const row = page.getByRole('listitem').filter({ hasText: 'Weekly report' });
  await expect(row).toContainText('Expires');
  await expect(row).not.toContainText('No expiry');
});
