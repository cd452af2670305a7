// Merit on a profile (docs/merit.md): an admin marks a member trusted on the admin page, the trusted member's
// reviews of completed engagements give a helper a band ("Top 25 %" in a skill) with the engagements that
// earned it, a members-only engagement shows as private to a visitor, and axe finds nothing serious.
import { join } from 'node:path';
import pino from 'pino';
import type { AppContext } from '../server/src/context.js';
import { openDatabase } from '../server/src/db/database.js';
import { recomputeMerit } from '../server/src/modules/merit/merit.service.js';
import { ADMIN, dataDir, expectNoA11yViolations, field, signInViaApi, unique } from './fixtures.js';
import { engagementAt, expect, test, type Actor } from './loop-fixtures.js';

/** The scheduled job runs every few minutes; a test recomputes at once, as a second process would. */
async function recompute() {
  const h = openDatabase({ database: { dialect: 'sqlite', file: join(dataDir(), 'slipstream.db') } });
  try {
    const ctx = { db: h.db, clock: { now: () => new Date() }, log: pino({ level: 'silent' }) };
    await recomputeMerit(ctx as unknown as AppContext);
  } finally {
    await h.destroy();
  }
}

test('a trusted member vouches for work, and the helper’s profile shows the merit band it earned', async ({
  page,
  members,
  extraPages,
}) => {
  test.setTimeout(90_000);
  const skill = `typescript-${unique()}`.toLowerCase().slice(0, 30);
  const trusted = await members.create({ overrides: { name: 'Tomás Trusted' } });
  const star = await members.create({ overrides: { name: 'Ada Lovelace' } });
  const others: Actor[] = [];
  for (const name of ['Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'])
    others.push(await members.create({ overrides: { name } }));
  for (const a of [star, ...others]) await a.patch('/api/v1/me', { capacity: 5 });

  // The admin marks the member trusted from the admin page.
  await signInViaApi(page.request, ADMIN.email, ADMIN.password);
  await page.goto('/admin');
  await field(page, 'Member handle').fill(`@${trusted.handle}`);
  await page.getByRole('button', { name: 'Look up', exact: true }).click();
  const toggle = page.getByRole('switch', { name: 'Trusted' });
  await expect(toggle).not.toBeChecked();
  const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/trusted'));
  await toggle.click({ force: true }); // a controlled switch: it turns on when the server answers
  expect((await saved).status()).toBe(200);
  await expect(toggle).toBeChecked();
  await expectNoA11yViolations(page);

  // The trusted member hires the star twice (once members-only) and the others once each, rated lower.
  const ts = { skills: [skill], effortHours: 8 };
  const open = await engagementAt(trusted, star, 'completed', {
    ...ts,
    title: 'Port the CSV importer to streams',
  });
  await engagementAt(trusted, star, 'completed', {
    ...ts,
    title: 'Members-only payroll fix',
    visibility: 'members',
  });
  for (const o of others) {
    const e = await engagementAt(trusted, o, 'active', ts);
    await o.post(`/api/v1/engagements/${e.engagementId}/deliveries`, {
      note: 'Done.',
      links: ['https://example.org/d'],
    });
    await trusted.post(
      `/api/v1/engagements/${e.engagementId}/complete`,
      { rating: 2, endorsement: 'Fine.', skills: [skill] },
      200,
    );
  }
  await recompute();

  // A visitor (signed out) sees the band, the public engagement, and the members-only one as private.
  const { page: visitor } = await extraPages.open();
  for (const width of [1280, 390]) {
    await visitor.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    await visitor.goto(`/@${star.handle}`);
    const merit = visitor.getByRole('region', { name: 'Merit' });
    await expect(merit).toBeVisible();
    const band = merit.getByRole('listitem', { name: `Top 25 % in ${skill}` });
    await expect(band).toBeVisible();
    await expect(band.getByRole('link', { name: open.overflow.title })).toHaveAttribute(
      'href',
      `/overflow/${open.overflow.id}`,
    );
    await expect(band.getByText('A private engagement')).toBeVisible();
    await expect(merit).not.toContainText('payroll');
    await expectNoA11yViolations(visitor);
    if (process.env.MERIT_SHOTS)
      await visitor.screenshot({ path: join(process.env.MERIT_SHOTS, `merit-${width}.png`), fullPage: true });
  }

  // A member with a confirmed email is shown the members-only title.
  const asMember = await others[0]!.get<{ merit: { bands: { engagements: { title: string | null }[] }[] } }>(
    `/api/v1/members/${star.handle}`,
  );
  expect(asMember.merit.bands.flatMap((b) => b.engagements.map((e) => e.title))).toContain(
    'Members-only payroll fix',
  );

  // Someone with no band shows no merit section at all.
  await visitor.goto(`/@${others[2]!.handle}`);
  await expect(visitor.getByRole('heading', { name: 'Verified work' })).toBeVisible();
  await expect(visitor.getByRole('region', { name: 'Merit' })).toHaveCount(0);
});
