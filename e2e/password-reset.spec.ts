import { createMemberViaApi, expect, field, linkFromLatestEmail, test } from './fixtures.js';

test('forgot password: the emailed link sets a new password; only the new one works', async ({
  page,
  request,
  consoleErrors,
}) => {
  consoleErrors.allowHttpError(401, '/api/v1/auth/login');
  const member = await createMemberViaApi(request);
  const newPassword = `new-${member.password}`;

  await page.goto('/forgot-password');
  await field(page, 'Email').fill(member.email);
  const requested = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password-reset/request'));
  await page.getByRole('button', { name: 'Send reset link', exact: true }).click();
  expect((await requested).status()).toBe(202);

  const link = await linkFromLatestEmail(member.email, { subject: /reset/i });
  expect(new URL(link).pathname).toBe('/reset-password');
  await page.goto(link);
  await field(page, 'New password').fill(newPassword);
  const changed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password-reset/confirm'));
  await page.getByRole('button', { name: 'Change password', exact: true }).click();
  expect((await changed).status()).toBe(200);

  // The old password no longer works.
  await page.goto('/signin');
  await field(page, 'Email').fill(member.email);
  await field(page, 'Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: /do not match/ })).toBeVisible();

  // The new one does.
  await field(page, 'Password').fill(newPassword);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Account menu', exact: true })).toBeVisible();

  // A reset link works once.
  const again = await request.post('/api/v1/auth/password-reset/confirm', {
    data: { token: new URL(link).searchParams.get('token'), password: 'yet-another-password' },
  });
  expect(again.status()).toBe(400);
});
