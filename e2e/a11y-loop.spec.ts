import type { Page } from '@playwright/test';
import { chooseOption, expectNoA11yViolations, field, unique } from './fixtures.js';
import {
  addWorkRecord,
  engagementAt,
  expect,
  noticed,
  postOverflow,
  sendOffer,
  test,
  type Actor,
  type Members,
} from './loop-fixtures.js';
import { DESKTOP, PHONE } from './support/chromium.js';

// axe-core on every page of the drafting loop, filled with data, at desktop and phone widths (the
// foundation's pages are in a11y.spec.ts).

interface Ctx {
  /** Signed in as the screen's `viewer`, if it has one. */
  page: Page;
  members: Members;
}

interface Screen {
  name: string;
  /** Prepares data through the API (once for both widths); returns the address to open. */
  prepare(ctx: Ctx): Promise<string>;
  /** Waits until the page shows its main content. */
  ready(page: Page): Promise<void>;
  /** Optional second state to scan (a form or dialog opened by a button, …). */
  then?(page: Page): Promise<void>;
}

const button = (page: Page, name: string) =>
  expect(page.getByRole('button', { name, exact: true }).first()).toBeVisible();
const h1 = (page: Page, name: string) =>
  expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();

/** The page's member, signed in in the page's browser context. */
const viewer = ({ page, members }: Ctx) => members.create({ request: page.request });

/** A second member with a self-reported work record, to offer it as evidence. */
async function helperWithWork(members: Members): Promise<{ helper: Actor; workId: string }> {
  const helper = await members.create();
  const work = await addWorkRecord(helper);
  return { helper, workId: work.id };
}

const screens: Screen[] = [
  {
    name: '/board (signed in)',
    async prepare(ctx) {
      await viewer(ctx);
      await postOverflow(await ctx.members.create());
      return '/board';
    },
    async ready(page) {
      await h1(page, 'Board');
      await expect(page.getByRole('link', { name: 'Post overflow', exact: true })).toBeVisible();
    },
  },
  {
    name: '/board (signed out)',
    async prepare({ members }) {
      await postOverflow(await members.create());
      return '/board';
    },
    async ready(page) {
      await h1(page, 'Board');
      await expect(page.locator('a[href^="/overflow/"]').first()).toBeVisible();
    },
  },
  {
    name: '/overflow/new',
    async prepare(ctx) {
      const me = await viewer(ctx);
      // A tie, so that "Ask one of your ties" has someone to ask.
      const friend = await ctx.members.create();
      await noticed(me, (await addWorkRecord(friend)).id, friend);
      return '/overflow/new';
    },
    async ready(page) {
      await button(page, 'Post overflow');
    },
    async then(page) {
      await chooseOption(page, 'Visibility', 'Ask one of your ties');
      await expect(field(page, 'Ask whom')).toBeVisible();
    },
  },
  {
    name: '/overflow/:id (owner, with offers)',
    async prepare(ctx) {
      const me = await viewer(ctx);
      const o = await postOverflow(me);
      for (let i = 0; i < 2; i++) {
        const { helper, workId } = await helperWithWork(ctx.members);
        await sendOffer(helper, o.id, { evidence: [workId] });
      }
      return `/overflow/${o.id}`;
    },
    async ready(page) {
      await expect(page.getByRole('button', { name: 'Accept offer', exact: true })).toHaveCount(2);
    },
    async then(page) {
      await page.getByRole('button', { name: 'Decline', exact: true }).first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await button(page, 'Decline offer');
    },
  },
  {
    name: '/overflow/:id (another member)',
    async prepare(ctx) {
      const me = await viewer(ctx);
      await addWorkRecord(me);
      const o = await postOverflow(await ctx.members.create());
      return `/overflow/${o.id}`;
    },
    async ready(page) {
      await button(page, 'Send offer');
    },
  },
  {
    name: '/work',
    async prepare(ctx) {
      const me = await viewer(ctx);
      const other = await ctx.members.create();
      await engagementAt(other, me, 'active');
      await sendOffer(me, (await postOverflow(other)).id);
      await postOverflow(me);
      return '/work';
    },
    async ready(page) {
      await h1(page, 'My work');
      await expect(page.getByRole('tab', { name: 'Engagements' })).toBeVisible();
    },
    async then(page) {
      await page.getByRole('tab', { name: 'My offers' }).click();
      await expect(page.getByRole('tab', { name: 'My offers' })).toHaveAttribute('aria-selected', 'true');
    },
  },
  {
    name: '/engagements/:id (helper, active)',
    async prepare(ctx) {
      const me = await viewer(ctx);
      const { engagementId } = await engagementAt(await ctx.members.create(), me, 'active');
      return `/engagements/${engagementId}`;
    },
    async ready(page) {
      await button(page, 'Submit delivery');
    },
    async then(page) {
      await page.getByRole('button', { name: 'Abandon engagement', exact: true }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await button(page, 'Abandon');
    },
  },
  {
    name: '/engagements/:id (owner, delivered)',
    async prepare(ctx) {
      const me = await viewer(ctx);
      const { engagementId } = await engagementAt(me, await ctx.members.create(), 'delivered', {
        skills: ['research', 'writing'],
      });
      return `/engagements/${engagementId}`;
    },
    async ready(page) {
      await button(page, 'Complete engagement');
    },
    async then(page) {
      await page.getByRole('button', { name: 'Request revision', exact: true }).click();
      await expect(field(page, 'What should change?')).toBeVisible();
    },
  },
  {
    name: '/engagements/:id (completed)',
    async prepare(ctx) {
      const me = await viewer(ctx);
      const { engagementId } = await engagementAt(me, await ctx.members.create(), 'completed');
      return `/engagements/${engagementId}`;
    },
    async ready(page) {
      await expect(page.getByRole('link', { name: 'View verified work', exact: true })).toBeVisible();
    },
  },
  {
    name: '/ties (with a pending noticed note)',
    async prepare(ctx) {
      const me = await viewer(ctx);
      // A tie from work (I received: a transactional tie, with their open overflow as a way to give back)…
      const helper = await ctx.members.create();
      await engagementAt(me, helper, 'completed');
      await postOverflow(helper);
      // …one from a noticed note, and a note waiting for an answer.
      const author = await ctx.members.create();
      await noticed(me, (await addWorkRecord(author)).id, author);
      await noticed(await ctx.members.create(), (await addWorkRecord(me)).id);
      return '/ties';
    },
    async ready(page) {
      await h1(page, 'Ties & ledger');
      await expect(page.getByRole('button', { name: 'Thank', exact: true }).first()).toBeVisible();
    },
    async then(page) {
      await page.getByRole('button', { name: 'Thank', exact: true }).first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await button(page, 'Send thanks');
    },
  },
  {
    name: '/ties?tab=noticed',
    async prepare(ctx) {
      const me = await viewer(ctx);
      await noticed(await ctx.members.create(), (await addWorkRecord(me)).id);
      return '/ties?tab=noticed';
    },
    async ready(page) {
      await button(page, 'Accept');
      await button(page, 'Ignore');
    },
  },
  {
    name: '/notifications',
    async prepare(ctx) {
      const me = await viewer(ctx);
      const other = await ctx.members.create();
      // Offer received, delivered, completed, tie formed (read), then thanks (unread).
      const { engagementId } = await engagementAt(me, other, 'completed');
      await me.post('/api/v1/me/notifications/read', { all: true }, 200);
      await other.post('/api/v1/thanks', { toHandle: me.handle, message: 'Thanks!', engagementId });
      return '/notifications';
    },
    async ready(page) {
      await h1(page, 'Notifications');
      await button(page, 'Mark all read');
    },
  },
  {
    name: '/@handle (verified work, thanks, "Notice this work")',
    async prepare(ctx) {
      await viewer(ctx);
      const owner = await ctx.members.create();
      const helper = await ctx.members.create();
      await addWorkRecord(helper);
      const { engagementId } = await engagementAt(owner, helper, 'completed', { title: `Audit ${unique()}` });
      await owner.post('/api/v1/thanks', {
        toHandle: helper.handle,
        message: 'Great work on the audit.',
        engagementId,
      });
      return `/@${helper.handle}`;
    },
    async ready(page) {
      await expect(page.getByRole('heading', { name: 'Verified work', exact: true })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Thanks', exact: true })).toBeVisible();
      await button(page, 'Notice this work');
    },
    async then(page) {
      await page.getByRole('button', { name: 'Notice this work', exact: true }).first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await button(page, 'Send note');
    },
  },
];

// One test per page: the data is prepared once, then the page is scanned at both widths (a step each). Every
// scan runs even after one fails, and the test lists all of them.
test.describe('loop pages: no serious or critical axe violations at desktop and phone widths', () => {
  for (const screen of screens) {
    test(screen.name, async ({ page, members }) => {
      // Up to four axe scans of a full page in one test: on a busy 2-core machine each can take several
      // seconds, so the default 30 s is too tight for the test as a whole.
      test.setTimeout(90_000);
      const failures: string[] = [];
      const scan = async (what: string) => {
        try {
          await expectNoA11yViolations(page);
        } catch (error) {
          failures.push(`${what}: ${(error as Error).message}`);
        }
      };
      const path = await screen.prepare({ page, members });
      for (const [width, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        await test.step(`${width} (${viewport.width}×${viewport.height})`, async () => {
          await page.setViewportSize(viewport);
          await page.goto(path);
          await screen.ready(page);
          await page.waitForLoadState('networkidle');
          await scan(`${width}, as loaded`);
          if (screen.then) {
            await screen.then(page);
            await scan(`${width}, after the second step`);
          }
        });
      }
      expect(failures.length, failures.join('\n\n')).toBe(0);
    });
  }
});
