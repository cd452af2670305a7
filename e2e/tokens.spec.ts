import { createMemberViaApi, expect, field, serverURL, test } from './fixtures.js';

const TOKEN = /ssp_[A-Za-z0-9_-]{16,}/;

test('an access token: created once in settings, used as a bearer, revoked', async ({ page, playwright }) => {
  test.setTimeout(45_000);
  const member = await createMemberViaApi(page.request);
  const tokenName = 'Deploy script';

  await page.goto('/settings/tokens');
  await field(page, 'Token name').fill(tokenName);
  await page.getByRole('button', { name: 'Create token', exact: true }).click();

  // The secret is shown once, as text or in a read-only field for copying.
  const handle = await page.waitForFunction((source) => {
    const re = new RegExp(source);
    const inText = re.exec(document.body.innerText);
    if (inText) return inText[0];
    for (const el of Array.from(document.querySelectorAll('input, textarea'))) {
      const inField = re.exec((el as HTMLInputElement).value);
      if (inField) return inField[0];
    }
    return null;
  }, TOKEN.source);
  const token = (await handle.jsonValue()) as string;
  await expect(page.getByText(tokenName).first()).toBeVisible();

  // Use it from a client with no cookies.
  const api = await playwright.request.newContext({ baseURL: serverURL() });
  try {
    const headline = `Set from a script ${Date.now()}`;
    const patched = await api.patch('/api/v1/me', {
      headers: { authorization: `Bearer ${token}` },
      data: { headline },
    });
    expect(patched.status(), await patched.text()).toBe(200);
    await page.goto(`/@${member.handle}`);
    await expect(page.getByText(headline).first()).toBeVisible();

    // Shown once: after a reload only its name (and prefix) remain.
    await page.goto('/settings/tokens');
    await expect(page.getByText(tokenName).first()).toBeVisible();
    expect(await page.evaluate(() => document.body.innerText)).not.toContain(token);

    // Revoke it (accepting a confirmation, whichever kind the app asks for).
    page.once('dialog', (d) => void d.accept());
    const revoked = page.waitForResponse(
      (r) => r.request().method() === 'DELETE' && r.url().includes('/api/v1/me/access-tokens/'),
    );
    await page
      .getByRole('button', { name: /revoke/i })
      .first()
      .click();
    const confirm = page.getByRole('alertdialog').or(page.getByRole('dialog'));
    const first = await Promise.race([
      revoked.then(() => 'revoked' as const),
      confirm.waitFor({ timeout: 5_000 }).then(
        () => 'dialog' as const,
        () => 'none' as const,
      ),
    ]);
    if (first === 'dialog') await confirm.getByRole('button', { name: /revoke/i }).click();
    expect((await revoked).status()).toBe(204);
    await expect(page.getByText(tokenName)).toHaveCount(0);

    const after = await api.patch('/api/v1/me', {
      headers: { authorization: `Bearer ${token}` },
      data: { headline: 'should not apply' },
    });
    expect(after.status()).toBe(401);
  } finally {
    await api.dispose();
  }
});
