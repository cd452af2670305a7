import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { readLatestEmailIn, type ReadEmailOptions, type ReceivedEmail } from './support/email.js';

export { expect };
export { ADMIN } from './global-setup.js';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the suite through e2e/run.ts or playwright test -c e2e/…`);
  return value;
}

/** The e2e server's address, e.g. http://127.0.0.1:41234 (set by the global setup). */
export const serverURL = (): string => requiredEnv('E2E_BASE_URL');
export const dataDir = (): string => requiredEnv('E2E_DATA_DIR');

// ---------------------------------------------------------------------------------------------- console guard

interface Allowed {
  status: number;
  path: RegExp;
}

/**
 * Collects `console.error` messages and uncaught page errors; the test fails at the end if any were not
 * expected. Network failures the browser logs itself ("Failed to load resource: … 401") are allowed only
 * for the request paths and statuses a test declares, and for the 404 of the document itself (an unknown
 * page). The signed-out session check answers 200 with no member, so a signed-out page load logs nothing.
 */
export class ConsoleGuard {
  readonly messages: string[] = [];
  private readonly allowed: Allowed[] = [
    // Browsers ask for /favicon.ico on their own; smoke.spec.ts checks the icon separately.
    { status: 404, path: /^\/favicon\.ico$/ },
  ];

  /** Expect the browser to log a failed request with this status to a path matching `path`. */
  allowHttpError(status: number, path: string | RegExp) {
    this.allowed.push({
      status,
      path: typeof path === 'string' ? new RegExp(`^${escapeRegExp(path)}$`) : path,
    });
  }

  watch(page: Page) {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      const resource = msg.location().url;
      const failed = /^Failed to load resource: the server responded with a status of (\d{3})/.exec(text);
      if (failed && resource) {
        const status = Number(failed[1]);
        const path = new URL(resource).pathname;
        // A page the app does not have (or may not show) answers 404 with the app's not-found page: the
        // status is for crawlers, and the browser logs it for the document itself. share.spec.ts checks it.
        if (status === 404 && resource === page.url()) return;
        if (this.allowed.some((a) => a.status === status && a.path.test(path))) return;
        this.messages.push(`console.error: ${text} (${resource})`);
        return;
      }
      this.messages.push(`console.error: ${text}${resource ? ` (${resource})` : ''}`);
    });
    page.on('pageerror', (error) => this.messages.push(`uncaught exception: ${error.message}`));
  }

  check() {
    expect(
      this.messages.length,
      `the page logged ${this.messages.length} unexpected error(s):\n${this.messages.join('\n')}`,
    ).toBe(0);
  }
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------- fixtures

export const test = base.extend<{ consoleErrors: ConsoleGuard }>({
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    await use(serverURL());
  },
  consoleErrors: [
    async ({ page }, use) => {
      const guard = new ConsoleGuard();
      guard.watch(page);
      await use(guard);
      guard.check();
    },
    { auto: true },
  ],
});

// ---------------------------------------------------------------------------------------------- email

/** The newest email in the server's outbox addressed to `to`, with its first link. Waits for it to arrive. */
export function readLatestEmail(to: string, options?: ReadEmailOptions): Promise<ReceivedEmail> {
  return readLatestEmailIn(join(dataDir(), 'outbox'), to, options);
}

/** The first link of the newest email to `to`, checked to point at this server. */
export async function linkFromLatestEmail(to: string, options?: ReadEmailOptions): Promise<string> {
  const email = await readLatestEmail(to, options);
  expect(email.link, `a link in "${email.subject}"`).toBeTruthy();
  const link = email.link!;
  expect(link.startsWith(`${serverURL()}/`), `${link} points at ${serverURL()}`).toBe(true);
  return link;
}

// ---------------------------------------------------------------------------------------------- members

export interface NewMember {
  id: string;
  email: string;
  password: string;
  name: string;
  handle: string;
  /** For `X-CSRF-Token` on the signed-in request context. */
  csrfToken: string;
}

let counter = 0;
/** A short unique string, safe inside handles (a–z 0–9 _ -) and email local parts. */
export function unique(): string {
  counter += 1;
  return `${Date.now().toString(36).slice(-6)}${process.pid.toString(36).slice(-2)}${counter.toString(36)}${Math.random().toString(36).slice(2, 5)}`;
}

export function memberData(overrides: Partial<Omit<NewMember, 'id' | 'csrfToken'>> = {}) {
  const u = unique();
  return {
    email: `m${u}@example.test`,
    password: `pw-${u}-long-enough`,
    name: `Member ${u.toUpperCase()}`,
    handle: `m_${u}`,
    ...overrides,
  };
}

/**
 * Registers a member through `POST /api/v1/auth/register` (202, signs nobody in), waits for the account to
 * exist (its confirmation email), then signs in with the password: the address stays unconfirmed until
 * `verifyEmailViaApi`. The request context keeps the session cookie, so passing `page.request` signs the
 * page's browser context in.
 */
export async function createMemberViaApi(
  request: APIRequestContext,
  overrides: Partial<Omit<NewMember, 'id' | 'csrfToken'>> = {},
): Promise<NewMember> {
  const data = memberData(overrides);
  const res = await request.post('/api/v1/auth/register', { data });
  expect(res.status(), `register ${data.handle}: ${await res.text()}`).toBe(202);
  // The account is made just after the answer; its confirmation email says it exists.
  await readLatestEmail(data.email, { subject: /confirm/i });
  const login = await request.post('/api/v1/auth/login', {
    data: { email: data.email, password: data.password },
  });
  expect(login.status(), `sign in ${data.handle}: ${await login.text()}`).toBe(200);
  const body = (await login.json()) as { member: { id: string }; csrfToken: string };
  return { ...data, id: body.member.id, csrfToken: body.csrfToken };
}

/** Signs in through `POST /api/v1/auth/login`; returns the CSRF token for the new session. */
export async function signInViaApi(
  request: APIRequestContext,
  email: string,
  password: string,
): Promise<string> {
  const res = await request.post('/api/v1/auth/login', { data: { email, password } });
  expect(res.status(), `login ${email}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

/**
 * Confirms a member's email through the link in the verification email (API, no browser). `request` is
 * the context the member was created with (signed in, so it sends the member's CSRF token). The link signs
 * that context in afresh: `member.csrfToken` is updated to the new session's.
 */
export async function verifyEmailViaApi(request: APIRequestContext, member: NewMember): Promise<void> {
  const link = await linkFromLatestEmail(member.email, { subject: /confirm/i });
  const token = new URL(link).searchParams.get('token');
  const res = await request.post('/api/v1/auth/verify-email', {
    headers: { 'x-csrf-token': member.csrfToken },
    data: { token },
  });
  expect(res.status(), await res.text()).toBe(200);
  member.csrfToken = ((await res.json()) as { csrfToken: string }).csrfToken;
}

// ---------------------------------------------------------------------------------------------- page helpers

/**
 * A form control by its exact label (the names in the UI contract). A trailing " *" is tolerated: it is the
 * visual required marker, hidden from assistive technology, but Playwright's label matching still sees it.
 * Use `chooseOption` for radio groups.
 */
export function field(scope: Page | Locator, label: string): Locator {
  // Only form controls: a combobox's listbox is labelled by the same label.
  return scope
    .getByLabel(new RegExp(`^${escapeRegExp(label)}(\\s*\\*)?$`))
    .and(scope.locator('input, textarea, select'));
}

/** Signs the page out through the account menu. */
export async function signOutViaMenu(page: Page) {
  await page.getByRole('button', { name: 'Account menu', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
}

// ---------------------------------------------------------------------------------------------- accessibility

/** Runs axe-core on the page and fails on any `serious` or `critical` violation, listing them readably. */
export async function expectNoA11yViolations(page: Page, options: { exclude?: string[] } = {}) {
  let builder = new AxeBuilder({ page });
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) =>
    [
      `${v.impact}: ${v.id} — ${v.help} (${v.helpUrl})`,
      ...v.nodes
        .slice(0, 5)
        .map((n) => `    at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
      ...(v.nodes.length > 5 ? [`    … and ${v.nodes.length - 5} more`] : []),
    ].join('\n'),
  );
  expect(
    bad.length,
    `axe-core found ${bad.length} serious/critical violation(s) on ${page.url()}:\n${report.join('\n')}`,
  ).toBe(0);
}

/**
 * Picks an option in a labelled choice: a radio group, a native `<select>`, or a combobox (Mantine Select opens a listbox
 * of `option`s when clicked).
 */
export async function chooseOption(scope: Page, label: string, option: string | RegExp) {
  const group = scope.getByRole('radiogroup', { name: label, exact: true });
  if ((await group.count()) > 0) {
    await group.getByRole('radio', { name: option }).check();
    return;
  }
  const control = field(scope, label);
  const tag = await control.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') {
    const options = await control.locator('option').allTextContents();
    const match = options.find((o) => (typeof option === 'string' ? o.trim() === option : option.test(o)));
    expect(match, `an option ${option} in "${label}" (${options.join(', ')})`).toBeTruthy();
    await control.selectOption({ label: match! });
    return;
  }
  await control.click();
  await scope.getByRole('option', { name: option }).first().click();
}

/** Adds entries to a tags input: type each one and press Enter. */
export async function addTags(scope: Page, label: string, tags: string[]) {
  const input = field(scope, label);
  for (const tag of tags) {
    await input.fill(tag);
    await input.press('Enter');
  }
  // Leave the field, as a person would: the suggestion list closes and stops covering what is below it.
  await input.press('Tab');
}
