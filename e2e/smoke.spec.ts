import { expect, serverURL, test } from './fixtures.js';

test('the server serves the web app at any path', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#root')).not.toBeEmpty();
  await expect(page.locator('html')).toHaveAttribute('lang', /^[a-z]{2}/);
  await expect(page).toHaveTitle(/\S/);

  const res = await page.request.get('/board', { headers: { accept: '*/*' } });
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain('<div id="root">');
  // A page the app does not have is still the app (its not-found page), with a 404.
  const missing = await page.request.get('/@someone-nobody-is', { headers: { accept: 'text/html' } });
  expect(missing.status()).toBe(404);
  expect(await missing.text()).toContain('<div id="root">');
});

test('the page has an icon (browsers ask for one; a 404 logs a console error)', async ({ page }) => {
  await page.goto('/');
  const declared = await page.evaluate(
    () => document.querySelector('link[rel~="icon"]')?.getAttribute('href') ?? null,
  );
  const href = new URL(declared ?? '/favicon.ico', serverURL()).toString();
  const res = await page.request.get(href);
  expect(res.status(), `GET ${href}`).toBe(200);
});
