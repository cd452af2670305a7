// A first visit that is fast (issue 10): a signed-out visit to `/@handle` fetches the frame and the profile
// page, none of the settings or admin code, and every script and stylesheet comes compressed with a year
// of immutable caching.
import { expect, test } from './loop-fixtures.js';

/** Chunks that only signed-in members (settings) or admins open. */
const MEMBERS_ONLY =
  /\/assets\/(Admin|Outbox|Settings|ProfileSettings|WorkSettings|EmailSettings|Tokens|MyWork|Ties|Network|MyInsights|CommunityInsights|Notifications|Engagement)[A-Za-z]*-[\w-]{8}\.(js|css)$/;

test('a signed-out visit to a public profile loads no settings or admin chunk, compressed and immutable', async ({
  page,
  members,
}) => {
  const member = await members.create();
  const assets: { url: string; encoding?: string; cache?: string }[] = [];
  page.on('response', (res) => {
    if (!new URL(res.url()).pathname.startsWith('/assets/')) return;
    const headers = res.headers();
    assets.push({ url: res.url(), encoding: headers['content-encoding'], cache: headers['cache-control'] });
  });

  await page.goto(`/@${member.handle}`);
  await expect(page.getByRole('heading', { level: 1, name: member.name })).toBeVisible({ timeout: 20_000 });
  await page.waitForLoadState('networkidle');

  const paths = assets.map((a) => new URL(a.url).pathname);
  expect(
    paths.some((p) => /\/assets\/ProfilePage-[\w-]{8}\.js$/.test(p)),
    paths.join('\n'),
  ).toBe(true);
  expect(paths.filter((p) => MEMBERS_ONLY.test(p))).toEqual([]);
  for (const asset of assets) expect(asset.cache, asset.url).toBe('public, max-age=31536000, immutable');
  // Tiny chunks (under 1 KiB) are sent as they are; the rest compressed (the browser picks br or gzip).
  const compressed = assets.filter((a) => a.encoding === 'br' || a.encoding === 'gzip');
  expect(compressed.length, 'most assets come compressed').toBeGreaterThan(assets.length / 2);

  // Signing in later and opening settings fetches its chunk then, on demand.
  const settingsChunk = page.waitForResponse((res) =>
    /\/assets\/SettingsLayout-[\w-]{8}\.js$/.test(res.url()),
  );
  await page.request.post('/api/v1/auth/login', {
    data: { email: member.member.email, password: member.member.password },
  });
  await page.goto('/settings/profile');
  expect((await settingsChunk).status()).toBe(200);
});
