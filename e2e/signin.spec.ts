import { createMemberViaApi, expect, field, test } from './fixtures.js';

test('a wrong password shows a clear message; the right one signs in', async ({
  page,
  request,
  consoleErrors,
}) => {
  consoleErrors.allowHttpError(401, '/api/v1/auth/login');
  const member = await createMemberViaApi(request); // a separate context: the page stays signed out

  await page.goto('/signin');
  await field(page, 'Email').fill(member.email);
  await field(page, 'Password').fill(`${member.password}-wrong`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: /do not match/ });
  await expect(alert).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('button', { name: 'Account menu', exact: true })).toHaveCount(0);

  await field(page, 'Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Account menu', exact: true })).toBeVisible();
  await expect(page).not.toHaveURL(/\/signin/);
  await expect(alert).toHaveCount(0);
  expect((await page.request.get('/api/v1/auth/session')).status()).toBe(200);
});
