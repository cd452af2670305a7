import type { Actor, AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { enqueueEmail, messageIdFor } from '../../email/outbox.js';
import { addMs, DAY, iso } from '../../shared/clock.js';
import { dueAfterClaim, localDateIn, nextDueAt, zoneOrUtc } from '../../shared/digest-time.js';
import { notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { startWorker } from '../../shared/worker.js';
import { grantAllows, overflowGrants } from '../../shared/visibility.js';
import * as adminRepo from '../admin/admin.repository.js';
import { emailSettingsUrl, modesOfMany, unsubscribeLinks } from '../email/email.service.js';
import { EMAIL_KINDS, emailKindOf, type EmailKind, type EmailMode } from '../email/kinds.js';
import { describeNotification, type Data } from '../notifications/notifications.describe.js';
import { DUE_WITHIN_DAYS, NEEDS_YOU_COUNT_CAP, NEEDS_YOU_ITEMS } from '../home/home.service.js';
import * as profileRepo from '../members/profile.repository.js';
import { HIDDEN_OVERFLOW_TITLE } from '../overflow/overflow.service.js';
import * as matchingRepo from '../matching/matching.repository.js';
import * as membersRepo from '../members/members.repository.js';
import * as overflowRepo from '../overflow/overflow.repository.js';
import * as tiesRepo from '../ties/ties.repository.js';
import * as repo from './digest.repository.js';
import {
  isEmpty,
  renderDigest,
  summaryOf,
  type DigestContent,
  type DigestSummary,
} from './digest.template.js';

/** "For you" shows at most this many new postings. */
export const FOR_YOU_ITEMS = 5;
/** Noticed notes, thanks and endorsements shown, newest first. */
const NOTICED_ITEMS = 5;
/** Bundled event notifications read since the last digest (newest first), and shown. */
const UPDATES_READ = 50;
const UPDATES_SHOWN = 10;
/** The member's verified skills are read from this many newest verified records; at most this many skill walks. */
const RECENT_VERIFIED_RECORDS = 20;
const VERIFIED_ARMS = 4;
const MAX_SKILL_ARMS = 6;
/** Transactional ties looked at for one with open overflow to suggest. */
const GIVE_BACK_TIES = 3;
const GIVE_BACK_OVERFLOW = 3;
/** A first digest covers the day before it (a member has no "last digest" yet). */
const FIRST_PERIOD_MS = DAY;
/** "For you" reads this many newest open postings per skill of a batch, in statements of this many arms. */
const CANDIDATES_PER_SKILL = 10;
const SKILL_ARMS_PER_STATEMENT = 50;
/** How long a run keeps a skill's newest postings before reading them again. */
const CANDIDATES_TTL_MS = 5_000;
/**
 * Members per batch. On SQLite every statement runs on the event loop, so a batch is also the longest the job
 * holds requests up (the loop yields between batches): 50 keeps that to tens of milliseconds while still
 * sharing each section's statement across many members.
 */
const DEFAULT_BATCH = 50;

/** Notifications with a section of their own in the digest are not repeated among the bundled updates. */
const OWN_SECTION: ReadonlySet<EmailKind> = new Set(['noticed_received', 'thanks_received']);

export interface DigestJobOptions {
  /** At most this many due digests in this run (the rest wait for the next). */
  limit?: number;
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
}

export interface DigestJobResult {
  sent: number;
  empty: number;
  off: number;
  failed: number;
  claimedElsewhere: number;
  placed: number;
}

/** Lets the board's requests in between batches. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The daily digest job: places members who have no due instant yet, then claims, composes and hands to the
 * outbox every digest due now, in batches. Each batch is one short transaction: the (member, local date)
 * claims with their Message-IDs first, then the outbox rows of the digests this process won, then every
 * member's next due instant. A process that dies before the
 * commit leaves neither claim nor email, so a restart does it again; a second process loses the claim and
 * only moves the member on. Safe to run in every process at once.
 */
export async function runDigestJob(ctx: AppContext, opts: DigestJobOptions = {}): Promise<DigestJobResult> {
  const result: DigestJobResult = { sent: 0, empty: 0, off: 0, failed: 0, claimedElsewhere: 0, placed: 0 };
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  const limit = opts.limit ?? Number.MAX_SAFE_INTEGER;
  const startedAt = ctx.clock.now();

  result.placed = await placeUnplaced(ctx, startedAt, batchSize);

  const candidates = new SkillCandidates();
  // A fixed cut-off: the run ends, and a member moved on by this run is not read again.
  const cutoff = iso(startedAt);
  const total = Math.min(limit, await repo.countDue(ctx.db, cutoff, limit));
  let done = 0;
  let after: { at: string; id: string } | null = null;
  opts.onProgress?.(0, total);
  while (done < limit) {
    const batch = await repo.listDue(ctx.db, cutoff, after, Math.min(batchSize, limit - done));
    if (batch.length === 0) break;
    const last = batch[batch.length - 1]!;
    after = { at: last.digest_next_at, id: last.id };
    await processBatch(ctx, batch, result, candidates);
    done += batch.length;
    opts.onProgress?.(done, Math.max(total, done));
    await breathe();
  }
  return result;
}

/** What the digest's worker thread needs: the app's settings (its own connection) and the parent's now. */
export interface DigestWorkerData {
  config: AppContext['config'];
  startedAt: string;
  limit?: number | undefined;
  batchSize?: number | undefined;
}

export type DigestWorkerMessage =
  { progress: { done: number; total: number } } | { result: DigestJobResult } | { error: string };

/**
 * The digest job as the scheduler and the CLI run it: `runDigestJob` in a worker thread on its own database
 * connection (digest.worker.ts), so composing thousands of digests never holds the event loop that serves
 * requests; the outbox of this process sends what it queues (kicked as batches land). In this thread for an
 * in-memory SQLite database, which a second connection cannot see.
 */
export async function runScheduledDigest(
  ctx: AppContext,
  opts: Omit<DigestJobOptions, 'onProgress'> & {
    onProgress?: DigestJobOptions['onProgress'];
  } = {},
): Promise<DigestJobResult> {
  const db = ctx.config.database;
  if (db.dialect === 'sqlite' && db.file === ':memory:') return runDigestJob(ctx, opts);
  const data: DigestWorkerData = {
    config: ctx.config,
    startedAt: iso(ctx.clock.now()),
    limit: opts.limit,
    batchSize: opts.batchSize,
  };
  const worker = startWorker(import.meta.url, 'digest.worker', data);
  return new Promise((resolve, reject) => {
    let result: DigestJobResult | null = null;
    worker.on('message', (m: DigestWorkerMessage) => {
      if ('progress' in m) {
        opts.onProgress?.(m.progress.done, m.progress.total);
        ctx.outbox.kick();
      } else if ('result' in m) result = m.result;
      else reject(new Error(`digest worker: ${m.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!result) return reject(new Error(`digest worker exited with ${code} before its result`));
      if (result.sent > 0) ctx.outbox.kick();
      resolve(result);
    });
  });
}

/** Gives every unplaced member their next due instant (one short transaction per batch). */
async function placeUnplaced(ctx: AppContext, now: Date, batchSize: number): Promise<number> {
  let placed = 0;
  let after = '';
  for (;;) {
    const rows = await repo.listUnplaced(ctx.db, after, batchSize);
    if (rows.length === 0) return placed;
    after = rows[rows.length - 1]!.id;
    placed += await ctx.db.transaction().execute(async (trx) => {
      let n = 0;
      for (const m of rows) {
        const at = nextDueAt({
          now,
          zone: m.time_zone,
          hour: m.digest_hour,
          lastClaimedDate: m.last_claimed,
          // Placed before (their hour or zone changed, or the digest was turned back on): catch up today.
          // A first placement starts the member's period, which is what marks them as placed before.
          catchUp: m.digest_since !== null || m.last_claimed !== null,
        });
        if (await repo.placeMember(trx, m.id, iso(at), iso(now))) n++;
      }
      return n;
    });
    await breathe();
  }
}

interface Due {
  member: repo.DueMember;
  zone: string;
  localDate: string;
  modes: Record<EmailKind, EmailMode>;
}

/** A digest read and decided, not yet written: what it says, and for a queued one its unsubscribe links. */
type Prepared =
  | { status: 'off'; summary: Record<string, unknown> }
  | { status: 'empty'; summary: DigestSummary }
  | {
      status: 'queued';
      summary: DigestSummary;
      content: DigestContent;
      links: { headers: Record<string, string>; pageUrl: string };
    };

/**
 * One batch: its reads first (outside any transaction), then ONE short transaction that claims every
 * member's (member, local date) digest in one statement with its Message-ID, composes only the digests
 * this process won, writes their outbox rows and moves every member of the batch on. A process killed
 * before the commit leaves nothing of the batch, so a restart does it again; a second process meets this
 * one at the primary key and only moves the member on.
 */
async function processBatch(
  ctx: AppContext,
  batch: repo.DueMember[],
  result: DigestJobResult,
  candidates: SkillCandidates,
): Promise<void> {
  const now = ctx.clock.now();
  // The time rules are pure and a batch shares zones, hours and due instants: each is worked out once.
  const memo = new Map<string, string>();
  const once = (key: string, f: () => string) => {
    let v = memo.get(key);
    if (v === undefined) memo.set(key, (v = f()));
    return v;
  };
  const due: Due[] = batch.map((member) => {
    const zone = zoneOrUtc(member.time_zone);
    return {
      member,
      zone,
      localDate: once(`d ${member.digest_next_at} ${zone}`, () =>
        localDateIn(new Date(member.digest_next_at), zone),
      ),
      modes: {} as Due['modes'],
    };
  });
  const [claimed, modes, settings] = await Promise.all([
    repo.claimedAmong(
      ctx.db,
      due.map((d) => ({ memberId: d.member.id, localDate: d.localDate })),
    ),
    modesOfMany(
      ctx.db,
      due.flatMap((d) => EMAIL_KINDS.map((kind) => ({ memberId: d.member.id, kind }))),
    ),
    adminRepo.getInstanceSettings(ctx.db),
  ]);
  for (const d of due)
    for (const kind of EMAIL_KINDS) d.modes[kind] = modes.get(`${d.member.id}:${kind}`) ?? 'now';

  // A digest another process already claimed is not read for at all; its member is only moved on.
  const toClaim = due.filter((d) => !claimed.has(`${d.member.id} ${d.localDate}`));
  let prepared: Map<string, Prepared>;
  let asOf: Date;
  try {
    ({ prepared, asOf } = await prepareBatch(ctx, toClaim, candidates));
  } catch (error) {
    // Left due (nothing was written): the next run tries again.
    result.failed += toClaim.length;
    ctx.log.error({ err: error, members: toClaim.length }, 'digest batch failed');
    return;
  }
  // The period these digests cover ends when the oldest of what they were built from was read.
  const periodEnd = iso(asOf < now ? asOf : now);
  const claims = toClaim.map((d) => ({
    d,
    p: prepared.get(d.member.id)!,
    messageId: messageIdFor(ctx.config, newId(now)),
  }));

  try {
    const won = await ctx.db.transaction().execute(async (trx) => {
      const won = await repo.claimDigests(
        trx,
        claims.map(({ d, p, messageId }) => ({
          member_id: d.member.id,
          local_date: d.localDate,
          message_id: messageId,
          claimed_at: iso(now),
          status: p.status,
          outbox_id: null,
          summary: JSON.stringify(p.summary),
        })),
      );
      const outboxes: { memberId: string; localDate: string; outboxId: string }[] = [];
      for (const { d, p, messageId } of claims) {
        if (p.status !== 'queued' || !won.has(`${d.member.id} ${d.localDate}`)) continue;
        const m = d.member;
        const email = composeEmail(ctx, m.name, p, settings.name);
        const { id } = await enqueueEmail(
          ctx,
          trx,
          {
            to: m.email,
            subject: email.subject,
            text: email.text,
            html: email.html,
            memberId: m.id,
            kind: 'digest',
            headers: p.links.headers,
            messageId,
          },
          now,
        );
        outboxes.push({ memberId: m.id, localDate: d.localDate, outboxId: id });
      }
      await repo.setDigestOutboxes(trx, outboxes);
      await repo.advanceMembers(
        trx,
        due.map((d) => ({
          id: d.member.id,
          from: d.member.digest_next_at,
          nextAt: once(`n ${d.zone} ${d.member.digest_hour} ${d.localDate}`, () =>
            iso(dueAfterClaim(now, d.zone, d.member.digest_hour, d.localDate)),
          ),
        })),
        {
          ids: claims.filter(({ d }) => won.has(`${d.member.id} ${d.localDate}`)).map(({ d }) => d.member.id),
          at: periodEnd,
        },
      );
      return won;
    });
    result.claimedElsewhere += due.length - toClaim.length;
    for (const { d, p } of claims) {
      if (!won.has(`${d.member.id} ${d.localDate}`)) result.claimedElsewhere++;
      else if (p.status === 'queued') result.sent++;
      else result[p.status]++;
    }
  } catch (error) {
    // Left due (the whole batch rolled back): the next run tries again.
    result.failed += toClaim.length;
    ctx.log.error({ err: error, members: due.length }, 'digest batch failed');
  }
  if (result.sent > 0) ctx.outbox.kick();
}

/** The email of a queued digest: composing is rendering what was read (no statement). */
function composeEmail(
  ctx: AppContext,
  name: string,
  p: Extract<Prepared, { status: 'queued' }>,
  instanceName: string,
) {
  return renderDigest(p.content, {
    instanceName,
    publicUrl: ctx.config.publicUrl,
    name,
    settingsUrl: emailSettingsUrl(ctx),
    unsubscribeUrl: p.links.pageUrl,
  });
}

/**
 * What the digests of a batch say, read together, and so whether each is off, empty or queued. Off and
 * unconfirmed members are not read for.
 */
async function prepareBatch(
  ctx: AppContext,
  dues: Due[],
  candidates: SkillCandidates,
): Promise<{ prepared: Map<string, Prepared>; asOf: Date }> {
  const out = new Map<string, Prepared>();
  const wanted: Due[] = [];
  for (const d of dues) {
    if (d.modes.digest === 'off') out.set(d.member.id, { status: 'off', summary: { reason: 'turned off' } });
    // An address nobody confirmed gets no mail it did not ask for.
    else if (d.member.email_verified_at === null)
      out.set(d.member.id, { status: 'off', summary: { reason: 'email not confirmed' } });
    else wanted.push(d);
  }
  if (wanted.length === 0) return { prepared: out, asOf: ctx.clock.now() };
  const { contents, asOf } = await gatherBatch(
    ctx,
    wanted.map((d) => ({
      member: d.member,
      modes: d.modes,
      since: d.member.digest_since ?? iso(addMs(new Date(d.member.digest_next_at), -FIRST_PERIOD_MS)),
    })),
    candidates,
  );
  await Promise.all(
    wanted.map(async (d) => {
      const m = d.member;
      const content = contents.get(m.id)!;
      const summary = summaryOf(content);
      if (isEmpty(summary)) return out.set(m.id, { status: 'empty', summary });
      const links = await unsubscribeLinks(ctx, ctx.db, m.id, 'digest');
      return out.set(m.id, { status: 'queued', summary, content, links });
    }),
  );
  return { prepared: out, asOf };
}

const actorOf = (m: { id: string; email_verified_at: string | null }): Actor => ({
  memberId: m.id,
  role: 'member',
  via: 'session',
  emailVerified: m.email_verified_at !== null,
});

/** What one member's digest is gathered for. */
export interface GatherInput {
  member: Pick<repo.DueMember, 'id' | 'email_verified_at' | 'time_zone'>;
  modes: Record<EmailKind, EmailMode>;
  since: string;
}

const newestFirst = <T extends { created_at: string }>(a: T, b: T) =>
  a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0;

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** The calendar date `days` after a YYYY-MM-DD date. */
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * Everything the digests of a batch of members say, in a few statements for the whole batch (the home
 * page's "needs you" rules, read for many members at once), plus a walk or two per member where the walk
 * is theirs alone (their verified skills, their transactional ties).
 */
export async function gatherBatch(
  ctx: AppContext,
  batch: GatherInput[],
  candidates: SkillCandidates = new SkillCandidates(),
): Promise<{ contents: Map<string, DigestContent>; asOf: Date }> {
  const db = ctx.db;
  const ids = batch.map((b) => b.member.id);
  const withSince = batch.map((b) => ({ id: b.member.id, since: b.since }));
  const [offers, delivered, active, notes, thanks, endorsements, notifications, declared, settings] =
    await Promise.all([
      repo.pendingOffersOfOwners(db, ids),
      repo.deliveredForOwners(db, ids),
      repo.activeForHelpers(db, ids),
      repo.noticedSinceOf(db, withSince, NOTICED_ITEMS),
      repo.thanksSinceOf(db, withSince, NOTICED_ITEMS),
      repo.endorsementsSinceOf(db, withSince, NOTICED_ITEMS),
      repo.notificationsSinceOf(db, withSince, UPDATES_READ),
      membersRepo.listMemberSkills(db, ids),
      adminRepo.getInstanceSettings(db),
    ]);
  const people = await profileRepo.listMemberSummaries(db, [
    ...delivered.map((d) => d.helper_id),
    ...active.map((e) => e.owner_id),
    ...notifications.flatMap((n) => (n.actor_id ? [n.actor_id] : [])),
  ]);
  const nameOf = (id: string) => people.get(id)?.name ?? 'A former member';
  const forYou = await forYouOf(ctx, batch, declared, candidates);

  const offersBy = groupBy(offers, (r) => r.owner_id);
  const deliveredBy = groupBy(delivered, (r) => r.owner_id);
  const activeBy = groupBy(active, (r) => r.helper_id);
  const notesBy = groupBy(notes, (r) => r.to_id);
  const thanksBy = groupBy(thanks, (r) => r.to_id);
  const endorsementsBy = groupBy(endorsements, (r) => r.receiver_id);
  const notificationsBy = groupBy(notifications, (r) => r.member_id);
  const now = ctx.clock.now();

  const out = new Map<string, DigestContent>();
  const todayIn = new Map<string, string>();
  for (const b of batch) {
    const id = b.member.id;
    const actor = actorOf(b.member);
    const withOffers = (offersBy.get(id) ?? [])
      .map((o) => ({ overflowId: o.id, title: o.title, pendingOffers: Number(o.n), at: String(o.newest_at) }))
      .sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
    const reviews = (deliveredBy.get(id) ?? []).sort((x, y) =>
      (x.delivered_at ?? '') < (y.delivered_at ?? '') ? -1 : 1,
    );
    let today = todayIn.get(b.member.time_zone);
    if (today === undefined) todayIn.set(b.member.time_zone, (today = localDateIn(now, b.member.time_zone)));
    const horizon = plusDays(today, DUE_WITHIN_DAYS);
    const due = (activeBy.get(id) ?? [])
      .map((e) => {
        const dueOn = e.due_on && e.due_on < e.proposed_on ? e.due_on : e.proposed_on;
        const visible = overflowGrants(actor).some((g) =>
          grantAllows(g, { visibility: e.visibility, owner_id: e.owner_id, ask_member_id: e.ask_member_id }),
        );
        return {
          engagementId: e.id,
          title: visible ? e.title : HIDDEN_OVERFLOW_TITLE,
          ownerName: nameOf(e.owner_id),
          dueOn,
          overdue: dueOn < today,
        };
      })
      .filter((e) => e.dueOn <= horizon)
      .sort((x, y) => (x.dueOn < y.dueOn ? -1 : x.dueOn > y.dueOn ? 1 : 0));
    const noticed = [
      ...(notesBy.get(id) ?? []).map((n) => ({
        created_at: n.created_at,
        item: {
          kind: 'noticed' as const,
          from: n.from_name,
          text: n.message,
          about: n.work_title,
          url: '/ties',
        },
      })),
      ...(thanksBy.get(id) ?? []).map((t) => ({
        created_at: t.created_at,
        item: {
          kind: 'thanks' as const,
          from: t.from_name,
          text: t.message,
          about: '',
          url: t.engagement_id ? `/engagements/${t.engagement_id}` : '/ties',
        },
      })),
      ...(endorsementsBy.get(id) ?? []).map((e) => ({
        created_at: e.created_at,
        item: {
          kind: 'endorsement' as const,
          from: e.from_name,
          text: e.endorsement ?? '',
          about: e.title,
          url: `/engagements/${e.engagement_id}`,
        },
      })),
    ]
      .sort(newestFirst)
      .slice(0, NOTICED_ITEMS)
      .map((x) => x.item);
    out.set(id, {
      offers: withOffers.slice(0, NEEDS_YOU_ITEMS).map(({ at: _at, ...o }) => o),
      offersTotal: Math.min(
        withOffers.reduce((n, o) => n + o.pendingOffers, 0),
        NEEDS_YOU_COUNT_CAP,
      ),
      deliveries: reviews.slice(0, NEEDS_YOU_ITEMS).map((r) => ({
        engagementId: r.id,
        title: r.title,
        helperName: nameOf(r.helper_id),
        autoCompleteAt: iso(addMs(new Date(r.delivered_at ?? iso(now)), settings.auto_complete_days * DAY)),
      })),
      deliveriesTotal: Math.min(reviews.length, NEEDS_YOU_COUNT_CAP),
      due: due.slice(0, NEEDS_YOU_ITEMS),
      dueTotal: due.length,
      forYou: forYou.get(id) ?? [],
      noticed,
      giveBack: null,
      updates: updatesOf(notificationsBy.get(id) ?? [], b.modes, (actorId) =>
        actorId ? (people.get(actorId)?.name ?? null) : null,
      ),
    });
  }
  // A give-back suggestion rides along with a digest that has something else to say; on its own it would
  // send the same nudge every morning.
  await Promise.all(
    batch.map(async (b) => {
      const c = out.get(b.member.id)!;
      if (!isEmpty(summaryOf(c))) c.giveBack = await giveBackFor(db, actorOf(b.member));
    }),
  );
  return { contents: out, asOf: forYou.asOf ?? now };
}

/**
 * The newest open postings of each skill, kept for a few seconds of a run: the batches of a run share most
 * skills, so each is read once in a while, not once a batch. `asOf` is when the oldest entry used was read:
 * a digest built from them covers the period up to then, so a posting made later is in the next one.
 */
export class SkillCandidates {
  readonly #bySkill = new Map<
    string,
    { readAt: number; asOf: Date; rows: matchingRepo.RecommendationCandidate[] }
  >();
  readonly #skillsOf = new Map<string, string[]>();
  constructor(private readonly ttlMs = CANDIDATES_TTL_MS) {}

  async get(
    ctx: AppContext,
    skills: string[],
  ): Promise<{
    bySkill: Map<string, matchingRepo.RecommendationCandidate[]>;
    skillsOf: Map<string, string[]>;
    asOf: Date;
  }> {
    const fresh = performance.now() - this.ttlMs;
    const missing = skills.filter((k) => (this.#bySkill.get(k)?.readAt ?? -Infinity) < fresh);
    if (this.#bySkill.size > 10_000 || this.#skillsOf.size > 100_000) {
      // skills are few; a bound all the same
      this.#bySkill.clear();
      this.#skillsOf.clear();
    }
    // The audience every confirmed member is in; a direct ask reaches the member by its own email.
    const grants = overflowGrants({ memberId: '', emailVerified: true }).filter(
      (g) => g.kind === 'visibility',
    );
    for (let i = 0; i < missing.length; i += SKILL_ARMS_PER_STATEMENT) {
      const chunk = missing.slice(i, i + SKILL_ARMS_PER_STATEMENT);
      const asOf = ctx.clock.now();
      const readAt = performance.now();
      const found = await matchingRepo.listRecommendationCandidates(ctx.db, {
        memberId: '',
        skills: chunk,
        perSkill: CANDIDATES_PER_SKILL,
        grants,
      });
      const unique = [...new Map(found.map((c) => [c.id, c])).values()];
      const skillsOf = await matchingRepo.listCandidateSkills(
        ctx.db,
        unique.map((c) => c.id),
      );
      for (const [id, list] of skillsOf) this.#skillsOf.set(id, list);
      for (const k of chunk)
        this.#bySkill.set(k, {
          readAt,
          asOf,
          rows: unique.filter((c) => (skillsOf.get(c.id) ?? []).includes(k)),
        });
    }
    const bySkill = new Map<string, matchingRepo.RecommendationCandidate[]>();
    let asOf = ctx.clock.now();
    for (const k of skills) {
      const e = this.#bySkill.get(k)!;
      bySkill.set(k, e.rows);
      if (e.asOf < asOf) asOf = e.asOf;
    }
    return { bySkill, skillsOf: this.#skillsOf, asOf };
  }
}

/**
 * "For you", for a batch: up to FOR_YOU_ITEMS open postings new since each member's last digest in their
 * skills (their profile's, and those of their newest verified work), newest first. The newest few open
 * postings of each skill of the batch come from the board's skill index (overflow_skills_board) through the
 * matching repository, in one statement of LIMITed arms for the whole batch; then what each member may see,
 * is not theirs and was not offered on.
 */
async function forYouOf(
  ctx: AppContext,
  batch: GatherInput[],
  declared: Map<string, string[]>,
  candidates: SkillCandidates,
): Promise<Map<string, DigestContent['forYou']> & { asOf?: Date }> {
  const db = ctx.db;
  const skillsBy = new Map<string, string[]>();
  const verifiedBy = groupBy(
    await repo.recentVerifiedSkillsOf(
      db,
      batch.map((b) => b.member.id),
      RECENT_VERIFIED_RECORDS,
    ),
    (r) => r.member_id,
  );
  for (const b of batch) {
    // Strongest first: most records, then the most recent, then by name (the matching's order).
    const verified = (verifiedBy.get(b.member.id) ?? [])
      .map((r) => ({ skill: r.skill, n: Number(r.n), newest: String(r.newest) }))
      .sort(
        (x, y) =>
          y.n - x.n ||
          (x.newest < y.newest ? 1 : x.newest > y.newest ? -1 : 0) ||
          (x.skill < y.skill ? -1 : 1),
      )
      .map((s) => s.skill);
    const skills = [
      ...new Set([
        ...verified.slice(0, VERIFIED_ARMS),
        ...(declared.get(b.member.id) ?? []),
        ...verified.slice(VERIFIED_ARMS),
      ]),
    ].slice(0, MAX_SKILL_ARMS);
    skillsBy.set(b.member.id, skills);
  }
  const allSkills = [...new Set([...skillsBy.values()].flat())];
  const out: Map<string, DigestContent['forYou']> & { asOf?: Date } = new Map();
  if (allSkills.length === 0) return out;
  const { bySkill, skillsOf, asOf } = await candidates.get(ctx, allSkills);
  out.asOf = asOf;
  const fresh = [...new Map([...bySkill.values()].flat().map((c) => [c.id, c] as const)).values()];
  if (fresh.length === 0) return out;
  // Each member's newest matches first, with room for the ones they offered on; then one look at those pairs.
  const shortlist = new Map<string, matchingRepo.RecommendationCandidate[]>();
  for (const b of batch) {
    const id = b.member.id;
    const mine = new Set(skillsBy.get(id) ?? []);
    if (mine.size === 0 || b.member.email_verified_at === null) continue;
    const list = fresh
      .filter(
        (c) =>
          c.created_at > b.since && c.owner_id !== id && (skillsOf.get(c.id) ?? []).some((s) => mine.has(s)),
      )
      .sort((x, y) => newestFirst(x, y) || (x.id < y.id ? 1 : -1))
      .slice(0, 2 * FOR_YOU_ITEMS);
    if (list.length > 0) shortlist.set(id, list);
  }
  const offered = await repo.offeredAmong(
    db,
    [...shortlist].flatMap(([helperId, list]) => list.map((c) => ({ helperId, overflowId: c.id }))),
  );
  const picked = new Map<string, matchingRepo.RecommendationCandidate[]>();
  for (const [id, list] of shortlist) {
    const open = list.filter((c) => !offered.has(`${id} ${c.id}`)).slice(0, FOR_YOU_ITEMS);
    if (open.length > 0) picked.set(id, open);
  }
  const rows = await overflowRepo.findOverflowsByIds(db, [
    ...new Set([...picked.values()].flat().map((c) => c.id)),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [id, list] of picked) {
    const mine = new Set(skillsBy.get(id) ?? []);
    out.set(
      id,
      list.flatMap((c) => {
        const o = byId.get(c.id);
        return o
          ? [
              {
                overflowId: o.id,
                title: o.title,
                skills: (skillsOf.get(o.id) ?? []).filter((s) => mine.has(s)),
                dueOn: o.due_on,
              },
            ]
          : [];
      }),
    );
  }
  return out;
}

/**
 * One transactional tie (someone the member only received from, the ties' give-back walk) with their open
 * overflow the member may see: the first of the newest few such ties that has any.
 */
async function giveBackFor(db: Db, actor: Actor): Promise<DigestContent['giveBack']> {
  const ties = await tiesRepo.listTiesWithBalance(db, actor.memberId, {
    limit: GIVE_BACK_TIES,
    walk: 'giveBack',
  });
  if (ties.length === 0) return null;
  const open = await overflowRepo.listNewestOpenByOwners(
    db,
    { grants: overflowGrants(actor) },
    ties.map((t) => t.otherId),
    GIVE_BACK_OVERFLOW,
  );
  for (const t of ties) {
    const theirs = open.filter((o) => o.owner_id === t.otherId);
    if (theirs.length > 0)
      return {
        member: { handle: t.otherHandle, name: t.otherName },
        overflow: theirs.map((o) => ({ id: o.id, title: o.title, dueOn: o.due_on })),
      };
  }
  return null;
}

function parseData(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The event notifications the member chose to bundle into the digest, newest first, each said as the app
 * and the event emails say it (describeNotification).
 */
function updatesOf(
  rows: { type: string; actor_id: string | null; data: string; created_at: string }[],
  modes: Record<EmailKind, EmailMode>,
  actorName: (actorId: string | null) => string | null,
): DigestContent['updates'] {
  return rows
    .sort(newestFirst)
    .flatMap((r) => {
      const kind = emailKindOf(r.type);
      if (!kind || modes[kind] !== 'digest' || OWN_SECTION.has(kind)) return [];
      const { text, path } = describeNotification(r.type, parseData(r.data) as Data, actorName(r.actor_id));
      return [{ title: text, path, at: r.created_at }];
    })
    .slice(0, UPDATES_SHOWN);
}

/** The digest a member would get now, as text: nothing is claimed and no email is written. */
export async function previewDigest(ctx: AppContext, handle: string): Promise<string> {
  const m = await repo.findByHandle(ctx.db, handle.replace(/^@/, ''));
  if (!m) throw notFound(`Member @${handle.replace(/^@/, '')}`);
  const now = ctx.clock.now();
  const modes = await modesOfMany(
    ctx.db,
    EMAIL_KINDS.map((kind) => ({ memberId: m.id, kind })),
  );
  const d: Due = {
    member: { ...m, digest_next_at: iso(now) },
    zone: zoneOrUtc(m.time_zone),
    localDate: localDateIn(now, m.time_zone),
    modes: Object.fromEntries(
      EMAIL_KINDS.map((k) => [k, modes.get(`${m.id}:${k}`) ?? 'now']),
    ) as Due['modes'],
  };
  const settings = await adminRepo.getInstanceSettings(ctx.db);
  const c = (await prepareBatch(ctx, [d], new SkillCandidates())).prepared.get(m.id)!;
  const head = `To: ${m.email}\nDate: ${d.localDate} (${d.zone}), next due ${m.digest_next_at ?? 'when placed'}\n`;
  if (c.status === 'off') return `${head}No digest: ${String(c.summary.reason)}.\n`;
  if (c.status === 'empty')
    return `${head}No digest: nothing to say since ${m.digest_since ?? 'the last day'}.\n`;
  const email = composeEmail(ctx, m.name, c, settings.name);
  return `${head}Subject: ${email.subject}\n\n${email.text}`;
}
