import {
  ADMIN,
  ConsoleGuard,
  chooseOption,
  expect,
  field,
  linkFromLatestEmail,
  memberData,
  serverURL,
  signInViaApi,
  test,
} from './fixtures.js';

// Runs in the `admin` project, after every other spec (see playwright.config.ts): it makes sign-up
// invite-only for the whole instance.
test('the first account administers the instance: rename it, make sign-up invite-only', async ({
  page,
  browser,
}) => {
  test.setTimeout(45_000);
  const csrf = await signInViaApi(page.request, ADMIN.email, ADMIN.password);
  const newName = `Guild of Builders ${Date.now().toString(36)}`;
  try {
    await page.goto('/admin');
    await field(page, 'Instance name').fill(newName);
    await chooseOption(page, 'Sign-up', /invit/i);
    // The anti-ghosting review window: how long after a delivery an engagement completes by itself.
    await field(page, 'Review window (days)').fill('21');
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && r.url().endsWith('/api/v1/instance'),
    );
    await page.getByRole('button', { name: 'Save settings', exact: true }).click();
    expect((await saved).status()).toBe(200);

    const instance = await (await page.request.get('/api/v1/instance')).json();
    expect(instance).toMatchObject({ name: newName, signupMode: 'invite', autoCompleteDays: 21 });
    await page.reload();
    await expect(field(page, 'Instance name')).toHaveValue(newName);
    await expect(field(page, 'Review window (days)')).toHaveValue('21');

    // A visitor without an invite code is refused with a readable message.
    const visitor = await browser.newContext({ baseURL: serverURL() });
    const guard = new ConsoleGuard();
    guard.allowHttpError(403, '/api/v1/auth/register');
    try {
      const p = await visitor.newPage();
      guard.watch(p);
      const m = memberData();
      await p.goto('/signup');
      await field(p, 'Name').fill(m.name);
      await field(p, 'Handle').fill(m.handle);
      await field(p, 'Email').fill(m.email);
      await field(p, 'Password').fill(m.password);
      await p.getByRole('button', { name: 'Create account', exact: true }).click();
      await expect(p.getByRole('alert').filter({ hasText: /invitation|invite code/i })).toBeVisible();
      await expect(p).toHaveURL(/\/signup/);
      await expect(p.getByRole('button', { name: 'Account menu', exact: true })).toHaveCount(0);
      guard.check();
    } finally {
      await visitor.close();
    }
  } finally {
    // Leave the instance open again, in case specs are re-run against the same server.
    await page.request.patch('/api/v1/instance', {
      headers: { 'x-csrf-token': csrf },
      data: { signupMode: 'open', autoCompleteDays: 14 },
    });
  }
});

test('a member who is not an admin cannot change the instance', async ({ page, request }) => {
  const m = memberData();
  // Sign-up may be invite-only by now: create the member with an invite from the admin.
  const csrf = await signInViaApi(request, ADMIN.email, ADMIN.password);
  const invite = await request.post('/api/v1/instance/invites', {
    headers: { 'x-csrf-token': csrf },
    data: {},
  });
  expect(invite.status()).toBe(201);
  const { code } = (await invite.json()) as { code: string };
  const reg = await page.request.post('/api/v1/auth/register', { data: { ...m, inviteCode: code } });
  expect(reg.status(), await reg.text()).toBe(202);
  // The confirmation link signs the new member in.
  const link = await linkFromLatestEmail(m.email, { subject: /confirm/i });
  const confirmed = await page.request.post('/api/v1/auth/verify-email', {
    data: { token: new URL(link).searchParams.get('token') },
  });
  expect(confirmed.status(), await confirmed.text()).toBe(200);
  const { csrfToken } = (await confirmed.json()) as { csrfToken: string };

  const res = await page.request.patch('/api/v1/instance', {
    headers: { 'x-csrf-token': csrfToken },
    data: { name: 'Taken over' },
  });
  expect(res.status()).toBe(403);
  await page.goto('/admin');
  await expect(page.getByRole('button', { name: 'Save settings', exact: true })).toHaveCount(0);
});
