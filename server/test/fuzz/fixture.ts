// The small world the fuzz suite sends its requests into: an admin and two members with confirmed emails,
// and a drafting loop between the two members (overflow, offers, an engagement with a message, a question,
// a work record, a noticed, a report, an access token), so generated requests reach deep paths with real ids.
// Every step is tolerant: the fuzz cases change this world as they go (cancel, withdraw, complete …), and a
// refresh simply adds new objects beside whatever is left.
import { registerMember, createWorkRecord } from '../helpers/factories.js';
import type { TestApp } from '../helpers/app.js';
import type { TestClient, TestResponse } from '../helpers/client.js';
import { dateIn, verifiedMember, type LoopMember } from '../helpers/loop.js';
import type { Fixture } from './cases.js';

export interface FuzzWorld {
  admin: LoopMember;
  member: LoopMember;
  other: LoopMember;
  fixture: Fixture;
}

function idOf(res: TestResponse): string | undefined {
  const body = res.body as { id?: unknown; engagementId?: unknown } | undefined;
  if (res.status >= 300 || !body) return undefined;
  const id = body.id ?? body.engagementId;
  return typeof id === 'string' ? id : undefined;
}

function idsOf(res: TestResponse): string[] {
  const body = res.body as { items?: { id?: unknown }[] } | { id?: unknown }[] | undefined;
  const items = Array.isArray(body) ? body : body?.items;
  if (res.status >= 300 || !Array.isArray(items)) return [];
  return items.map((i) => i.id).filter((id): id is string => typeof id === 'string');
}

export async function createWorld(t: TestApp): Promise<FuzzWorld> {
  // The first member to sign up is the instance's admin.
  const a = await registerMember(t.app, { handle: 'fuzzadmin', signIn: 'link' });
  const admin: LoopMember = { ...a, id: a.member.id };
  const member = await verifiedMember(t, { handle: 'fuzzmember', skills: ['typescript'], capacity: 10 });
  const other = await verifiedMember(t, { handle: 'fuzzother', skills: ['postgresql'], capacity: 10 });
  const world: FuzzWorld = {
    admin,
    member,
    other,
    fixture: { ids: [], byKind: {}, handles: [admin.handle, member.handle, other.handle], messageIds: [] },
  };
  await refreshWorld(t, world);
  return world;
}

const overflow = (t: TestApp, visibility: 'public' | 'members') => ({
  title: 'Write the migration guide',
  brief: 'A short guide for moving from SQLite to PostgreSQL.',
  skills: ['typescript', 'postgresql'],
  effortHours: 4,
  dueOn: dateIn(t, 14),
  visibility,
});

/** Adds a fresh set of loop objects and re-reads the lists (sessions, tokens, notifications, outbox). */
export async function refreshWorld(t: TestApp, world: FuzzWorld): Promise<void> {
  const { member, other, admin, fixture } = world;
  const ids = new Set(fixture.ids);
  const byKind = new Map(Object.entries(fixture.byKind).map(([k, v]) => [k, new Set(v)]));
  /** Pools the id, also under the path segment that names its kind (`overflow/{id}`, `offers/{id}` …). */
  const add = (kind: string, id: string | undefined) => {
    if (id === undefined) return;
    ids.add(id);
    const set = byKind.get(kind) ?? new Set<string>();
    set.add(id);
    byKind.set(kind, set);
  };
  const post = async (c: TestClient, url: string, body?: unknown) => idOf(await c.post(url, body ?? {}));
  const offer = (pitch: string, days: number) => ({ pitch, evidence: [], proposedOn: dateIn(t, days) });

  const theirs = await post(other.client, 'overflow', overflow(t, 'public'));
  const mine = await post(member.client, 'overflow', overflow(t, 'members'));
  add('overflow', theirs);
  add('overflow', mine);
  if (theirs) {
    const offered = await post(
      member.client,
      `overflow/${theirs}/offers`,
      offer('Done this twice before.', 7),
    );
    add('offers', offered);
    const engagement = offered ? await post(other.client, `offers/${offered}/accept`) : undefined;
    add('engagements', engagement);
    if (engagement) {
      add('messages', await post(member.client, `engagements/${engagement}/messages`, { body: 'Hello.' }));
    }
    add('questions', await post(member.client, `overflow/${theirs}/questions`, { body: 'Which version?' }));
    add(
      'reports',
      await post(member.client, 'reports', { subjectType: 'overflow', subjectId: theirs, reason: 'spam' }),
    );
  }
  if (mine) add('offers', await post(other.client, `overflow/${mine}/offers`, offer('Happy to help.', 5)));
  try {
    const record = await createWorkRecord(member.client, { title: 'Shipped the search rewrite' });
    add('work-records', record.id);
    const message = 'This rewrite made search usable again.';
    add('noticed', await post(other.client, 'noticed', { workRecordId: record.id, message }));
  } catch {
    // too many work records by now: the old ones stay in the pool
  }
  add('access-tokens', await post(member.client, 'me/access-tokens', { name: 'fuzz' }));
  for (const id of idsOf(await member.client.get('auth/sessions'))) add('sessions', id);
  for (const id of idsOf(await member.client.get('me/notifications'))) add('notifications', id);
  for (const id of idsOf(await admin.client.get('admin/outbox'))) add('outbox', id);
  for (const id of idsOf(await admin.client.get('admin/reports'))) add('reports', id);
  for (const id of idsOf(await member.client.get('me/exports'))) add('exports', id);
  // Bounded: the newest ids matter most.
  fixture.ids = [...ids].slice(-120);
  fixture.byKind = Object.fromEntries([...byKind].map(([k, v]) => [k, [...v].slice(-20)]));
  fixture.messageIds = fixture.byKind.messages ?? [];
}
