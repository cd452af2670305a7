// Issue 10 — export your data: /settings/account requests an export, shows its progress, and downloads the JSON
// document (a file that parses, with the member's own profile); axe in light and dark; screenshots at 1280 and
// 390 px into /tmp/shots-export/.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { createMemberViaApi, expect, expectNoA11yViolations, test } from './fixtures.js';

test.describe.configure({ timeout: 90_000 });

const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-export';

async function openAccount(page: Page, reload = false) {
  if (reload) await page.reload();
  else await page.goto('/settings/account');
  await expect(page.getByRole('heading', { level: 2, name: 'Export your data' })).toBeVisible({
    timeout: 20_000,
  });
}

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const [w, h, tag] of [
    [1280, 800, 'desktop'],
    [390, 844, 'phone'],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/${name}-${tag}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('export: request it, watch its progress, download the JSON document and parse it', async ({ page }) => {
  const member = await createMemberViaApi(page.request);
  await openAccount(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Account' }),
  ).toHaveAttribute('aria-current', 'page');
  await expectNoA11yViolations(page);
  await shoot(page, 'account-empty');

  // While the job is building, the page polls the export and shows a progress bar: the answers after the request
  // say "running, 3 of 12" (rewritten here so the bar can be seen), until the real ones take over.
  let hold = true;
  await page.route('**/api/v1/me/exports', async (route) => {
    if (route.request().method() !== 'GET' || !hold) return route.fallback();
    const res = await route.fetch();
    const body = (await res.json()) as { items: { status: string }[] };
    if (!body.items[0]) return route.fulfill({ response: res });
    body.items[0] = {
      ...body.items[0],
      status: 'running',
      progress: 3,
      total: 12,
      downloadUrl: null,
    } as never;
    return route.fulfill({ response: res, json: body });
  });
  const requested = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/me/exports'),
  );
  await page.getByRole('button', { name: 'Request an export' }).click();
  const answer = await requested;
  expect(answer.status()).toBe(202);
  expect(((await answer.json()) as { status: string }).status).toMatch(/^(queued|running|ready)$/);

  const bar = page.getByRole('progressbar', { name: /Preparing your export… 3 of 12 items/ });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuenow', '25');
  await expect(page.getByRole('button', { name: 'Request a new export' })).toBeDisabled();
  await expectNoA11yViolations(page);
  await shoot(page, 'account-progress');
  hold = false;

  // Then it is ready: a download link with its expiry.
  await expect(page.getByText('Your export is ready')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/the link expires /)).toBeVisible();
  await expectNoA11yViolations(page);
  await shoot(page, 'account-ready');

  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download your data' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^slipstream-export-${member.handle}-\\d{4}-\\d{2}-\\d{2}\\.json$`),
  );
  const path = await download.path();
  const doc = JSON.parse(readFileSync(path, 'utf8')) as {
    format: string;
    version: number;
    profile: { handle: string; email: string; name: string };
    auditEvents: { action: string }[];
    sessions: unknown[];
  };
  expect(doc.format).toBe('slipstream.member-export');
  expect(doc.version).toBe(1);
  expect(doc.profile).toMatchObject({ handle: member.handle, email: member.email, name: member.name });
  expect(doc.auditEvents.map((a) => a.action)).toContain('account.export_requested');
  expect(doc.sessions.length).toBeGreaterThan(0);

  // Dark mode: the same page, with axe.
  await page.emulateMedia({ colorScheme: 'dark' });
  await openAccount(page, true);
  await expect(page.getByText('Your export is ready')).toBeVisible();
  await expectNoA11yViolations(page);
  await shoot(page, 'account-ready-dark');
});

test('export: a request past the daily limit says why', async ({ page, consoleErrors }) => {
  consoleErrors.allowHttpError(429, '/api/v1/me/exports');
  const member = await createMemberViaApi(page.request);
  for (let i = 0; i < 3; i++) {
    const res = await page.request.post('/api/v1/me/exports', {
      headers: { 'x-csrf-token': member.csrfToken },
    });
    expect(res.status(), await res.text()).toBe(202);
    // Wait for each to be ready, so the next one is a new request rather than the same queued one.
    const id = ((await res.json()) as { id: string }).id;
    await expect
      .poll(
        async () =>
          ((await (await page.request.get(`/api/v1/me/exports/${id}`)).json()) as { status: string }).status,
        { timeout: 20_000 },
      )
      .toBe('ready');
  }
  await openAccount(page);
  await page.getByRole('button', { name: 'Request a new export' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'You can request 3 exports a day' })).toBeVisible();
  await expectNoA11yViolations(page);
});
