import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expectNoA11yViolations, unique } from './fixtures.js';
import { engagementAt, expect, notificationsLink, postOverflow, test, type Actor } from './loop-fixtures.js';
import { DESKTOP, PHONE } from './support/chromium.js';

// Matching (issue 7): the board's "For you" tab, and suggested helpers with "Invite to offer" on the owner's
// overflow page. Verified work comes from completed engagements made through the API; the steps a person
// takes here are done in the UI. Each new view is scanned with axe at both widths.

const SHOTS = process.env.MATCH_SHOTS_DIR ?? '/work/notes/shots';

async function scanAndShoot(page: Page, name: string) {
  for (const [width, viewport] of [
    ['1280', DESKTOP],
    ['390', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.waitForLoadState('networkidle');
    await expectNoA11yViolations(page);
    try {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/match-${name}-${width}.png`, fullPage: true });
    } catch {
      // Screenshots are for people to look at; a folder that cannot be written is not a failure.
    }
  }
  await page.setViewportSize(DESKTOP);
}

/** Verified work in `skills` for `helper`: an engagement with another owner, completed with those skills. */
async function verifiedWorkIn(owner: Actor, helper: Actor, skills: string[], title: string) {
  await engagementAt(owner, helper, 'completed', { skills, title });
}

test('For you: overflow needing your proven skills first, then your profile skills, with the reasons; signed out it invites to sign in', async ({
  page,
  members,
}) => {
  test.setTimeout(90_000);
  const u = unique();
  const proven = `proven-${u}`;
  const claimed = `claimed-${u}`;

  // Signed out: the tab explains itself and offers to sign in.
  await page.goto('/board?view=for-you');
  const views = page.getByRole('navigation', { name: 'Board views' });
  await expect(views.getByRole('link', { name: 'For you' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('Overflow picked for you', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in', exact: true }).last()).toHaveAttribute(
    'href',
    '/signin?next=%2Fboard%3Fview%3Dfor-you',
  );
  await scanAndShoot(page, 'for-you-signed-out');

  const viewer = await members.create({ request: page.request });
  const mentor = await members.create();
  const poster = await members.create();
  await verifiedWorkIn(mentor, viewer, [proven], `Earlier delivery ${u}`);
  await viewer.patch('/api/v1/me', { skills: [claimed] });
  const claimedOne = await postOverflow(poster, {
    title: `Needs a claimed skill ${u}`,
    skills: [claimed],
  });
  const provenOne = await postOverflow(poster, { title: `Needs a proven skill ${u}`, skills: [proven] });
  const both = await postOverflow(poster, {
    title: `Needs both skills ${u}`,
    skills: [claimed, proven],
    dueOn: null,
  });
  await postOverflow(poster, { title: `Unrelated ${u}`, skills: [`other-${u}`] });
  // Your own overflow is never recommended to you.
  await postOverflow(viewer, { title: `My own ${u}`, skills: [proven] });

  await page.goto('/board');
  await expect(views.getByRole('link', { name: 'All open overflow' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await views.getByRole('link', { name: 'For you' }).click();
  await expect(page).toHaveURL(/\/board\?view=for-you$/);
  const picks = page.getByRole('link', { name: new RegExp(`^(Needs .*|Unrelated|My own) ${u}$`) });
  await expect(picks).toHaveText([both.title, provenOne.title, claimedOne.title]);
  const firstCard = page.getByRole('article').filter({ hasText: both.title });
  const why = firstCard.getByRole('list', { name: 'Why this is for you' });
  await expect(why).toContainText(`Your verified work in ${proven}`);
  await expect(why).toContainText(`On your profile: ${claimed}`);
  await scanAndShoot(page, 'for-you');

  // An old "best match" link opens the tab.
  await page.goto('/board?sort=match');
  await expect(views.getByRole('link', { name: 'For you' })).toHaveAttribute('aria-current', 'page');
  await expect(picks).toHaveText([both.title, provenOne.title, claimedOne.title]);
});

test('suggested helpers on the owner’s overflow page: invite once, the helper is notified and decides', async ({
  page,
  members,
  extraPages,
}) => {
  test.setTimeout(90_000);
  const u = unique();
  const skill = `typed-${u}`;
  const owner = await members.create({ request: page.request });
  const mentor = await members.create();
  const { page: helperPage } = await extraPages.open();
  const strong = await members.create({
    request: helperPage.request,
    overrides: { name: `Robin Strong ${u}` },
  });
  const newer = await members.create({ overrides: { name: `Sasha Newer ${u}` } });
  await verifiedWorkIn(mentor, strong, [skill], `First typed delivery ${u}`);
  await verifiedWorkIn(mentor, strong, [skill], `Second typed delivery ${u}`);
  await verifiedWorkIn(mentor, newer, [skill], `One typed delivery ${u}`);
  const overflow = await postOverflow(owner, { title: `Type the query builder ${u}`, skills: [skill] });

  await page.goto(`/overflow/${overflow.id}`);
  const panel = page.getByRole('region', { name: 'Suggested helpers' });
  await expect(panel).toBeVisible();
  const rows = panel.getByRole('list', { name: 'Members to invite' }).locator(':scope > li');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(strong.name);
  await expect(rows.nth(0)).toContainText('2 verified records');
  await expect(rows.nth(0)).toContainText('2 of 2 slots free');
  await expect(rows.nth(1)).toContainText(newer.name);
  await scanAndShoot(page, 'suggested-helpers');

  await panel.getByRole('button', { name: `Invite ${strong.name} to offer` }).click();
  const invited = panel.getByRole('button', { name: `${strong.name} is invited` });
  await expect(invited).toBeDisabled();
  await expect(invited).toHaveText('Invited');
  await page.reload();
  await expect(page.getByRole('button', { name: `${strong.name} is invited` })).toBeDisabled();
  await expect(page.getByRole('button', { name: `Invite ${newer.name} to offer` })).toBeEnabled();
  await scanAndShoot(page, 'suggested-helpers-invited');

  // The helper hears about it, and decides: the link leads to the overflow, where they may offer.
  await helperPage.goto('/board');
  await notificationsLink(helperPage).click();
  const note = helperPage.getByRole('link', {
    name: new RegExp(`invites you to offer on “${overflow.title}”`),
  });
  await expect(note).toBeVisible();
  await scanAndShoot(helperPage, 'notification');
  await note.click();
  await expect(helperPage).toHaveURL(new RegExp(`/overflow/${overflow.id}$`));
  await expect(helperPage.getByRole('button', { name: 'Send offer', exact: true })).toBeVisible();
});
