// Issue 10 — inputs are refused with a message or visibly normalised before saving: the skill being typed shows
// the tag it will become (non-Latin skills kept), text fields count their characters, effort outside its range
// is refused rather than clamped.
import {
  addTags,
  createMemberViaApi,
  expect,
  expectNoA11yViolations,
  field,
  test,
  verifyEmailViaApi,
} from './fixtures.js';

test.describe.configure({ timeout: 60_000 });

test('profile: a skill shows the tag it will become; 日本語 is kept; the headline counts', async ({
  page,
}) => {
  await createMemberViaApi(page.request);
  await page.goto('/settings/profile');
  const skills = field(page, 'Skills');
  await expect(skills).toBeVisible({ timeout: 20_000 });

  await skills.fill('Type Script');
  await expect(page.getByText('“Type Script” will be added as “type-script”.')).toBeVisible();
  await skills.fill('!!!');
  await expect(page.getByText('“!!!” has no letters or digits, so it cannot be a skill.')).toBeVisible();
  await skills.fill('');
  await addTags(page, 'Skills', ['Type Script', '日本語']);

  const headline = field(page, 'Headline');
  await headline.fill('Translator');
  await expect(page.getByLabel('10 of 120 characters')).toBeVisible();
  await expectNoA11yViolations(page);

  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().endsWith('/api/v1/me'),
  );
  await page.getByRole('button', { name: 'Save profile' }).click();
  const res = await saved;
  expect(res.status(), await res.text()).toBe(200);
  expect(((await res.json()) as { skills: string[] }).skills).toEqual(['type-script', '日本語']);
  await page.reload();
  await expect(page.getByText('日本語', { exact: true }).first()).toBeVisible({ timeout: 20_000 });
});

test('overflow: effort outside its range is refused with a message, not clamped', async ({ page }) => {
  const member = await createMemberViaApi(page.request);
  await verifyEmailViaApi(page.request, member);
  await page.goto('/overflow/new');
  await field(page, 'Title').fill('Review the onboarding emails');
  await expect(page.getByLabel('28 of 120 characters')).toBeVisible({ timeout: 20_000 });
  await field(page, 'Brief').fill('Read them and say where the tone is off.');
  const effort = field(page, 'Effort (hours)');
  await effort.fill('500');
  await effort.blur();
  await expect(effort).toHaveValue('500');
  const posted = page
    .waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/overflow'), { timeout: 2_000 })
    .catch(() => null);
  await page.getByRole('button', { name: 'Post overflow', exact: true }).click();
  await expect(page.getByText('Between 1 and 200 hours: split bigger work.')).toBeVisible();
  expect(await posted).toBeNull();
  await expectNoA11yViolations(page);
});
