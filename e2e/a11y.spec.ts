import type { APIRequestContext, Page } from '@playwright/test';
import { DESKTOP, PHONE } from './support/chromium.js';
import {
  ADMIN,
  createMemberViaApi,
  expect,
  expectNoA11yViolations,
  field,
  linkFromLatestEmail,
  memberData,
  signInViaApi,
  test,
} from './fixtures.js';

interface Ctx {
  page: Page;
  /** A request context separate from the page (its cookies do not sign the page in). */
  request: APIRequestContext;
}

interface Screen {
  name: string;
  /** Signs in, prepares data, navigates, and waits until the page shows its main content. */
  open(ctx: Ctx): Promise<void>;
  /** Optional second state to scan (a form opened by a button, …). */
  then?(ctx: Ctx): Promise<void>;
}

const button = (page: Page, name: string) =>
  expect(page.getByRole('button', { name, exact: true })).toBeVisible();

const screens: Screen[] = [
  {
    name: '/ (signed out)',
    async open({ page }) {
      await page.goto('/');
      await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
    },
  },
  {
    name: '/ (signed in)',
    async open({ page }) {
      await createMemberViaApi(page.request);
      await page.goto('/');
      await button(page, 'Account menu');
      await expect(page.getByText(/confirm your email/i).first()).toBeVisible();
    },
  },
  {
    name: '/signup',
    async open({ page }) {
      await page.goto('/signup');
      await button(page, 'Create account');
    },
  },
  {
    name: '/signup (check your inbox)',
    async open({ page }) {
      const m = memberData();
      await page.goto('/signup');
      await field(page, 'Name').fill(m.name);
      await field(page, 'Handle').fill(m.handle);
      await field(page, 'Email').fill(m.email);
      await field(page, 'Password').fill(m.password);
      await button(page, 'Create account');
      await page.getByRole('button', { name: 'Create account', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'Check your inbox', exact: true })).toBeVisible();
    },
  },
  {
    name: '/signin',
    async open({ page }) {
      await page.goto('/signin');
      await button(page, 'Sign in');
    },
  },
  {
    name: '/forgot-password',
    async open({ page }) {
      await page.goto('/forgot-password');
      await button(page, 'Send reset link');
    },
  },
  {
    name: '/reset-password',
    async open({ page, request }) {
      const m = await createMemberViaApi(request);
      const res = await request.post('/api/v1/auth/password-reset/request', {
        headers: { 'x-csrf-token': m.csrfToken }, // `request` holds the new member's session
        data: { email: m.email },
      });
      expect(res.status()).toBe(202);
      await page.goto(await linkFromLatestEmail(m.email, { subject: /reset/i }));
      await button(page, 'Change password');
    },
  },
  {
    name: '/verify-email',
    async open({ page, request }) {
      const m = await createMemberViaApi(request);
      await page.goto(await linkFromLatestEmail(m.email, { subject: /confirm/i }));
      await expect(page.getByText('Your email address is confirmed.')).toBeVisible();
    },
  },
  {
    name: '/settings/profile',
    async open({ page }) {
      await createMemberViaApi(page.request);
      await page.goto('/settings/profile');
      await button(page, 'Save profile');
    },
  },
  {
    name: '/settings/work',
    async open({ page }) {
      await createMemberViaApi(page.request);
      await page.goto('/settings/work');
      await button(page, 'Add work record');
    },
    async then({ page }) {
      await page.getByRole('button', { name: 'Add work record', exact: true }).click();
      await button(page, 'Save work record');
    },
  },
  {
    name: '/settings/tokens',
    async open({ page }) {
      await createMemberViaApi(page.request);
      await page.goto('/settings/tokens');
      await button(page, 'Create token');
    },
  },
  {
    name: '/admin',
    async open({ page }) {
      await signInViaApi(page.request, ADMIN.email, ADMIN.password);
      await page.goto('/admin');
      await button(page, 'Save settings');
    },
  },
  {
    name: '/@handle',
    async open({ page, request }) {
      const m = await createMemberViaApi(request);
      const headers = { 'x-csrf-token': m.csrfToken };
      const me = await request.patch('/api/v1/me', {
        headers,
        data: {
          headline: 'Accessibility check',
          bio: 'Builds **accessible** things.\n\n- one\n- two',
          skills: ['a11y', 'react'],
          links: [{ label: 'Site', url: 'https://example.org' }],
        },
      });
      expect(me.status(), await me.text()).toBe(200);
      const work = await request.post('/api/v1/work-records', {
        headers,
        data: {
          title: 'Audit of the checkout',
          summary: 'WCAG 2.2 AA audit and fixes.',
          url: 'https://example.org/audit',
          kind: 'project',
          date: '2026-02-01',
          skills: ['a11y'],
        },
      });
      expect(work.status(), await work.text()).toBe(201);
      await page.goto(`/@${m.handle}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.name);
      await expect(page.getByText('Audit of the checkout').first()).toBeVisible();
    },
  },
  {
    name: '404',
    async open({ page }) {
      await page.goto('/no-such-page-here');
      await expect(page.getByRole('heading').first()).toBeVisible();
      await expect(page.getByText(/not found|404/i).first()).toBeVisible();
    },
  },
];

for (const [width, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test.describe(`accessibility at ${width} width (${viewport.width}×${viewport.height})`, () => {
    test.use({ viewport });
    for (const screen of screens) {
      test(`${screen.name} has no serious or critical axe violations`, async ({ page, request }) => {
        await screen.open({ page, request });
        await page.waitForLoadState('networkidle');
        await expectNoA11yViolations(page);
        if (screen.then) {
          await screen.then({ page, request });
          await expectNoA11yViolations(page);
        }
      });
    }
  });
}
