// Pages that travel (issue 10): a shared profile link unfurls (a crawler's Accept header gets the app's HTML
// with the profile's head and a preview image), signed-out pages log nothing in the console, and a page the
// app does not have answers 404 with the app's not-found page.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { createMemberViaApi, expect, serverURL, test, verifyEmailViaApi } from './fixtures.js';

test.describe.configure({ timeout: 60_000 });

const SHOTS = '/tmp/shots-pages';

function metaOf(html: string, key: string): string | undefined {
  const escaped = key.replace(/[.:]/g, '\\$&');
  return new RegExp(`<meta (?:property|name)="${escaped}" content="([^"]*)"`).exec(html)?.[1];
}

/** A member with a confirmed email, a headline and skills, signed in on `request` only. */
async function sharedMember(request: APIRequestContext, name: string) {
  const member = await createMemberViaApi(request, { name });
  await verifyEmailViaApi(request, member);
  const res = await request.patch('/api/v1/me', {
    headers: { 'x-csrf-token': member.csrfToken },
    data: { headline: 'Payments, ledgers and calm migrations', skills: ['TypeScript', 'PostgreSQL'] },
  });
  expect(res.status(), await res.text()).toBe(200);
  return member;
}

test('a crawler fetching /@handle with Accept: */* reads the preview tags, and the image is a PNG card', async ({
  playwright,
}) => {
  const signedIn = await playwright.request.newContext({ baseURL: serverURL() });
  const member = await sharedMember(signedIn, 'Ada <Lovelace> & "Co"');
  await signedIn.dispose();

  const crawler = await playwright.request.newContext({
    baseURL: serverURL(),
    extraHTTPHeaders: { accept: '*/*', 'user-agent': 'facebookexternalhit/1.1' },
  });
  const res = await crawler.get(`/@${member.handle}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('text/html; charset=utf-8');
  const html = await res.text();
  const url = `${serverURL()}/@${member.handle}`;
  expect(html).toContain(
    `<title>Ada &lt;Lovelace&gt; &amp; &quot;Co&quot; (@${member.handle}) · Slipstream</title>`,
  );
  expect(metaOf(html, 'og:title')).toBe(`Ada &lt;Lovelace&gt; &amp; &quot;Co&quot; (@${member.handle})`);
  expect(metaOf(html, 'og:url')).toBe(url);
  expect(html).toContain(`<link rel="canonical" href="${url}" />`);
  expect(metaOf(html, 'og:type')).toBe('profile');
  expect(metaOf(html, 'og:site_name')).toBe('Slipstream');
  expect(metaOf(html, 'description')).toBe(
    'Payments, ledgers and calm migrations. 0 verified work records. Skills: typescript, postgresql. On Slipstream.',
  );
  expect(metaOf(html, 'twitter:card')).toBe('summary_large_image');
  const image = metaOf(html, 'og:image')!;
  expect(image).toBe(`${serverURL()}/cards/member/${member.handle}.png`);

  const png = await crawler.get(image);
  expect(png.status()).toBe(200);
  expect(png.headers()['content-type']).toBe('image/png');
  expect(png.headers()['cache-control']).toBe('public, max-age=3600');
  const body = await png.body();
  expect([...body.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(`${SHOTS}/e2e-card-${member.handle}.png`, body);

  // robots.txt names the sitemap; the sitemap index points at its pages.
  const robots = await (await crawler.get('/robots.txt')).text();
  expect(robots).toContain(`Sitemap: ${serverURL()}/sitemap.xml`);
  const index = await crawler.get('/sitemap.xml');
  expect(index.status()).toBe(200);
  expect(await index.text()).toContain(`${serverURL()}/sitemaps/members.xml`);
  await crawler.dispose();
});

test('signed out, /, /board and /@handle log nothing in the console, and the title follows the page', async ({
  page,
  playwright,
  consoleErrors,
}) => {
  const other = await playwright.request.newContext({ baseURL: serverURL() });
  const member = await sharedMember(other, 'Grace Share');
  await other.dispose();
  // Every failed request the browser logs fails the test (the consoleErrors fixture); count them here too.
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });

  const session = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/session'));
  await page.goto('/');
  expect((await session).status()).toBe(200);
  await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page).toHaveTitle('Slipstream');

  await page.goto('/board');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 20_000 });
  await expect(page).toHaveTitle('Board · Slipstream');

  await page.goto(`/@${member.handle}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Grace Share' })).toBeVisible({ timeout: 20_000 });
  await expect(page).toHaveTitle(`Grace Share (@${member.handle}) · Slipstream`);
  await page.screenshot({ path: `${SHOTS}/profile-signed-out-1280.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/profile-signed-out-390.png` });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Back to the home page inside the app: the title is the instance's again.
  await page
    .getByRole('link', { name: /Slipstream/ })
    .first()
    .click();
  await expect(page).toHaveURL(`${serverURL()}/`);
  await expect(page).toHaveTitle('Slipstream');

  expect(failed).toEqual([]);
  expect(consoleErrors.messages).toEqual([]);
});

test('a page the app does not have answers 404 with the app’s not-found page', async ({
  page,
  consoleErrors,
}) => {
  // The browser logs the document's own 404 (the console guard expects that one) and the API's for the
  // profile the page asks for.
  consoleErrors.allowHttpError(404, /^\/api\/v1\/members\/nobody-by-this-name(\/work-records)?$/);
  const res = await page.goto('/no-such-page-here');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page).toHaveTitle('Page not found · Slipstream');

  const member = await page.goto('/@nobody-by-this-name');
  expect(member?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'No member called @nobody-by-this-name' })).toBeVisible({
    timeout: 20_000,
  });
  await page.screenshot({ path: `${SHOTS}/member-not-found-1280.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/no-such-page-here');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.screenshot({ path: `${SHOTS}/not-found-390.png` });
});
