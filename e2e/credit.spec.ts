import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expectNoA11yViolations } from './fixtures.js';
import { acceptOffer, expect, postOverflow, sendOffer, test } from './loop-fixtures.js';
import { DESKTOP, PHONE } from './support/chromium.js';
import { ROOT } from './support/server.js';

// Issue 8, fair credit: the delivery form's private note, the completion preview and its confirmation, and
// the profile naming the verifier and showing the owner's credit. Screenshots land in screenshots/ (gitignored).
const OUT = join(ROOT, 'screenshots');

async function shoot(page: Page, name: string) {
  mkdirSync(OUT, { recursive: true });
  for (const [label, size] of [
    ['1280', DESKTOP],
    ['390', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(OUT, `credit-${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

test('a private delivery note, the completion preview, and the verifier and owner credit on profiles', async ({
  page,
  members,
  extraPages,
}) => {
  // Two people through a whole engagement, with screenshots at two widths and axe on each step: ~20 s alone.
  test.setTimeout(60_000);
  const owner = await members.create({ request: page.request });
  const helperSide = await extraPages.open();
  const helper = await members.create({ request: helperSide.page.request });
  const o = await postOverflow(owner, { title: 'Tidy the billing export', visibility: 'public' });
  const engagementId = await acceptOffer(owner, await sendOffer(helper, o.id));

  // The helper delivers, keeping the note private; the form says what becomes public.
  const hp = helperSide.page;
  await hp.goto(`/engagements/${engagementId}`);
  await hp.getByLabel('Delivery note').fill('Fixed the export; the customer list is in the attached sheet.');
  await expect(hp.getByText('What becomes public on your profile')).toBeVisible();
  await expect(hp.getByText(/this note and your first link\./)).toBeVisible();
  await hp.getByLabel('Keep this note private').check();
  await expect(hp.getByText(/this note and your links stay private/)).toBeVisible();
  await hp.getByRole('button', { name: 'Submit delivery' }).click();
  await expect(hp.getByText('Delivered', { exact: true }).first()).toBeVisible();

  // The owner completes: the confirmation previews the public record and lets them choose.
  await page.goto(`/engagements/${engagementId}`);
  await page.getByRole('radio', { name: '5' }).check();
  await page.getByLabel('Endorsement').fill('Made our billing export trustworthy again.');
  await page.getByRole('button', { name: 'Complete engagement' }).click();
  const dialog = page.getByRole('dialog', { name: 'Complete and verify' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Tidy the billing export')).toBeVisible();
  await expect(dialog.getByText(/kept their delivery note private/)).toBeVisible();
  await expect(dialog.getByText(/customer list/)).toHaveCount(0);
  await expectNoA11yViolations(page);
  await shoot(page, 'completion-dialog');
  await dialog.getByLabel(/Allow the work’s details/).uncheck();
  await expect(dialog.getByText('Verified work for a member')).toBeVisible();
  await dialog.getByLabel(/Allow the work’s details/).check();
  await dialog.getByRole('button', { name: 'Complete and verify' }).click();
  await expect(dialog).toBeHidden();

  // The helper's profile names who verified it and where it came from.
  await page.goto(`/@${helper.handle}`);
  const card = page.locator('article').filter({ hasText: 'Tidy the billing export' });
  await expect(card.getByText('Verified by')).toBeVisible();
  await expect(card.getByRole('link', { name: owner.name })).toHaveAttribute('href', `/@${owner.handle}`);
  await expect(card.getByRole('link', { name: 'Tidy the billing export' })).toBeVisible();
  await expect(card.getByText('Made our billing export trustworthy again.').first()).toBeVisible();

  // The owner's profile: the work they gave out and the endorsement they wrote.
  await page.goto(`/@${owner.handle}`);
  await expect(page.getByText('Gave 1 piece of work · 1 completed · average rating given 5.0')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Endorsements written' })).toBeVisible();
  await expectNoA11yViolations(page);
  await shoot(page, 'owner-profile');
  await page.goto(`/@${helper.handle}`);
  await shoot(page, 'helper-profile');
});
