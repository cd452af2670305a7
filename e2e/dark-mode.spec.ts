// Dark mode (issue 10): it follows the system setting, the header's colour-scheme menu overrides it and the
// choice survives a reload (localStorage, applied before the first paint by /color-scheme.js: no inline
// script), and the main pages pass axe (contrast included) in dark. Screenshots of each page in dark at
// 1280 and 390 px go to $SHOTS_DIR when it is set.
import type { Page } from '@playwright/test';
import { expectNoA11yViolations } from './fixtures.js';
import { addWorkRecord, engagementAt, expect, test } from './loop-fixtures.js';

// axe on six pages at two widths, on a shared machine.
test.describe.configure({ timeout: 180_000 });

const scheme = (page: Page) => page.locator('html').getAttribute('data-mantine-color-scheme');
const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
/** The colour-scheme button in the header; its name says the current choice. */
const schemeButton = (page: Page) => page.getByRole('button', { name: /^Colour scheme:/ });

async function choose(page: Page, option: 'Light' | 'Dark' | 'System') {
  await schemeButton(page).click();
  await page.getByRole('menuitem', { name: option }).click();
}

async function shot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 500 ? 800 : 844 });
    await page.screenshot({ path: `${dir}/${name}-dark-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('follows the system setting: dark when the system is dark, light when it is light', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/board');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 20_000 });
  expect(await scheme(page)).toBe('dark');
  await expect(schemeButton(page)).toHaveAccessibleName('Colour scheme: system');
  // The page itself is dark, not only the attribute (Mantine's dark-8 page background).
  expect(await bodyBackground(page)).toBe('rgb(31, 31, 31)');

  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => scheme(page)).toBe('light');
  expect(await bodyBackground(page)).toBe('rgb(248, 249, 250)');
});

test('the header menu overrides the system, and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(schemeButton(page)).toBeVisible({ timeout: 20_000 });
  await choose(page, 'Dark');
  await expect.poll(() => scheme(page)).toBe('dark');
  await expect(schemeButton(page)).toHaveAccessibleName('Colour scheme: dark');
  expect(await page.evaluate(() => localStorage.getItem('slipstream-color-scheme'))).toBe('dark');

  // Dark from the first paint on the next load: the attribute is set by /color-scheme.js before the app's
  // script runs (checked at DOMContentLoaded, when no module script has executed yet).
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      (window as unknown as { schemeAtParse: string | null }).schemeAtParse =
        document.documentElement.getAttribute('data-mantine-color-scheme');
    });
  });
  await page.reload();
  await expect(schemeButton(page)).toHaveAccessibleName('Colour scheme: dark', { timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { schemeAtParse: string }).schemeAtParse)).toBe(
    'dark',
  );
  expect(await scheme(page)).toBe('dark');

  // Light wins over a dark system too; "System" hands back to it.
  await page.emulateMedia({ colorScheme: 'dark' });
  await choose(page, 'Light');
  await page.reload();
  await expect(schemeButton(page)).toHaveAccessibleName('Colour scheme: light', { timeout: 20_000 });
  expect(await scheme(page)).toBe('light');
  await choose(page, 'System');
  await expect.poll(() => scheme(page)).toBe('dark');
  await page.reload();
  await expect(schemeButton(page)).toHaveAccessibleName('Colour scheme: system', { timeout: 20_000 });
  expect(await scheme(page)).toBe('dark');
});

test('the main pages pass axe in dark (contrast included)', async ({ page, members }) => {
  const owner = await members.create();
  const helper = await members.create({ request: page.request });
  await addWorkRecord(helper, { title: 'Checkout accessibility audit' });
  const { overflow, engagementId } = await engagementAt(owner, helper, 'delivered');
  await owner.post(`/api/v1/engagements/${engagementId}/messages`, { body: 'Thanks, *reading it now*.' });

  await page.emulateMedia({ colorScheme: 'dark' });
  const pages: { name: string; path: string; ready: (p: Page) => Promise<void> }[] = [
    {
      name: 'home',
      path: '/',
      ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 20_000 }),
    },
    {
      name: 'board',
      path: '/board',
      ready: (p) =>
        expect(p.getByRole('heading', { level: 1, name: /board/i })).toBeVisible({ timeout: 20_000 }),
    },
    {
      name: 'profile',
      path: `/@${helper.handle}`,
      ready: (p) => expect(p.getByText('Checkout accessibility audit')).toBeVisible({ timeout: 20_000 }),
    },
    {
      name: 'overflow',
      path: `/overflow/${overflow.id}`,
      ready: (p) =>
        expect(p.getByRole('heading', { level: 1, name: overflow.title })).toBeVisible({ timeout: 20_000 }),
    },
    {
      name: 'settings',
      path: '/settings/profile',
      ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 20_000 }),
    },
    {
      name: 'engagement',
      path: `/engagements/${engagementId}`,
      ready: (p) => expect(p.getByText('reading it now')).toBeVisible({ timeout: 20_000 }),
    },
  ];
  for (const { name, path, ready } of pages) {
    await page.goto(path);
    await ready(page);
    expect(await scheme(page), path).toBe('dark');
    await expectNoA11yViolations(page);
    await shot(page, name);
  }
  // The phone layout (tabs under the header, the menu button) in dark too.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/board');
  await pages[1]!.ready(page);
  await expectNoA11yViolations(page);
});
