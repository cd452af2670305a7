// The network picture (/network) and keep-in-touch nudges (/ties): a member with ties formed through work and
// through a noticed note at different dates sees them drawn around them, the slider takes the picture back
// to an earlier date, each node is reachable by keyboard and opens the profile, the list shows the same
// ties; quiet ties show as cards with a concrete way to give. axe on both; screenshots at 1280 and 390 px.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openDatabase } from '../server/src/db/database.js';
import { dataDir, expectNoA11yViolations, unique } from './fixtures.js';
import {
  addWorkRecord,
  engagementAt,
  expect,
  isoDaysFromNow,
  noticed,
  postOverflow,
  test,
} from './loop-fixtures.js';
import { DESKTOP, PHONE } from './support/chromium.js';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

interface NetworkBody {
  ties: { id: string; member: { handle: string } }[];
}

/** Moves ties back in time, as if they had formed (and last seen activity) `days` ago. */
async function backdate(ties: { id: string; days: number }[]) {
  const h = openDatabase({ database: { dialect: 'sqlite', file: join(dataDir(), 'slipstream.db') } });
  try {
    for (const t of ties) {
      await h.db
        .updateTable('ties')
        .set({ created_at: daysAgo(t.days), updated_at: daysAgo(t.days) })
        .where('id', '=', t.id)
        .execute();
    }
  } finally {
    await h.destroy();
  }
}

async function shoot(page: Page, name: string, part?: string) {
  const dir = join(process.cwd(), 'screenshots');
  mkdirSync(dir, { recursive: true });
  for (const [label, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(400);
    const path = join(dir, `${name}-${label}.png`);
    if (part) await page.locator(part).screenshot({ path });
    else await page.screenshot({ path, fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

test('the network picture grows along the slider, is keyboard accessible, and quiet ties become nudges', async ({
  page,
  members,
}) => {
  test.setTimeout(120_000);
  const me = await members.create({ request: page.request, overrides: { name: 'Marta Network' } });
  const ana = await members.create({ overrides: { name: 'Ana Lima' } });
  const bo = await members.create({ overrides: { name: 'Bo Svensson' } });
  const cy = await members.create({ overrides: { name: 'Cy Okafor' } });
  const others = [];
  for (const name of ['Dee Park', 'Eli Moreau', 'Fen Zhou'])
    others.push(await members.create({ overrides: { name } }));

  // Ana: two pieces of work together (one each way); Bo: a noticed note; Cy and the others: one piece of work.
  await engagementAt(me, ana, 'completed', { title: `Review my API docs ${unique()}` });
  await engagementAt(ana, me, 'completed', { title: `Pair on the migration ${unique()}` });
  const talk = await addWorkRecord(bo, { title: `Talk on caching ${unique()}`, kind: 'talk' });
  await noticed(me, talk.id, bo);
  // Bo's newest work, after the talk: the nudge suggests noticing it (the talk was noticed already).
  const post = await addWorkRecord(bo, {
    title: `Wrote about queues ${unique()}`,
    kind: 'writing',
    date: isoDaysFromNow(-1),
  });
  await engagementAt(cy, me, 'completed');
  for (const o of others) await engagementAt(me, o, 'completed');
  const openOverflow = await postOverflow(ana, { title: `Proofread the changelog ${unique()}` });

  const net = await me.get<NetworkBody>('/api/v1/me/network');
  const tieWith = (handle: string) => net.ties.find((t) => t.member.handle === handle)!.id;
  await backdate([
    { id: tieWith(ana.handle), days: 200 },
    { id: tieWith(bo.handle), days: 120 },
    { id: tieWith(cy.handle), days: 30 },
    ...others.map((o, i) => ({ id: tieWith(o.handle), days: 20 - i * 5 })),
  ]);

  // ---- The picture: every tie as a node, the same ties in the list.
  await page.goto('/network');
  await expect(page.getByRole('heading', { level: 1, name: 'Your network' })).toBeVisible();
  const nodes = page.getByTestId('network-node');
  const rows = page.getByTestId('network-list').locator('tbody tr');
  await expect(nodes).toHaveCount(6);
  await expect(rows).toHaveCount(6);
  await expect(rows.first()).toContainText('Ana Lima');
  await expect(page.getByText('Formed through a noticed note')).toBeVisible();
  await expectNoA11yViolations(page);
  await shoot(page, 'network');

  // ---- Keyboard: the first node (in formation order) describes the tie; arrows move; Enter opens.
  const first = nodes.first();
  await first.focus();
  await expect(first).toBeFocused();
  await expect(first).toHaveAttribute(
    'aria-label',
    /^Ana Lima — tie formed \d{1,2} \w+ \d{4} through work, 2 engagements together$/,
  );
  await page.keyboard.press('ArrowRight');
  await expect(nodes.nth(1)).toBeFocused();
  await expect(nodes.nth(1)).toHaveAttribute(
    'aria-label',
    /^Bo Svensson — .* through a noticed note, no completed/,
  );
  await page.keyboard.press('Tab');
  await expect(nodes.nth(2)).toBeFocused();
  await page.keyboard.press('End');
  await expect(nodes.nth(5)).toBeFocused();

  // ---- The slider: back to the first tie's day, only Ana; a step on from Bo's day, two.
  const slider = page.getByRole('slider', { name: 'Show your network as it was on' });
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(nodes).toHaveCount(1);
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('network-summary')).toContainText(
    '1 tie — 1 through work, 0 through noticed notes',
  );
  for (let i = 0; i < 85; i++) await page.keyboard.press('ArrowRight');
  await expect(nodes).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Bo Svensson');
  await page.keyboard.press('End');
  await expect(nodes).toHaveCount(6);

  // Enter on a node opens the profile.
  await nodes.first().focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/@${ana.handle}$`));

  // ---- Keep in touch: Ana (200 days) and Bo (120) have gone quiet; Cy (30) has not.
  await page.goto('/ties');
  const cards = page.getByTestId('keep-in-touch-card');
  await expect(cards).toHaveCount(2);
  await expect(cards.first()).toContainText('Ana has open overflow');
  await expect(cards.first()).toContainText(openOverflow.title);
  await expect(cards.first().getByRole('link', { name: 'Offer to help' })).toHaveAttribute(
    'href',
    `/overflow/${openOverflow.id}`,
  );
  await expect(cards.nth(1)).toContainText('Bo Svensson');
  await expect(cards.nth(1)).toContainText(post.title);
  await expect(cards.nth(1).getByRole('button', { name: 'Notice this work' })).toBeVisible();
  await expect(page.getByText(/just checking in/i)).toHaveCount(0);
  await expectNoA11yViolations(page);
  await shoot(page, 'ties-keep-in-touch', 'section[aria-labelledby="keep-in-touch-heading"]');

  // The setting: refused outside 14–365, then a longer period hides Bo.
  await page.getByRole('button', { name: 'Change', exact: true }).click();
  const days = page.getByLabel('Show a tie here after this many quiet days');
  await days.fill('7');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Choose a whole number of days from 14 to 365.')).toBeVisible();
  await days.fill('150');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(cards).toHaveCount(1);
});

test('the network page has a friendly empty state', async ({ page, members }) => {
  await members.create({ request: page.request });
  await page.goto('/network');
  await expect(page.getByText('No ties yet, so nothing to draw')).toBeVisible();
  await expectNoA11yViolations(page);
});
