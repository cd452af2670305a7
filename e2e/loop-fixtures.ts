// Fixtures and API shortcuts for the drafting-loop specs (loop, noticed, a11y-loop). The journeys use the UI
// for the steps they are about and these helpers (the real API, same server) for everything else, so each
// spec sets up in a few hundred milliseconds.
import type { APIRequestContext, APIResponse, Browser, Locator, Page } from '@playwright/test';
import {
  ConsoleGuard,
  createMemberViaApi,
  expect,
  field,
  serverURL,
  test as base,
  unique,
  verifyEmailViaApi,
  type NewMember,
} from './fixtures.js';

export { expect };

// ---------------------------------------------------------------------------------------------- dates

/** A calendar date `days` from today (UTC), as YYYY-MM-DD. Members are created in UTC. */
export function isoDaysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------- actors

/** A member with a signed-in API context (a page's `request`, or a context of its own). */
export class Actor {
  constructor(
    readonly member: NewMember,
    readonly request: APIRequestContext,
  ) {}

  get handle() {
    return this.member.handle;
  }
  get name() {
    return this.member.name;
  }

  private async call(
    method: 'post' | 'patch' | 'get',
    path: string,
    data: unknown,
    status: number,
  ): Promise<unknown> {
    const res: APIResponse =
      method === 'get'
        ? await this.request.get(path)
        : await this.request[method](path, {
            headers: { 'x-csrf-token': this.member.csrfToken },
            data: data ?? {},
          });
    const text = await res.text();
    expect(res.status(), `${method.toUpperCase()} ${path} as @${this.handle}: ${text}`).toBe(status);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  post<T = Record<string, unknown>>(path: string, data?: unknown, status = 201): Promise<T> {
    return this.call('post', path, data, status) as Promise<T>;
  }
  patch<T = Record<string, unknown>>(path: string, data: unknown, status = 200): Promise<T> {
    return this.call('patch', path, data, status) as Promise<T>;
  }
  get<T = Record<string, unknown>>(path: string, status = 200): Promise<T> {
    return this.call('get', path, undefined, status) as Promise<T>;
  }

  /** A raw write (for refusals): returns status and parsed body. */
  async attempt(path: string, data: unknown): Promise<{ status: number; body: ApiErrorBody }> {
    const res = await this.request.post(path, {
      headers: { 'x-csrf-token': this.member.csrfToken },
      data,
    });
    return { status: res.status(), body: (await res.json()) as ApiErrorBody };
  }
}

export interface ApiErrorBody {
  error: { code: string; message: string };
}

// ---------------------------------------------------------------------------------------------- loop shortcuts

export interface WorkRecordData {
  title: string;
  summary: string;
  url?: string | null;
  kind: 'project' | 'talk' | 'writing' | 'delivery' | 'other';
  date: string;
  skills: string[];
}

/** Adds a self-reported work record; returns its id. */
export async function addWorkRecord(actor: Actor, overrides: Partial<WorkRecordData> = {}) {
  const data: WorkRecordData = {
    title: `Design system audit ${unique()}`,
    summary: 'Audited 40 components for contrast and keyboard use.',
    url: 'https://example.org/audit',
    kind: 'project',
    date: '2026-02-01',
    skills: ['accessibility'],
    ...overrides,
  };
  const body = await actor.post<{ id: string }>('/api/v1/work-records', data);
  return { ...data, id: body.id };
}

export interface OverflowData {
  title: string;
  brief: string;
  skills: string[];
  effortHours: number;
  dueOn?: string | null;
  visibility: 'public' | 'members' | 'ask';
  askHandle?: string;
}

export async function postOverflow(owner: Actor, overrides: Partial<OverflowData> = {}) {
  const data: OverflowData = {
    title: `Onboarding flow review ${unique()}`,
    brief: 'Review our **onboarding** flow and write down the three biggest problems.',
    skills: ['ux-research'],
    effortHours: 6,
    dueOn: isoDaysFromNow(30),
    visibility: 'public',
    ...overrides,
  };
  const body = await owner.post<{ id: string }>('/api/v1/overflow', data);
  return { ...data, id: body.id };
}

export async function sendOffer(
  helper: Actor,
  overflowId: string,
  overrides: { pitch?: string; evidence?: string[]; proposedOn?: string } = {},
) {
  const body = await helper.post<{ id: string }>(`/api/v1/overflow/${overflowId}/offers`, {
    pitch: 'I have done this many times and can start this week.',
    evidence: [],
    proposedOn: isoDaysFromNow(14),
    ...overrides,
  });
  return body.id;
}

/** Accepts an offer as the owner; returns the engagement id. */
export async function acceptOffer(owner: Actor, offerId: string) {
  return (await owner.post<{ engagementId: string }>(`/api/v1/offers/${offerId}/accept`)).engagementId;
}

export function deliver(helper: Actor, engagementId: string, note = 'Delivered: see the notes.') {
  return helper.post(`/api/v1/engagements/${engagementId}/deliveries`, {
    note,
    links: ['https://example.org/delivery'],
  });
}

export function completeEngagement(
  owner: Actor,
  engagementId: string,
  review: { rating?: number; endorsement?: string; skills?: string[] } = {},
) {
  return owner.post(
    `/api/v1/engagements/${engagementId}/complete`,
    { rating: 5, endorsement: 'Thoughtful and quick.', skills: [], ...review },
    200,
  );
}

/**
 * Runs the loop through the API up to `stage`: an overflow by `owner`, an offer by `helper`, accepted,
 * then delivered and completed as asked. Returns the ids.
 */
export async function engagementAt(
  owner: Actor,
  helper: Actor,
  stage: 'active' | 'delivered' | 'completed',
  overflow: Partial<OverflowData> = {},
) {
  const o = await postOverflow(owner, overflow);
  const offerId = await sendOffer(helper, o.id);
  const engagementId = await acceptOffer(owner, offerId);
  if (stage !== 'active') await deliver(helper, engagementId);
  if (stage === 'completed') await completeEngagement(owner, engagementId, { skills: o.skills });
  return { overflow: o, offerId, engagementId };
}

/** Sends a noticed note from `from` about one of `to`'s work records, and optionally has `to` accept it. */
export async function noticed(from: Actor, workRecordId: string, to?: Actor) {
  const { id } = await from.post<{ id: string }>('/api/v1/noticed', {
    workRecordId,
    message: 'I read your write-up and learnt a lot from it.',
  });
  if (to) await to.post(`/api/v1/noticed/${id}/accept`, {}, 200);
  return id;
}

// ---------------------------------------------------------------------------------------------- fixtures

export interface Members {
  /**
   * Registers a member (email confirmed unless `verified: false`). With `request` (e.g. `page.request`),
   * that context is signed in as the member; otherwise the member gets an API context of their own.
   */
  create(options?: {
    request?: APIRequestContext;
    verified?: boolean;
    overrides?: Partial<Omit<NewMember, 'id' | 'csrfToken'>>;
  }): Promise<Actor>;
}

export interface ExtraPages {
  /**
   * A page in a new browser context (its own cookies: another person at another computer), watched for
   * console errors like the `page` fixture; `guard.allowHttpError` declares expected failed requests.
   */
  open(): Promise<{ page: Page; guard: ConsoleGuard }>;
}

export const test = base.extend<{ members: Members; extraPages: ExtraPages }>({
  members: async ({ playwright }, use) => {
    const contexts: APIRequestContext[] = [];
    await use({
      async create({ request, verified = true, overrides } = {}) {
        let ctx = request;
        if (!ctx) {
          ctx = await playwright.request.newContext({ baseURL: serverURL() });
          contexts.push(ctx);
        }
        const member = await createMemberViaApi(ctx, overrides);
        if (verified) await verifyEmailViaApi(ctx, member);
        return new Actor(member, ctx);
      },
    });
    for (const ctx of contexts) await ctx.dispose();
  },
  extraPages: async ({ browser }, use) => {
    const opened: { close: () => Promise<void>; guard: ConsoleGuard }[] = [];
    await use({
      async open() {
        const context = await (browser as Browser).newContext({ baseURL: serverURL() });
        const page = await context.newPage();
        const guard = new ConsoleGuard();
        guard.watch(page);
        opened.push({ close: () => context.close(), guard });
        return { page, guard };
      },
    });
    for (const o of opened) await o.close();
    for (const o of opened) o.guard.check();
  },
});

// ---------------------------------------------------------------------------------------------- page helpers

/** The `/overflow/:id` or `/engagements/:id` id in the page's address. */
export function idFromUrl(page: Page, prefix: 'overflow' | 'engagements'): string {
  const m = new RegExp(`/${prefix}/([^/?#]+)`).exec(new URL(page.url()).pathname);
  expect(m, `${page.url()} is a /${prefix}/:id page`).toBeTruthy();
  return m![1]!;
}

/** The header's notifications link (its accessible name starts with "Notifications"). */
export function notificationsLink(page: Page): Locator {
  return page.getByRole('link', { name: /^Notifications\b/ });
}

/**
 * Picks entries in a labelled multiple choice, whichever control the page uses: a checkbox group, a native
 * `<select multiple>`, or a combobox (Mantine MultiSelect: click, then pick each option).
 */
export async function pickMany(page: Page, label: string, options: string[]) {
  const group = page.getByRole('group', { name: label, exact: true });
  if ((await group.count()) > 0) {
    for (const o of options) await group.getByRole('checkbox', { name: o }).check();
    return;
  }
  const control = field(page, label);
  const tag = await control.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') {
    await control.selectOption(options.map((label) => ({ label })));
    return;
  }
  for (const o of options) {
    await control.click();
    await page.getByRole('option', { name: o }).first().click();
  }
  await control.press('Escape');
}

/**
 * The smallest element that holds `text` and the given inner locator (a button, a link): one card of a
 * list, whatever markup the page uses for it. (Matches come in document order, where an element follows its
 * ancestors, so the last one is the innermost.) For a positive check: a list holding another card with the
 * inner locator also matches when the wanted card is gone, so scope negative checks inside the card instead.
 */
export function cardWith(page: Page, text: string, inner: Locator): Locator {
  return page
    .locator('article, li, section, [role="listitem"], [role="article"], div')
    .filter({ hasText: text })
    .filter({ has: inner })
    .last();
}

/** The option labels of a labelled single choice: a native `<select>` or a combobox (opened, read, closed). */
export async function optionsOf(page: Page, label: string): Promise<string[]> {
  const control = field(page, label);
  const tag = await control.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') return (await control.locator('option').allTextContents()).map((o) => o.trim());
  await control.click();
  const options = page.getByRole('option');
  await expect(options.first()).toBeVisible();
  const names = (await options.allTextContents()).map((o) => o.trim());
  await control.press('Escape');
  return names;
}
