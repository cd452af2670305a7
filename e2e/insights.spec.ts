// Insights (issue 8): a member who completed work and formed ties sees their months charted with a summary and
// a table behind "Show as table"; an admin sees the community snapshot in words and as a chart; axe finds
// nothing serious on either. INSIGHTS_SHOTS=<folder> saves screenshots at 1280 and 390 px.
import { join } from 'node:path';
import pino from 'pino';
import type { AppContext } from '../server/src/context.js';
import { openDatabase } from '../server/src/db/database.js';
import { runInsightsJob } from '../server/src/modules/insights/insights.service.js';
import { ADMIN, dataDir, expectNoA11yViolations, signInViaApi } from './fixtures.js';
import { addWorkRecord, engagementAt, expect, noticed, test } from './loop-fixtures.js';

/** The daily job computes the snapshot; a test computes it at once, as the job in another process would. */
async function computeSnapshot() {
  const h = openDatabase({ database: { dialect: 'sqlite', file: join(dataDir(), 'slipstream.db') } });
  try {
    const ctx = { db: h.db, clock: { now: () => new Date() }, log: pino({ level: 'silent' }) };
    await runInsightsJob(ctx as unknown as AppContext, { force: true });
  } finally {
    await h.destroy();
  }
}

const shots = process.env.INSIGHTS_SHOTS;

test('a member sees their work beside their network, and an admin the community’s answer', async ({
  page,
  members,
  extraPages,
  consoleErrors,
}) => {
  test.setTimeout(180_000);
  const helper = await members.create({ request: page.request, overrides: { name: 'Ines Insight' } });
  await helper.patch('/api/v1/me', { capacity: 5 });
  const owner = await members.create({ overrides: { name: 'Omar Owner' } });
  const fan = await members.create({ overrides: { name: 'Fay Follower' } });
  await engagementAt(owner, helper, 'completed', { effortHours: 6 });
  await engagementAt(owner, helper, 'completed', { effortHours: 4 });
  const record = await addWorkRecord(helper);
  await noticed(fan, record.id, helper);

  await page.goto('/insights');
  await expect(page.getByRole('heading', { name: 'Insights', level: 1 })).toBeVisible();
  const work = page.getByRole('region', { name: 'Work and network, month by month' });
  await expect(work).toContainText('you completed 2 engagements (10 h of help)');
  await expect(work).toContainText('you formed 2 ties and received 1 noticed note');
  await expect(work.locator('.recharts-surface').first()).toBeVisible();
  await expectNoA11yViolations(page);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    if (shots) await page.screenshot({ path: join(shots, `insights-member-${width}.png`), fullPage: true });
  }
  await work.getByRole('button', { name: 'Show as table' }).click();
  const table = work.getByRole('table');
  await expect(table).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Ties formed' })).toBeVisible();
  await expect(work.getByRole('button', { name: 'Show as chart' })).toHaveAttribute('aria-expanded', 'true');
  await expectNoA11yViolations(page);
  if (shots) await page.screenshot({ path: join(shots, `insights-member-table-390.png`), fullPage: true });

  // The community page is private to a member…
  consoleErrors.allowHttpError(403, '/api/v1/insights/instance');
  await page.goto('/insights/instance');
  await expect(page.getByText('These insights are private')).toBeVisible();

  // …and shows the admin the snapshot.
  await computeSnapshot();
  const { page: admin } = await extraPages.open();
  await signInViaApi(admin.request, ADMIN.email, ADMIN.password);
  await admin.goto('/insights/instance');
  await expect(admin.getByRole('heading', { name: 'Community insights', level: 1 })).toBeVisible();
  await expect(admin.getByText('The answer, in words')).toBeVisible();
  const chart = admin.getByRole('region', { name: 'Delivered work and the network that followed' });
  await expect(chart).toBeVisible();
  await expect(admin.getByText('Ties from work', { exact: true })).toBeVisible();
  await expectNoA11yViolations(admin);
  for (const width of [1280, 390]) {
    await admin.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    if (shots)
      await admin.screenshot({ path: join(shots, `insights-instance-${width}.png`), fullPage: true });
  }
  await chart.getByRole('button', { name: 'Show as table' }).click();
  await expect(chart.getByRole('table')).toBeVisible();
  await expectNoA11yViolations(admin);

  // The admin settings carry the switch.
  await admin.goto('/admin');
  await expect(admin.getByRole('switch', { name: 'Make community insights public' })).toBeVisible();
});
