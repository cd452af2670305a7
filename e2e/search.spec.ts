import { expectNoA11yViolations, unique } from './fixtures.js';
import { expect, postOverflow, test } from './loop-fixtures.js';

// Search (issue 7): the header's search box finds overflow by its words with the matches marked, the
// results keep their filters in the address, and people search finds members by skill with their capacity.
const SHOTS = '/work/notes/shots';

test('search from the header: highlighted results, filters in the address, people by skill', async ({
  page,
  members,
  consoleErrors,
}) => {
  test.setTimeout(150_000);
  const owner = await members.create({ request: page.request });
  const u = unique();
  const word = `kestrel${u}`;
  const skill = `search-${u}`;
  await postOverflow(owner, {
    title: `Tune the ${word} importer`,
    brief: `Our **${word}** importer drops rows with <b>odd</b> dates. Find out why and fix it, with a test.`,
    skills: [skill, 'typescript'],
    effortHours: 5,
  });
  await postOverflow(owner, {
    title: `Document the ${word} settings`,
    brief: `A short page about each ${word} setting, for new members.`,
    skills: ['writing'],
    effortHours: 3,
  });
  const helper = await members.create();
  await helper.patch('/api/v1/me', {
    skills: [skill, 'typescript'],
    headline: 'Importers and data plumbing',
  });

  // ---- From the header, anywhere.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/board');
  const box = page.getByRole('search').getByRole('searchbox', { name: 'Search overflow' });
  await box.fill(word);
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${word}$`));
  const results = page.getByRole('region', { name: 'Results' });
  await expect(results.getByRole('article')).toHaveCount(2);
  await expect(results.locator('mark', { hasText: word }).first()).toBeVisible();
  // Member text is text: the <b> in the brief is shown, not rendered.
  await expect(results.locator('b')).toHaveCount(0);
  await expectNoA11yViolations(page);
  await page.screenshot({ path: `${SHOTS}/search-work-1280.png`, fullPage: true });

  // ---- A filter goes into the address, and the page read from the address shows the same.
  await page.getByRole('textbox', { name: 'Minimum effort' }).fill('4');
  await expect(page).toHaveURL(/minEffort=4/);
  await expect(results.getByRole('article')).toHaveCount(1);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Results' }).getByRole('article')).toHaveCount(1);
  await expect(page.getByRole('heading', { name: `Tune the ${word} importer` })).toBeVisible();

  // ---- Nothing found, and a query with nothing to search for: clear states, no error page.
  await page.goto(`/search?q=${encodeURIComponent(`"${word}zz`)}`);
  await expect(page.getByText('No overflow matches')).toBeVisible();
  consoleErrors.allowHttpError(400, '/api/v1/search/overflow'); // SEARCH_QUERY_EMPTY, shown as a message
  await page.goto(`/search?q=${encodeURIComponent('* -')}`);
  await expect(page.getByText('We could not search for that')).toBeVisible();

  // ---- People, by skill.
  await page.goto(`/search/people?skills=${skill}`);
  const people = page.getByRole('region', { name: 'People found' });
  await expect(people.getByRole('heading', { name: helper.name })).toBeVisible();
  await expect(people.getByText('Has capacity')).toBeVisible();
  await expectNoA11yViolations(page);
  await page.screenshot({ path: `${SHOTS}/search-people-1280.png`, fullPage: true });

  // ---- Phone: the header's search is a link to the page; the page works with the keyboard.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/board');
  await page.getByRole('link', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/\/search$/);
  await expect(page.getByText('What are you looking for?')).toBeVisible();
  const pageBox = page.getByRole('searchbox', { name: 'Search overflow' }).last();
  await pageBox.focus();
  await page.keyboard.type(word);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Results' }).getByRole('article')).toHaveCount(2);
  await expectNoA11yViolations(page);
  await page.screenshot({ path: `${SHOTS}/search-work-390.png`, fullPage: true });
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/search/people\\?q=${word}$`));
  await page.goto(`/search/people?skills=${skill}`);
  await expect(
    page.getByRole('region', { name: 'People found' }).getByRole('heading', { name: helper.name }),
  ).toBeVisible();
  await expectNoA11yViolations(page);
  await page.screenshot({ path: `${SHOTS}/search-people-390.png`, fullPage: true });
});
