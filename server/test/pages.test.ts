// Issue 10 — pages that travel: every page of the web app answers HTML whatever the Accept header, with a
// server-rendered head on public pages (never naming what the public may not read), 404 for what the app
// does not have, robots.txt, a keyset-paged sitemap and the link preview cards.
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { expectError } from './helpers/assertions.js';
import { registerMember } from './helpers/factories.js';
import { insertVerifiedWorkRecord } from './helpers/factories.js';
import { completedEngagement, postOverflow, verifiedMember, type LoopMember } from './helpers/loop.js';
import { captureStatements, sqlitePlan } from './helpers/statements.js';
import { testDialect } from './setup/database.js';

const PUBLIC_URL = 'https://slipstream.example.org';

/** The script tags of the app's own index.html: a page has exactly these, however hostile its data. */
const indexScripts = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8').match(
  /<script/g,
)!.length;

function webDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'slipstream-pages-web-'));
  copyFileSync(new URL('../../web/index.html', import.meta.url), join(dir, 'index.html'));
  return dir;
}

/** The content of `<meta property|name="key" content="…">` (still escaped), or undefined. */
function metaOf(html: string, key: string): string | undefined {
  const m = new RegExp(`<meta (?:property|name)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)"`).exec(
    html,
  );
  return m?.[1];
}
const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const unescape = (s: string | undefined) =>
  s
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

let t: TestApp;
let ada: LoopMember;
let publicId: string;
let membersId: string;
let askId: string;
const SECRET_TITLE = 'Quietly rebuild the payroll export';
const ASK_TITLE = 'Review my résumé before Friday';

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url: path, headers });
  return { status: res.statusCode, headers: res.headers, html: res.body };
}

beforeAll(async () => {
  t = await createTestApp({ webDist: webDist(), env: { PUBLIC_URL } });
  ada = await verifiedMember(t, {
    name: 'Ada Lovelace',
    skills: ['TypeScript', 'PostgreSQL', 'Accessibility'],
  });
  await ada.client.patch('me', { headline: 'Analytical engines and their notes' });
  await insertVerifiedWorkRecord(t.app.ctx.db, ada.id, { title: 'The first algorithm' });
  await insertVerifiedWorkRecord(t.app.ctx.db, ada.id, { title: 'Notes on the engine' });
  publicId = (await postOverflow(ada.client, { title: 'Write the migration guide', effortHours: 6 })).id;
  membersId = (await postOverflow(ada.client, { title: SECRET_TITLE, visibility: 'members' })).id;
  const tie = await verifiedMember(t);
  await completedEngagement(t, ada.client, tie.client);
  askId = (await postOverflow(ada.client, { title: ASK_TITLE, visibility: 'ask', askHandle: tie.handle })).id;
}, 60_000);
afterAll(() => t.close());

describe('pages answer HTML whatever the Accept header', () => {
  it('/@handle with a crawler’s Accept: */* gets 200 HTML with the profile’s head', async () => {
    const res = await page(`/@${ada.handle}`, { accept: '*/*', 'user-agent': 'Slackbot-LinkExpanding 1.0' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(titleOf(res.html)).toBe(`Ada Lovelace (@${ada.handle}) · Slipstream`);
    // index.html's own title and description are replaced, not repeated.
    expect(res.html.match(/<title>/g)).toHaveLength(1);
    expect(res.html.match(/name="description"/g)).toHaveLength(1);
    const description = metaOf(res.html, 'description')!;
    expect(description).toContain('Analytical engines and their notes');
    expect(description).toContain('2 verified work records');
    expect(description).toContain('Skills: typescript, postgresql, accessibility');
    expect(res.html).toContain(`<link rel="canonical" href="${PUBLIC_URL}/@${ada.handle}" />`);
    expect(metaOf(res.html, 'og:title')).toBe(`Ada Lovelace (@${ada.handle})`);
    expect(metaOf(res.html, 'og:type')).toBe('profile');
    expect(metaOf(res.html, 'og:url')).toBe(`${PUBLIC_URL}/@${ada.handle}`);
    expect(metaOf(res.html, 'og:site_name')).toBe('Slipstream');
    expect(metaOf(res.html, 'og:description')).toBe(description);
    expect(metaOf(res.html, 'og:image')).toBe(`${PUBLIC_URL}/cards/member/${ada.handle}.png`);
    expect(metaOf(res.html, 'twitter:card')).toBe('summary_large_image');
    expect(metaOf(res.html, 'twitter:image')).toBe(`${PUBLIC_URL}/cards/member/${ada.handle}.png`);
    expect(metaOf(res.html, 'robots')).toBeUndefined();
    // The app still loads: its root and script are there.
    expect(res.html).toContain('<div id="root"></div>');
    expect(res.html).toContain('<script type="module"');
  });

  it('a handle in capitals is the same profile, with its canonical address', async () => {
    const res = await page(`/@${ada.handle.toUpperCase()}`);
    expect(res.status).toBe(200);
    expect(res.html).toContain(`<link rel="canonical" href="${PUBLIC_URL}/@${ada.handle}" />`);
  });

  it.each([
    ['no Accept header', {}],
    ['Accept: application/json', { accept: 'application/json' }],
    ['Accept: text/html', { accept: 'text/html,application/xhtml+xml' }],
  ])('/board with %s gets 200 HTML', async (_label, headers) => {
    const res = await page('/board', headers);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(titleOf(res.html)).toBe('Board · Slipstream');
    expect(metaOf(res.html, 'og:url')).toBe(`${PUBLIC_URL}/board`);
  });

  it('the home page has the instance’s title, a description and the instance card', async () => {
    await t.client().get('/');
    const res = await page('/');
    expect(res.status).toBe(200);
    expect(titleOf(res.html)).toBe('Slipstream');
    expect(metaOf(res.html, 'description')).toMatch(/work-first professional network/);
    expect(metaOf(res.html, 'og:image')).toBe(`${PUBLIC_URL}/cards/site.png`);
  });

  it('pages for members only are HTML too, marked noindex', async () => {
    for (const path of ['/settings/profile', '/notifications', '/overflow/new', '/signin']) {
      const res = await page(path, { accept: '*/*' });
      expect(res.status, path).toBe(200);
      expect(metaOf(res.html, 'robots'), path).toBe('noindex');
    }
  });

  it('an unknown page answers 404 with the app’s HTML (the app shows its not-found page)', async () => {
    for (const path of ['/no-such-page', '/board/extra', '/ada', '/settings/nothing']) {
      const res = await page(path, { accept: '*/*' });
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(titleOf(res.html)).toBe('Page not found · Slipstream');
      expect(res.html).toContain('<div id="root"></div>');
      expect(metaOf(res.html, 'robots')).toBe('noindex');
    }
  });

  it('an unknown handle and an unknown overflow answer 404 HTML', async () => {
    const member = await page('/@nobody-here-at-all', { accept: '*/*' });
    expect(member.status).toBe(404);
    expect(titleOf(member.html)).toBe('Member not found · Slipstream');
    const overflow = await page('/overflow/NO_SUCH_OVERFLOW', { accept: '*/*' });
    expect(overflow.status).toBe(404);
    expect(titleOf(overflow.html)).toBe('Overflow not found · Slipstream');
  });

  it('the API keeps its JSON 404, whatever the Accept header', async () => {
    expectError(
      await t.client().get('/api/v1/nowhere', { headers: { accept: '*/*' } }),
      404,
      'ROUTE_NOT_FOUND',
    );
    expectError(await t.client().get('/metrics', { headers: { accept: '*/*' } }), 404, 'ROUTE_NOT_FOUND');
  });
});

describe('overflow heads', () => {
  it('a public overflow names its title, effort, skills and owner', async () => {
    const res = await page(`/overflow/${publicId}`, { accept: '*/*' });
    expect(res.status).toBe(200);
    expect(titleOf(res.html)).toBe('Write the migration guide · Slipstream');
    expect(metaOf(res.html, 'og:type')).toBe('article');
    expect(metaOf(res.html, 'description')).toBe(
      'Open overflow from Ada Lovelace: 6 hours of typescript, postgresql. On Slipstream.',
    );
    expect(metaOf(res.html, 'og:image')).toBe(`${PUBLIC_URL}/cards/overflow/${publicId}.png`);
  });

  it('members-only and ask overflow never leak into the head: 404 to the public, as the API says', async () => {
    for (const [id, title] of [
      [membersId, SECRET_TITLE],
      [askId, ASK_TITLE],
    ] as const) {
      expectError(await t.client().get(`overflow/${id}`), 404, 'OVERFLOW_NOT_FOUND');
      const res = await page(`/overflow/${id}`, { accept: '*/*' });
      expect(res.status).toBe(404);
      expect(res.html).not.toContain(title);
      expect(res.html).not.toContain('Ada Lovelace');
      expect(res.html).not.toContain('/cards/overflow/');
    }
  });

  it('a member who may see it gets 200, and still only the generic head', async () => {
    const reader = await verifiedMember(t);
    const cookie = `slipstream_session=${reader.client.sessionCookie}`;
    const res = await page(`/overflow/${membersId}`, { accept: '*/*', cookie });
    expect(res.status).toBe(200);
    expect(titleOf(res.html)).toBe('Overflow · Slipstream');
    expect(res.html).not.toContain(SECRET_TITLE);
    expect(metaOf(res.html, 'robots')).toBe('noindex');
    // The ask stays between its two people.
    expect((await page(`/overflow/${askId}`, { accept: '*/*', cookie })).status).toBe(404);
    const owner = `slipstream_session=${ada.client.sessionCookie}`;
    expect((await page(`/overflow/${askId}`, { accept: '*/*', cookie: owner })).status).toBe(200);
  });
});

describe('moderated content stays out of the head', () => {
  it('a suspended member’s page and card name nothing; a hidden overflow is not named either', async () => {
    const m = await verifiedMember(t, { name: 'Suspended Sam' });
    const o = await postOverflow(m.client, { title: 'A posting by Sam' });
    const hidden = await postOverflow(ada.client, { title: 'A hidden posting' });
    const now = new Date().toISOString();
    await t.app.ctx.db.updateTable('members').set({ suspended_at: now }).where('id', '=', m.id).execute();
    await t.app.ctx.db.updateTable('overflow').set({ hidden_at: now }).where('id', '=', hidden.id).execute();
    const profile = await page(`/@${m.handle}`, { accept: '*/*' });
    expect(profile.status).toBe(200);
    expect(profile.html).not.toContain('Suspended Sam');
    expect(metaOf(profile.html, 'robots')).toBe('noindex');
    for (const [path, words] of [
      [`/overflow/${o.id}`, 'A posting by Sam'],
      [`/overflow/${hidden.id}`, 'A hidden posting'],
    ] as const) {
      const res = await page(path, { accept: '*/*' });
      expect(res.html, path).not.toContain(words);
      expect(res.html, path).not.toContain('/cards/overflow/');
    }
    for (const url of [
      `/cards/member/${m.handle}.png`,
      `/cards/overflow/${o.id}.png`,
      `/cards/overflow/${hidden.id}.png`,
    ])
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
  });

  it('HEAD of a page answers its status and type', async () => {
    const known = await t.app.inject({ method: 'HEAD', url: `/@${ada.handle}` });
    expect(known.statusCode).toBe(200);
    expect(known.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await t.app.inject({ method: 'HEAD', url: '/no-such-page' })).statusCode).toBe(404);
  });
});

describe('escaping', () => {
  it('a hostile name, headline and title are escaped in every tag', async () => {
    const hostile = `"><script>alert(1)</script> & 'x'`;
    const m = await verifiedMember(t, { name: hostile, skills: ['<b>bold</b>'] });
    await m.client.patch('me', { headline: `</title><img src=x onerror=alert(2)>` });
    const o = await postOverflow(m.client, { title: `</title><script>alert(3)</script>` });
    for (const path of [`/@${m.handle}`, `/overflow/${o.id}`]) {
      const res = await page(path, { accept: '*/*' });
      expect(res.status, path).toBe(200);
      expect(res.html).not.toContain('<script>alert');
      expect(res.html).not.toContain('<img src=x');
      // Exactly the tags index.html has, plus ours: the page's structure is intact.
      expect(res.html.match(/<title>/g)).toHaveLength(1);
      expect(res.html.match(/<script/g)).toHaveLength(indexScripts);
    }
    const profile = await page(`/@${m.handle}`);
    expect(unescape(titleOf(profile.html))).toBe(`${hostile} (@${m.handle}) · Slipstream`);
    expect(unescape(metaOf(profile.html, 'og:title'))).toBe(`${hostile} (@${m.handle})`);
    expect(profile.html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;x&#39;');
  });
});

describe('robots.txt', () => {
  it('allows the public pages, keeps crawlers out of the API, settings and admin, and names the sitemap', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/robots.txt' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = res.body.split('\n');
    expect(lines).toContain('User-agent: *');
    expect(lines).toContain('Allow: /');
    for (const p of ['/api/', '/settings', '/admin']) expect(lines).toContain(`Disallow: ${p}`);
    expect(lines).toContain(`Sitemap: ${PUBLIC_URL}/sitemap.xml`);
    expect(lines.some((l) => /^Disallow: \/(board|@)/.test(l))).toBe(false);
  });
});

describe('link preview cards', () => {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  it('a profile’s card is a 1200×630 PNG, cached for an hour', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/cards/member/${ada.handle}.png` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    const png = res.rawPayload;
    expect(png.subarray(0, 8)).toEqual(PNG);
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    // The second answer comes from the cache: the same bytes.
    const again = await t.app.inject({ method: 'GET', url: `/cards/member/${ada.handle}.png` });
    expect(again.rawPayload.equals(png)).toBe(true);
  }, 30_000);

  it('a public overflow has a card; members-only, ask and unknown ones do not', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/cards/overflow/${publicId}.png` });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 8)).toEqual(PNG);
    for (const url of [
      `/cards/overflow/${membersId}.png`,
      `/cards/overflow/${askId}.png`,
      '/cards/overflow/NO_SUCH.png',
      '/cards/member/nobody-here-at-all.png',
      `/cards/member/${ada.handle}.jpg`,
    ]) {
      const miss = await t.app.inject({ method: 'GET', url });
      expect(miss.statusCode, url).toBe(404);
      expect(miss.body).not.toContain(SECRET_TITLE);
    }
  }, 30_000);
});

describe('sitemap', () => {
  let s: TestApp;
  const listed: string[] = [];
  const openPublic: string[] = [];
  let hiddenHandle: string;
  let membersOnly: string;

  beforeAll(async () => {
    s = await createTestApp({ webDist: webDist(), env: { PUBLIC_URL }, sitemapPageSize: 2 });
    for (let i = 0; i < 5; i++) {
      const m = await verifiedMember(s);
      listed.push(m.handle);
      if (i < 3) openPublic.push((await postOverflow(m.client, { title: `Public ${i}` })).id);
      if (i === 0) membersOnly = (await postOverflow(m.client, { visibility: 'members' })).id;
    }
    // An unconfirmed account is not listed.
    hiddenHandle = (await registerMember(s.app)).handle;
  }, 60_000);
  afterAll(() => s.close());

  const get = async (url: string) => {
    const res = await s.app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    return res.body;
  };
  const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => unescape(m[1]!)!);

  if (testDialect() === 'sqlite') {
    it('every statement walks an index: the members primary key and overflow_board', async () => {
      const { queries } = await captureStatements(s, async () => {
        // First in this file: the index is not cached yet, so its boundary steps run too.
        const index = await s.app.inject({ method: 'GET', url: '/sitemap.xml' });
        await s.app.inject({ method: 'GET', url: '/sitemaps/members.xml' });
        await s.app.inject({ method: 'GET', url: '/sitemaps/overflow.xml' });
        return index;
      });
      expect(queries.filter((q) => /offset/i.test(q.sql)).length).toBeGreaterThanOrEqual(5);
      const details: string[] = [];
      for (const q of queries) details.push(...(await sqlitePlan(s.app.ctx.db, q)).map((l) => l.detail));
      expect(
        details.some((d) => /^SEARCH overflow USING INDEX overflow_board/.test(d)),
        details.join('\n'),
      ).toBe(true);
      // A later page seeks to its cursor: the members key (id>?) and overflow_board's (created_at, id).
      expect(details).toContain('SEARCH members USING INDEX sqlite_autoindex_members_1 (id>?)');
      expect(details).toContain(
        'SEARCH overflow USING INDEX overflow_board (status=? AND (created_at,id)>(?,?))',
      );
      for (const d of details)
        expect(d, details.join('\n')).not.toMatch(/^SCAN (overflow|members)\b(?! USING)/);
      expect(
        details.some((d) => /USE TEMP B-TREE/.test(d)),
        details.join('\n'),
      ).toBe(false);
    });
  }

  it('an index of pages of at most the page size, which together list every public profile and open public overflow once', async () => {
    const index = await get('/sitemap.xml');
    expect(index).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    const pages = locs(index);
    const memberPages = pages.filter((p) => p.includes('/sitemaps/members.xml'));
    const overflowPages = pages.filter((p) => p.includes('/sitemaps/overflow.xml'));
    // 5 profiles in pages of 2: 3 pages; 3 overflow: 2 pages.
    expect(memberPages).toHaveLength(3);
    expect(overflowPages).toHaveLength(2);
    const urls: string[] = [];
    for (const p of pages) {
      expect(p.startsWith(`${PUBLIC_URL}/sitemaps/`)).toBe(true);
      const xml = await get(p.slice(PUBLIC_URL.length));
      expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
      const here = locs(xml);
      expect(here.length).toBeGreaterThan(0);
      expect(here.length).toBeLessThanOrEqual(2);
      expect(xml).toMatch(/<lastmod>\d{4}-\d\d-\d\dT/);
      urls.push(...here);
    }
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls.filter((u) => u.includes('/@')).sort()).toEqual(
      listed.map((h) => `${PUBLIC_URL}/@${h}`).sort(),
    );
    expect(urls.filter((u) => u.includes('/overflow/')).sort()).toEqual(
      openPublic.map((id) => `${PUBLIC_URL}/overflow/${id}`).sort(),
    );
    expect(urls.join('\n')).not.toContain(hiddenHandle);
    expect(urls.join('\n')).not.toContain(membersOnly);
  });

  it('a malformed page cursor or an unknown sitemap answers 404', async () => {
    for (const url of ['/sitemaps/overflow.xml?after=nonsense', '/sitemaps/everything.xml']) {
      const res = await s.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
    }
  });
});
