import { createMemberViaApi, expect, signOutViaMenu, test, verifyEmailViaApi } from './fixtures.js';

test('signed out, the header offers "Sign in" and "Sign up"', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign up', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Account menu', exact: true })).toHaveCount(0);

  await page.getByRole('link', { name: 'Sign up', exact: true }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/signin$/);
});

test('signed in, an unverified member sees the account menu and the "confirm your email" banner', async ({
  page,
}) => {
  await createMemberViaApi(page.request);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Account menu', exact: true })).toBeVisible();
  await expect(page.getByText(/confirm your email/i).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toHaveCount(0);

  await signOutViaMenu(page);
  await expect(page.getByRole('button', { name: 'Account menu', exact: true })).toHaveCount(0);
  await expect(page.getByText(/confirm your email/i)).toHaveCount(0);
  // The session is gone on the server too, not just in the page.
  expect(await (await page.request.get('/api/v1/auth/session')).json()).toEqual({
    member: null,
    csrfToken: null,
  });
});

test('a verified member sees no "confirm your email" banner', async ({ page }) => {
  const member = await createMemberViaApi(page.request);
  await verifyEmailViaApi(page.request, member);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Account menu', exact: true })).toBeVisible();
  await expect(page.getByText(/confirm your email/i)).toHaveCount(0);
});
