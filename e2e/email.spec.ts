// Email that people welcome (issue 9): the email settings page, the unsubscribe page reached from the link in
// a received email, and the admin outbox with its sandboxed viewer.
import type { Page } from '@playwright/test';
import {
  ADMIN,
  chooseOption,
  expectNoA11yViolations,
  field,
  memberData,
  readLatestEmail,
  signInViaApi,
} from './fixtures.js';
import { expect, postOverflow, sendOffer, test, type Actor } from './loop-fixtures.js';

// Each test runs axe on a page or two; on a busy machine that takes a while.
test.describe.configure({ timeout: 60_000 });

interface Settings {
  emailVerified: boolean;
  digest: { enabled: boolean; hour: number; nextAt: string | null };
  kinds: { kind: string; label: string; mode: string }[];
}

async function settingsOf(actor: Actor): Promise<Settings> {
  return actor.get<Settings>('/api/v1/me/email-settings') as unknown as Promise<Settings>;
}

function modeOf(settings: Settings, kind: string): string | undefined {
  return settings.kinds.find((k) => k.kind === kind)?.mode;
}

function labelOf(settings: Settings, kind: string): string {
  const label = settings.kinds.find((k) => k.kind === kind)?.label;
  expect(label, `a label for ${kind}`).toBeTruthy();
  return label!;
}

/**
 * Opens (or reloads) the email settings and waits until its form is there: a lazily loaded page plus a
 * query, slow on a busy machine.
 */
async function openEmailSettings(page: Page, reload = false) {
  if (reload) await page.reload();
  else await page.goto('/settings/email');
  await expect(page.getByRole('heading', { level: 2, name: 'Event emails' })).toBeVisible({
    timeout: 20_000,
  });
}

async function openOutbox(page: Page, reload = false) {
  if (reload) await page.reload();
  else await page.goto('/admin/outbox');
  const list = page.getByRole('region', { name: 'Outbox messages' });
  await expect(list.getByRole('listitem').first()).toBeVisible({ timeout: 20_000 });
  return list;
}

/** The kind's choice on the settings page: a radio group named by the kind's label. */
function choiceOf(page: Page, label: string) {
  return page.getByRole('radiogroup', { name: label, exact: true });
}

test('email settings: a choice and the digest hour are saved and stay after a reload', async ({
  page,
  members,
}) => {
  const member = await members.create({ request: page.request });
  const before = await settingsOf(member);
  const thanks = labelOf(before, 'thanks_received');
  expect(modeOf(before, 'thanks_received')).toBe('digest');

  await openEmailSettings(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Email' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Email' }),
  ).toHaveAttribute('aria-current', 'page');
  // A confirmed address: no note about confirming it.
  await expect(page.getByText('Your email address is not confirmed yet')).toHaveCount(0);
  await expect(choiceOf(page, thanks).getByRole('radio', { name: 'Put it in my digest' })).toBeChecked();
  await expectNoA11yViolations(page);

  await chooseOption(page, thanks, 'Don’t email me');
  await chooseOption(page, 'Digest time', '07:00');
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().endsWith('/api/v1/me/email-settings'),
  );
  await page.getByRole('button', { name: 'Save email settings', exact: true }).click();
  expect((await saved).status()).toBe(200);
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  const after = await settingsOf(member);
  expect(modeOf(after, 'thanks_received')).toBe('off');
  expect(after.digest.hour).toBe(7);
  // Nothing else changed: the page sends only what was changed.
  for (const k of before.kinds.filter((k) => k.kind !== 'thanks_received')) {
    expect(modeOf(after, k.kind), k.kind).toBe(k.mode);
  }

  await openEmailSettings(page, true);
  await expect(choiceOf(page, thanks).getByRole('radio', { name: 'Don’t email me' })).toBeChecked();
  await expect(field(page, 'Digest time')).toHaveValue('07:00');

  // The digest off: its time can no longer be picked.
  await page.getByRole('switch', { name: 'Send me a daily digest' }).uncheck();
  await page.getByRole('button', { name: 'Save email settings', exact: true }).click();
  await expect(page.getByText('Your digest is off.')).toBeVisible();
  expect((await settingsOf(member)).digest.enabled).toBe(false);
  await openEmailSettings(page, true);
  await expect(page.getByRole('switch', { name: 'Send me a daily digest' })).not.toBeChecked();
  await expect(field(page, 'Digest time')).toBeDisabled();
});

test('email settings: an unconfirmed address gets a note; the account menu leads here', async ({
  page,
  members,
}) => {
  await members.create({ request: page.request, verified: false });
  await page.goto('/');
  await page.getByRole('button', { name: 'Account menu', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Email settings', exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/email$/);
  await expect(page.getByText('Your email address is not confirmed yet')).toBeVisible();
  await expectNoA11yViolations(page);
});

test('unsubscribe: the link in a received email unsubscribes without signing in, and re-subscribing works', async ({
  page,
  members,
  extraPages,
}) => {
  const owner = await members.create({ request: page.request });
  const helper = await members.create();
  const overflow = await postOverflow(owner);
  const since = new Date();
  await sendOffer(helper, overflow.id);

  // The owner's "offer received" email (sent now, by default), and the unsubscribe link in its body.
  const email = await readLatestEmail(owner.member.email, { since, subject: /offer/i });
  const link = /https?:\/\/[^\s<>"')]+\/unsubscribe\?token=[A-Za-z0-9_.-]+/.exec(email.text)?.[0];
  expect(link, `an unsubscribe link in the text of "${email.subject}"`).toBeTruthy();
  const label = labelOf(await settingsOf(owner), 'offer_received');
  expect(modeOf(await settingsOf(owner), 'offer_received')).toBe('now');

  // Opened somewhere nobody is signed in, as a mail client would.
  const { page: visitor } = await extraPages.open();
  await visitor.goto(link!);
  await expect(visitor.getByRole('heading', { level: 1, name: 'You’re unsubscribed' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(visitor.getByRole('status')).toContainText(`You’re unsubscribed from “${label}” emails.`);
  await expectNoA11yViolations(visitor);
  expect(modeOf(await settingsOf(owner), 'offer_received')).toBe('off');

  // The owner's settings page says so.
  await openEmailSettings(page);
  await expect(choiceOf(page, label).getByRole('radio', { name: 'Don’t email me' })).toBeChecked();

  // Re-subscribe from the same page.
  await visitor.getByRole('button', { name: 'Re-subscribe', exact: true }).click();
  await expect(visitor.getByRole('heading', { level: 1, name: 'You’re subscribed again' })).toBeVisible();
  expect(modeOf(await settingsOf(owner), 'offer_received')).not.toBe('off');
  await openEmailSettings(page, true);
  await expect(choiceOf(page, label).getByRole('radio', { name: 'Don’t email me' })).not.toBeChecked();
  await expect(visitor.getByRole('link', { name: 'email settings' })).toHaveAttribute(
    'href',
    '/settings/email',
  );
});

test('unsubscribe: a broken link says so readably and changes nothing', async ({ page, consoleErrors }) => {
  consoleErrors.allowHttpError(400, '/api/v1/email/unsubscribe');
  consoleErrors.allowHttpError(404, '/api/v1/email/unsubscribe');
  await page.goto('/unsubscribe?token=not-a-real-token');
  await expect(
    page.getByRole('heading', { level: 1, name: 'This unsubscribe link does not work' }),
  ).toBeVisible();
  await expect(page.getByRole('alert')).not.toBeEmpty();
  await expectNoA11yViolations(page);

  await page.goto('/unsubscribe');
  await expect(page.getByRole('alert')).toContainText('missing its code');
});

test('admin outbox: the list, its status filter, and one email in a sandboxed frame', async ({
  page,
  members,
}) => {
  const member = await members.create();
  await signInViaApi(page.request, ADMIN.email, ADMIN.password);
  // Its confirmation email is sent: the file transport wrote it (the row is marked sent just after).
  await readLatestEmail(member.member.email, { subject: /confirm/i });

  await page.goto('/admin');
  await page
    .getByRole('navigation', { name: 'Admin sections' })
    .getByRole('link', { name: 'Outbox' })
    .click();
  await expect(page).toHaveURL(/\/admin\/outbox$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible({ timeout: 20_000 });
  const list = page.getByRole('region', { name: 'Outbox messages' });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  await expectNoA11yViolations(page);

  // The member's confirmation email was sent (the file transport of the tests).
  await chooseOption(page, 'Status', 'Sent');
  await expect(page).toHaveURL(/status=sent/);
  // The filter is in the address: a reload keeps it (and starts from a fresh list, where a filter change
  // keeps the previous one on screen while the new one loads).
  await openOutbox(page, true);
  await expect(field(page, 'Status')).toHaveValue('Sent');
  const row = list
    .getByRole('listitem')
    .filter({ hasText: `To ${member.member.email}` })
    .first();
  // Other tests write email at the same time: it may be on a later page.
  await expect(list.getByRole('listitem').first()).toBeVisible();
  for (let i = 0; i < 10 && (await row.count()) === 0; i++) {
    await page.getByRole('button', { name: 'Load more', exact: true }).click();
    await expect(list).toHaveAttribute('aria-busy', 'false');
  }
  await expect(row).toBeVisible();
  await expect(row.getByText('Sent', { exact: true })).toBeVisible();
  await expect(list.getByText('Pending', { exact: true })).toHaveCount(0);

  await chooseOption(page, 'Status', 'Failed');
  await expect(list).toHaveAttribute('aria-busy', 'false');
  await expect(list.getByText(`To ${member.member.email}`)).toHaveCount(0);
  await chooseOption(page, 'Status', 'Sent');

  await row.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/admin\/outbox\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Headers' })).toBeVisible();
  await expect(page.getByText('Message-ID', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Plain text part' })).toContainText(/confirm/i);

  const frame = page.locator('iframe');
  await expect(frame).toHaveCount(1);
  // An empty sandbox: no scripts, no same origin, no forms, no popups, no top navigation.
  expect(await frame.getAttribute('sandbox')).toBe('');
  expect(await frame.getAttribute('referrerpolicy')).toBe('no-referrer');
  expect(await frame.getAttribute('src')).toBeNull();
  const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
  expect(srcdoc).toContain('Content-Security-Policy');
  // The email is shown in it, and its document is opaque to the page (no same-origin access). (Reading
  // inside it with Playwright would inject a script, which the sandbox refuses, loudly.)
  await expect(frame).toBeVisible();
  expect(srcdoc).toMatch(/confirm/i);
  expect(
    await frame.evaluate((el) => {
      try {
        return (el as HTMLIFrameElement).contentDocument === null;
      } catch {
        return true;
      }
    }),
  ).toBe(true);
  // axe cannot run inside a frame that refuses scripts (the point of it): check the page around it.
  await expectNoA11yViolations(page, { exclude: ['iframe'] });

  await page.getByRole('link', { name: 'Back to the outbox' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible({ timeout: 20_000 });
});

test('admin outbox: "Load more" pages through older emails', async ({ page, request }) => {
  // More sign-ups than one page holds: each writes a confirmation email.
  const emails: string[] = [];
  for (let i = 0; i < 26; i++) {
    const data = memberData();
    const res = await request.post('/api/v1/auth/register', { data });
    expect(res.status(), await res.text()).toBe(202);
    emails.push(data.email);
  }
  await signInViaApi(page.request, ADMIN.email, ADMIN.password);
  // The accounts are made just after the answers: wait for the last one's email.
  await readLatestEmail(emails.at(-1)!, { subject: /confirm/i });

  await page.goto('/admin/outbox');
  const rows = page.getByRole('region', { name: 'Outbox messages' }).getByRole('listitem');
  await expect(rows).toHaveCount(25);
  await expect(page.getByText('First 25 emails')).toBeVisible();
  await page.getByRole('button', { name: 'Load more', exact: true }).click();
  await expect.poll(() => rows.count()).toBeGreaterThan(25);
  // No row twice across the pages. Rows are told apart by the message each links to: two emails of one kind
  // to one address in the same minute (the administrator's sign-in notices) read the same.
  const links = await rows
    .getByRole('link')
    .evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
  expect(links.length).toBe(await rows.count());
  expect(new Set(links).size).toBe(links.length);
});

test('admin outbox: members who are not administrators are turned away', async ({ page, members }) => {
  await members.create({ request: page.request });
  await page.goto('/admin/outbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Administrators only' })).toBeVisible();
});
