// Saves desktop and phone screenshots of every page into screenshots/ (gitignored). Run by hand:
//   node --import tsx e2e/screenshots.ts
// Starts its own server with DEMO=on on a temporary data directory; needs a built web app (dist/web).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, request, type BrowserContext, type Page } from 'playwright-core';
import { DESKTOP, launchOptions, PHONE } from './support/chromium.js';
import { readLatestEmailIn } from './support/email.js';
import { ROOT, startServer, type RunningServer } from './support/server.js';

const DEMO_PASSWORD = 'drafting-demo-2026';
const MEMBER = { email: 'bruno@demo.slipstream.local', handle: 'bruno' };
const ADMIN = { email: 'ada@demo.slipstream.local', handle: 'ada' };
const OUT = join(ROOT, 'screenshots');

type Who = 'anonymous' | 'member' | 'admin';

interface Shot {
  name: string;
  who: Who;
  /** The path to open (may need the server, e.g. for a token from an email). */
  path: (server: RunningServer, context: BrowserContext) => Promise<string> | string;
  /** Something to do after the page loaded (open a form, …). */
  after?: (page: Page) => Promise<void>;
  /** What to wait for before a full-page capture (a page that loads in steps). */
  ready?: (page: Page) => Promise<void>;
}

async function newMemberWithEmail(server: RunningServer, context: BrowserContext, subject: RegExp) {
  const stamp = Date.now().toString(36);
  const email = `shot${stamp}@example.test`;
  const res = await context.request.post('/api/v1/auth/register', {
    data: { email, password: 'screenshot-password', name: 'Sam Screenshot', handle: `shot_${stamp}` },
  });
  // Sign-up signs nobody in: the page shows the link to a signed-out visitor.
  if (res.status() !== 202) throw new Error(`register: ${res.status()} ${await res.text()}`);
  if (/reset/i.test(subject.source)) {
    await context.request.post('/api/v1/auth/password-reset/request', { data: { email } });
  }
  const mail = await readLatestEmailIn(server.outboxDir, email, { subject });
  if (!mail.link) throw new Error(`no link in ${mail.subject}`);
  const url = new URL(mail.link);
  return `${url.pathname}${url.search}`;
}

/** A signed-in API context of a demo member (apart from the page's context). */
async function demoApi(server: RunningServer, email: string) {
  const api = await request.newContext({ baseURL: server.baseURL });
  const res = await api.post('/api/v1/auth/login', { data: { email, password: DEMO_PASSWORD } });
  if (res.status() !== 200) throw new Error(`sign-in as ${email}: ${res.status()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { api, headers: { 'x-csrf-token': csrfToken } };
}

let offerEmail: Promise<{ unsubscribe: string; outboxId: string }> | undefined;
/**
 * Bruno offers on an overflow Ada posts; Ada's "offer received" email gives the unsubscribe page's link and
 * an outbox row to open. Made once: both widths use the same email.
 */
function adaOfferEmail(server: RunningServer) {
  offerEmail ??= (async () => {
    const ada = await demoApi(server, ADMIN.email);
    const bruno = await demoApi(server, MEMBER.email);
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const posted = await ada.api.post('/api/v1/overflow', {
      headers: ada.headers,
      data: {
        title: 'Review our pipeline alerts',
        brief: 'Tell us which alerts nobody reads.',
        skills: ['observability'],
        effortHours: 4,
        dueOn: due,
        visibility: 'public',
      },
    });
    if (posted.status() !== 201) throw new Error(`post overflow: ${posted.status()} ${await posted.text()}`);
    const { id } = (await posted.json()) as { id: string };
    const since = new Date();
    const offered = await bruno.api.post(`/api/v1/overflow/${id}/offers`, {
      headers: bruno.headers,
      data: { pitch: 'I tuned alerting for a team of six last spring.', evidence: [], proposedOn: due },
    });
    if (offered.status() !== 201) throw new Error(`offer: ${offered.status()} ${await offered.text()}`);
    const mail = await readLatestEmailIn(server.outboxDir, ADMIN.email, { since, subject: /offer/i });
    const link = /https?:\/\/[^\s<>"')]+\/unsubscribe\?token=[A-Za-z0-9_.-]+/.exec(mail.text)?.[0];
    if (!link) throw new Error(`no unsubscribe link in ${mail.subject}`);
    const list = await ada.api.get('/api/v1/admin/outbox?limit=10');
    const { items } = (await list.json()) as { items: { id: string; subject: string }[] };
    const row = items.find((i) => i.subject === mail.subject);
    if (!row) throw new Error(`no outbox row for ${mail.subject}`);
    await ada.api.dispose();
    await bruno.api.dispose();
    const url = new URL(link);
    return { unsubscribe: `${url.pathname}${url.search}`, outboxId: row.id };
  })();
  return offerEmail;
}

const shots: Shot[] = [
  { name: 'home-signed-out', who: 'anonymous', path: () => '/' },
  { name: 'home-signed-in', who: 'member', path: () => '/' },
  { name: 'signup', who: 'anonymous', path: () => '/signup' },
  {
    name: 'signup-check-inbox',
    who: 'anonymous',
    path: () => '/signup',
    after: async (page) => {
      const stamp = Date.now().toString(36);
      await page.getByLabel(/^Name/).fill('Sam Screenshot');
      await page.getByLabel(/^Handle/).fill(`shot_${stamp}`);
      await page.getByLabel(/^Email/).fill(`sam.screenshot.${stamp}@example.test`);
      await page.getByLabel(/^Password/).fill('screenshot-password');
      await page.getByRole('button', { name: 'Create account', exact: true }).click();
      await page.getByRole('heading', { name: 'Check your inbox', exact: true }).waitFor();
    },
  },
  { name: 'signin', who: 'anonymous', path: () => '/signin' },
  { name: 'forgot-password', who: 'anonymous', path: () => '/forgot-password' },
  {
    name: 'reset-password',
    who: 'anonymous',
    path: (server, context) => newMemberWithEmail(server, context, /reset/i),
  },
  {
    name: 'verify-email',
    who: 'anonymous',
    path: (server, context) => newMemberWithEmail(server, context, /confirm/i),
  },
  { name: 'settings-profile', who: 'member', path: () => '/settings/profile' },
  { name: 'settings-work', who: 'member', path: () => '/settings/work' },
  {
    name: 'settings-work-form',
    who: 'member',
    path: () => '/settings/work',
    after: async (page) => {
      await page.getByRole('button', { name: 'Add work record', exact: true }).click();
      await page.getByRole('button', { name: 'Save work record', exact: true }).waitFor();
    },
  },
  { name: 'settings-tokens', who: 'member', path: () => '/settings/tokens' },
  { name: 'settings-email', who: 'member', path: () => '/settings/email' },
  {
    name: 'unsubscribe',
    who: 'anonymous',
    path: async (server) => (await adaOfferEmail(server)).unsubscribe,
    after: async (page) => {
      await page.getByRole('button', { name: 'Re-subscribe', exact: true }).waitFor();
    },
  },
  { name: 'unsubscribe-bad-link', who: 'anonymous', path: () => '/unsubscribe?token=expired.link' },
  { name: 'admin', who: 'admin', path: () => '/admin' },
  {
    name: 'admin-outbox',
    who: 'admin',
    path: () => '/admin/outbox',
    ready: async (page) => {
      await page.getByRole('region', { name: 'Outbox messages' }).getByRole('listitem').first().waitFor();
    },
  },
  {
    name: 'admin-outbox-message',
    who: 'admin',
    path: async (server) => `/admin/outbox/${(await adaOfferEmail(server)).outboxId}`,
    ready: async (page) => {
      await page.getByRole('heading', { name: 'Headers', exact: true }).waitFor();
    },
  },
  {
    // A full-page capture leaves the sandboxed frame (its own process) blank: show it in the viewport.
    name: 'admin-outbox-message-html',
    who: 'admin',
    path: async (server) => `/admin/outbox/${(await adaOfferEmail(server)).outboxId}`,
    after: async (page) => {
      await page.locator('iframe').scrollIntoViewIfNeeded();
      await page.frameLocator('iframe').locator('body').waitFor();
    },
  },
  { name: 'network', who: 'member', path: () => '/network' },
  { name: 'profile-bruno', who: 'anonymous', path: () => `/@${MEMBER.handle}` },
  { name: 'profile-ada-signed-in', who: 'member', path: () => `/@${ADMIN.handle}` },
  { name: 'not-found', who: 'anonymous', path: () => '/no-such-page' },
];

async function main() {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer({ demo: true });
  console.log(`demo server: ${server.baseURL}`);
  const browser = await chromium.launch(launchOptions);
  let failures = 0;
  // SHOTS=name,name takes only those.
  const only = process.env.SHOTS?.split(',');
  const chosen = shots.filter((s) => !only || only.includes(s.name));
  try {
    for (const [width, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      // SHOTS=name,name takes only those.
      for (const shot of chosen) {
        const context = await browser.newContext({
          baseURL: server.baseURL,
          viewport,
          deviceScaleFactor: width === 'phone' ? 2 : 1,
          isMobile: width === 'phone',
          hasTouch: width === 'phone',
        });
        const file = join(OUT, `${shot.name}-${width}.png`);
        try {
          if (shot.who !== 'anonymous') {
            const who = shot.who === 'admin' ? ADMIN : MEMBER;
            const res = await context.request.post('/api/v1/auth/login', {
              data: { email: who.email, password: DEMO_PASSWORD },
            });
            if (res.status() !== 200) throw new Error(`sign-in as ${who.email}: ${res.status()}`);
          }
          const page = await context.newPage();
          await page.goto(await shot.path(server, context));
          await page.waitForLoadState('networkidle');
          await shot.ready?.(page);
          await shot.after?.(page);
          await page.waitForTimeout(300); // let transitions finish
          // A modal's overlay only covers the viewport, so capture modal states without scrolling.
          await page.screenshot({ path: file, fullPage: !shot.after, animations: 'disabled' });
          console.log(`saved ${file}`);
        } catch (error) {
          failures++;
          console.error(`!! ${shot.name} (${width}): ${(error as Error).message.split('\n')[0]}`);
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(`${chosen.length * 2 - failures} screenshot(s) saved in ${OUT}, ${failures} failed`);
  process.exitCode = failures > 0 ? 1 : 0;
}

await main();
