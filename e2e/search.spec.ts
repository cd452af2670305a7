import { addTags, expectNoA11yViolations, field, unique } from './fixtures.js';
import { expect, isoDaysFromNow, postOverflow, test } from './loop-fixtures.js';

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

// The filters (OverflowFilterPanel, shared with the board) round-trip through the address; "More results" and
// "More people" (ResultList, shared by both pages) append the next page. Pages are one item long here: the
// browser's requests are rewritten to limit=1, so two results take two pages.
test('search filters round-trip via the address; both search pages page with their "More" button', async ({
  page,
  members,
}) => {
  test.setTimeout(90_000);
  const owner = await members.create({ request: page.request });
  const u = unique();
  const word = `plover${u}`;
  const skill = `paging-${u}`;
  for (const [n, effortHours] of [
    [1, 2],
    [2, 6],
  ] as const) {
    await postOverflow(owner, {
      title: `Sort the ${word} queue ${n}`,
      brief: `The ${word} queue needs sorting, part ${n}.`,
      skills: [skill],
      effortHours,
      dueOn: isoDaysFromNow(10 * n),
    });
  }
  for (const headline of ['First paging helper', 'Second paging helper']) {
    const helper = await members.create();
    await helper.patch('/api/v1/me', { skills: [skill], headline });
  }
  await page.route(/\/api\/v1\/search\/(overflow|members)\?/, (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set('limit', '1');
    return route.continue({ url: url.toString() });
  });

  // ---- Work: one page, then "More results" adds the second; the count follows.
  await page.goto(`/search?q=${word}`);
  const results = page.getByRole('region', { name: 'Results' });
  // The first page load of a run brings the app's scripts to a busy machine: more time than the default.
  const firstLoad = { timeout: 20_000 };
  await expect(results.getByRole('article')).toHaveCount(1, firstLoad);
  await expect(results.getByText(/^First 1 result\./)).toBeVisible();
  await results.getByRole('button', { name: 'More results', exact: true }).click();
  await expect(results.getByRole('article')).toHaveCount(2);
  await expect(results.getByText(/^2 results\./)).toBeVisible();
  await expect(results.getByRole('button', { name: 'More results', exact: true })).toHaveCount(0);

  // ---- Filters into the address, and back out of it after a reload.
  await addTags(page, 'Skills', [skill]);
  await field(page, 'Maximum effort').fill('4');
  await field(page, 'Due before').fill(isoDaysFromNow(15));
  // The box is controlled by the address: click, then wait for the address to come back round.
  await page.getByRole('checkbox', { name: 'Include closed overflow' }).click();
  await expect(page.getByRole('checkbox', { name: 'Include closed overflow' })).toBeChecked();
  await expect(page).toHaveURL(
    new RegExp(`q=${word}&skills=${skill}&maxEffort=4&dueBefore=${isoDaysFromNow(15)}&status=all$`),
  );
  await expect(results.getByRole('article')).toHaveCount(1);
  await page.reload();
  await expect(results.getByRole('article')).toHaveCount(1, firstLoad);
  await expect(results.getByRole('heading', { name: `Sort the ${word} queue 1` })).toBeVisible();
  await expect(field(page, 'Maximum effort')).toHaveValue('4');
  await expect(field(page, 'Due before')).toHaveValue(isoDaysFromNow(15));
  await expect(page.getByRole('checkbox', { name: 'Include closed overflow' })).toBeChecked();
  await expect(page.getByRole('region', { name: 'Filters' }).getByText(skill, { exact: true })).toBeVisible();
  // An inverted range is flagged on the field, not sent.
  await field(page, 'Minimum effort').fill('9');
  await expect(page.getByText('At least the minimum (9 h)')).toBeVisible();
  await expect(page.getByText('The effort range is the wrong way round')).toBeVisible();
  // Clear filters keeps the words.
  await page.getByRole('button', { name: 'Clear filters', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${word}$`));
  await expect(results.getByRole('article')).toHaveCount(1);

  // ---- Phone: the filters sit under the search box, folded behind "Filters (n)".
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/search?q=${word}&maxEffort=4`);
  const toggle = page.getByRole('button', { name: 'Filters (1)', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false', firstLoad);
  await toggle.click();
  await expect(field(page, 'Maximum effort')).toHaveValue('4');
  await page.setViewportSize({ width: 1280, height: 800 });

  // ---- People: one page, then "More people"; the skill round-trips through the address.
  await page.goto(`/search/people?skills=${skill}`);
  const people = page.getByRole('region', { name: 'People found' });
  await expect(people.getByRole('article')).toHaveCount(1, firstLoad);
  await expect(people.getByText(/^First 1 person\. Most merit in these skills first\./)).toBeVisible();
  await people.getByRole('button', { name: 'More people', exact: true }).click();
  await expect(people.getByRole('article')).toHaveCount(2);
  await expect(people.getByText(/^2 people\./)).toBeVisible();
  await page.reload();
  await expect(people.getByRole('article')).toHaveCount(1, firstLoad);
  await expect(page.getByRole('region', { name: 'Skills' }).getByText(skill, { exact: true })).toBeVisible();
  await expect(people.getByRole('article')).toHaveCount(1);
});
