import {
  addTags,
  chooseOption,
  createMemberViaApi,
  expect,
  field,
  linkFromLatestEmail,
  memberData,
  readLatestEmail,
  serverURL,
  signOutViaMenu,
  test,
} from './fixtures.js';

// Markdown with raw HTML that must be shown as text, never run or turned into elements.
const BIO = [
  'I build **resilient payment systems** and write about them.',
  '',
  '<script>window.__xss = "script"</script>',
  '',
  'Portfolio: <img src="x" onerror="window.__xss = \'img\'">',
].join('\n');

test('sign up, confirm the email, build a profile and a work record, then see it public', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const m = memberData();
  const headline = 'Staff engineer · payments and reliability';
  const work = {
    title: `Ledger migration ${m.handle}`,
    summary: 'Moved 40 M accounts to the new ledger with zero downtime.',
    link: 'https://example.org/ledger-migration',
  };

  // Sign up.
  await page.goto('/signup');
  await field(page, 'Name').fill(m.name);
  await field(page, 'Handle').fill(m.handle);
  await field(page, 'Email').fill(m.email);
  await field(page, 'Password').fill(m.password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();

  // Nobody is signed in yet: the page says where the link went.
  await expect(page.getByRole('heading', { name: 'Check your inbox', exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: m.email.toLowerCase() })).toContainText(
    'to confirm it and sign you in',
  );
  await expect(page.getByRole('button', { name: 'Account menu', exact: true })).toHaveCount(0);
  expect(await (await page.request.get('/api/v1/auth/session')).json()).toEqual({
    member: null,
    csrfToken: null,
  });

  // The link from the outbox confirms the email and signs in, and leads to the new profile.
  const link = await linkFromLatestEmail(m.email, { subject: /confirm/i });
  expect(new URL(link).pathname).toBe('/verify-email');
  await page.goto(link);
  await expect(page.getByText('Your email address is confirmed.')).toBeVisible();
  await expect(page.getByText(`You are signed in as @${m.handle}.`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Account menu', exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Go to your profile', exact: true }).click();
  await expect(page).toHaveURL(`${serverURL()}/@${m.handle}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.name);

  // Edit the profile.
  await page.goto('/settings/profile');
  await expect(page.getByText(/confirm your email/i)).toHaveCount(0);
  await expect(field(page, 'Name')).toHaveValue(m.name);
  await field(page, 'Headline').fill(headline);
  await field(page, 'Bio').fill(BIO);
  await addTags(page, 'Skills', ['TypeScript', 'Distributed Systems']);
  await expect(field(page, 'Time zone')).toBeVisible();
  await field(page, 'Capacity').fill('3');
  await page.getByRole('button', { name: 'Save profile', exact: true }).click();
  await expect(page.getByText('Profile saved').first()).toBeVisible();

  const session = await page.request.get('/api/v1/auth/session');
  const me = ((await session.json()) as { member: Record<string, unknown> }).member;
  expect(me).toMatchObject({
    headline,
    bio: BIO,
    skills: ['typescript', 'distributed-systems'],
    capacity: 3,
    emailVerified: true,
  });

  // Add a self-reported work record.
  await page.goto('/settings/work');
  await page.getByRole('button', { name: 'Add work record', exact: true }).click();
  await field(page, 'Title').fill(work.title);
  await field(page, 'Summary').fill(work.summary);
  await field(page, 'Link').fill(work.link);
  await chooseOption(page, 'Kind', /project/i);
  await field(page, 'Date').fill('2026-03-14');
  await addTags(page, 'Skills', ['Postgres']);
  await page.getByRole('button', { name: 'Save work record', exact: true }).click();
  await expect(page.getByText(work.title).first()).toBeVisible();
  const records = await page.request.get(`/api/v1/members/${m.handle}/work-records`);
  expect(((await records.json()) as { items: Record<string, unknown>[] }).items).toEqual([
    expect.objectContaining({
      title: work.title,
      summary: work.summary,
      url: work.link,
      kind: 'project',
      date: '2026-03-14',
      skills: ['postgres'],
      verified: false,
    }),
  ]);

  // Sign out and look at the public profile.
  await signOutViaMenu(page);
  await page.goto(`/@${m.handle}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.name);
  await expect(page.getByText(headline).first()).toBeVisible();
  await expect(page.getByText('typescript', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('distributed-systems', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Verified work', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Self-reported work', exact: true })).toBeVisible();

  // The work record (the smallest element holding its title and summary) carries a "Self-reported" badge.
  const title = page.getByText(work.title).first();
  await expect(title).toBeVisible();
  const item = title.locator(`xpath=ancestor::*[contains(normalize-space(.), "${work.summary}")][1]`);
  await expect(item.getByText('Self-reported', { exact: true })).toBeVisible();
  await expect(item.getByRole('heading', { name: 'Self-reported work', exact: true })).toHaveCount(0);
  await expect(item.getByText('postgres', { exact: true })).toBeVisible();

  // The bio's Markdown renders; its raw HTML is text, not elements, and never runs.
  await expect(page.locator('strong', { hasText: 'resilient payment systems' })).toBeVisible();
  await expect(page.getByText('<script>window.__xss = "script"</script>').first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  await expect(page.locator('script', { hasText: '__xss' })).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  // Work first: no follower or connection counts anywhere.
  await expect(page.getByText(/\b(followers?|following|connections?)\b/i)).toHaveCount(0);
});

test('the confirmation link also works in a browser that is not signed in, and signs it in', async ({
  page,
  request,
}) => {
  const member = await createMemberViaApi(request); // signed in elsewhere, not in this page
  await page.goto(await linkFromLatestEmail(member.email, { subject: /confirm/i }));
  await expect(page.getByText('Your email address is confirmed.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Account menu', exact: true })).toBeVisible();
  const here = await page.request.get('/api/v1/auth/session');
  expect(((await here.json()) as { member: { handle: string } }).member.handle).toBe(member.handle);
  const session = await request.get('/api/v1/auth/session');
  expect(((await session.json()) as { member: { emailVerified: boolean } }).member.emailVerified).toBe(true);
});

test('sign-up with an address that has an account shows the same screen, and its owner gets an email', async ({
  page,
  request,
}) => {
  const owner = await createMemberViaApi(request);
  const m = memberData();
  await page.goto('/signup');
  await field(page, 'Name').fill(m.name);
  await field(page, 'Handle').fill(m.handle);
  await field(page, 'Email').fill(owner.email);
  await field(page, 'Password').fill(m.password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Account menu', exact: true })).toHaveCount(0);
  const mail = await readLatestEmail(owner.email, { subject: /already have/i });
  expect(mail.text).toContain(`${serverURL()}/signin`);
  expect((await page.request.get(`/api/v1/members/${m.handle}`)).status()).toBe(404);
});
