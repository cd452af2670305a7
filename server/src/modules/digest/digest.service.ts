import type { Actor, AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { enqueueEmail, messageIdFor } from '../../email/outbox.js';
import { addMs, DAY, iso } from '../../shared/clock.js';
import { dueAfterClaim, localDateIn, nextDueAt, zoneOrUtc } from '../../shared/digest-time.js';
import { notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { overflowGrants } from '../../shared/visibility.js';
import * as adminRepo from '../admin/admin.repository.js';
import { emailSettingsUrl, modesOfMany, unsubscribeHeaders, unsubscribePageUrl } from '../email/email.service.js';
import { EMAIL_KINDS, emailKindOf, kindLabel, type EmailKind, type EmailMode } from '../email/kinds.js';
import { getNeedsYou } from '../home/home.service.js';
import * as matchingRepo from '../matching/matching.repository.js';
import * as membersRepo from '../members/members.repository.js';
import * as overflowRepo from '../overflow/overflow.repository.js';
import * as tiesRepo from '../ties/ties.repository.js';
import * as repo from './digest.repository.js';
import { isEmpty, renderDigest, summaryOf, type DigestContent, type DigestSummary } from './digest.template.js';

/** "For you" shows at most this many new postings. */
export const FOR_YOU_ITEMS = 5;
/** Noticed notes, thanks and endorsements shown, newest first. */
const NOTICED_ITEMS = 5;
/** Bundled event notifications read since the last digest (newest first), and shown. */
const UPDATES_READ = 50;
const UPDATES_SHOWN = 10;
/** The member's verified skills are read from this many newest verified records; at most this many skill walks. */
const RECENT_VERIFIED_RECORDS = 100;
const VERIFIED_ARMS = 4;
const MAX_SKILL_ARMS = 6;
/** Transactional ties looked at for one with open overflow to suggest. */
const GIVE_BACK_TIES = 3;
const GIVE_BACK_OVERFLOW = 3;
/** A first digest covers the day before it (a member has no "last digest" yet). */
const FIRST_PERIOD_MS = DAY;
/** Members composed at once: enough to keep a PostgreSQL pool busy, few enough to leave the board its share. */
const COMPOSE_CONCURRENCY = 4;
const DEFAULT_BATCH = 100;

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
 * outbox every digest due now, in batches. Each digest is one short transaction: the (member, local date)
 * claim with its Message-ID, the outbox row, the member's next due instant. A process that dies before the
 * commit leaves neither claim nor email, so a restart does it again; a second process loses the claim and
 * only moves the member on. Safe to run in every process at once.
 */
export async function runDigestJob(ctx: AppContext, opts: DigestJobOptions = {}): Promise<DigestJobResult> {
  const result: DigestJobResult = { sent: 0, empty: 0, off: 0, failed: 0, claimedElsewhere: 0, placed: 0 };
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  const limit = opts.limit ?? Number.MAX_SAFE_INTEGER;
  const startedAt = ctx.clock.now();

  result.placed = await placeUnplaced(ctx, startedAt, batchSize);

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
    await processBatch(ctx, batch, result);
    done += batch.length;
    opts.onProgress?.(done, Math.max(total, done));
    await breathe();
  }
  return result;
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

type Composed =
  | { status: 'off'; summary: Record<string, unknown> }
  | { status: 'empty'; summary: DigestSummary }
  | {
      status: 'queued';
      summary: DigestSummary;
      email: { subject: string; html: string; text: string; headers: Record<string, string> };
    };

async function processBatch(ctx: AppContext, batch: repo.DueMember[], result: DigestJobResult): Promise<void> {
  const now = ctx.clock.now();
  const due: Due[] = batch.map((member) => {
    const zone = zoneOrUtc(member.time_zone);
    return { member, zone, localDate: localDateIn(new Date(member.digest_next_at), zone), modes: {} as Due['modes'] };
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

  // Compose outside the claim's transaction (reads only), so the transaction stays a few writes long; a
  // digest another process already claimed is not composed at all.
  const toCompose = due.filter((d) => !claimed.has(`${d.member.id} ${d.localDate}`));
  const composed = new Map<string, Composed | Error>();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(COMPOSE_CONCURRENCY, toCompose.length) }, async () => {
      while (next < toCompose.length) {
        const d = toCompose[next++]!;
        try {
          composed.set(d.member.id, await composeFor(ctx, d, settings.name));
        } catch (error) {
          composed.set(d.member.id, error as Error);
        }
      }
    }),
  );

  for (const d of due) {
    const m = d.member;
    const nextAt = iso(dueAfterClaim(now, d.zone, m.digest_hour, d.localDate));
    const c = composed.get(m.id);
    try {
      if (c instanceof Error) throw c;
      if (!c) {
        // Claimed elsewhere before this batch was read: only move the member on.
        await repo.advanceMember(ctx.db, m.id, m.digest_next_at, { nextAt, since: null });
        result.claimedElsewhere++;
        continue;
      }
      const outcome = await ctx.db.transaction().execute(async (trx) => {
        const messageId = messageIdFor(ctx.config, newId(now));
        const won = await repo.claimDigest(trx, {
          member_id: m.id,
          local_date: d.localDate,
          message_id: messageId,
          claimed_at: iso(now),
          status: c.status,
          outbox_id: null,
          summary: JSON.stringify(c.summary),
        });
        if (!won) {
          await repo.advanceMember(trx, m.id, m.digest_next_at, { nextAt, since: null });
          return 'elsewhere' as const;
        }
        if (c.status === 'queued') {
          const { id } = await enqueueEmail(
            ctx,
            trx,
            {
              to: m.email,
              subject: c.email.subject,
              text: c.email.text,
              html: c.email.html,
              memberId: m.id,
              kind: 'digest',
              headers: c.email.headers,
              messageId,
            },
            now,
          );
          await repo.setDigestOutbox(trx, m.id, d.localDate, id);
        }
        await repo.advanceMember(trx, m.id, m.digest_next_at, { nextAt, since: iso(now) });
        return c.status;
      });
      if (outcome === 'elsewhere') result.claimedElsewhere++;
      else if (outcome === 'queued') result.sent++;
      else result[outcome]++;
    } catch (error) {
      // Left due: the next run tries again (nothing of this digest was committed).
      result.failed++;
      ctx.log.error({ err: error, memberId: m.id, localDate: d.localDate }, 'digest failed');
    }
  }
  if (result.sent > 0) ctx.outbox.kick();
}

async function composeFor(ctx: AppContext, d: Due, instanceName: string): Promise<Composed> {
  const m = d.member;
  if (d.modes.digest === 'off') return { status: 'off', summary: { reason: 'turned off' } };
  // An address nobody confirmed gets no mail it did not ask for.
  if (m.email_verified_at === null) return { status: 'off', summary: { reason: 'email not confirmed' } };
  const since = m.digest_since ?? iso(addMs(new Date(m.digest_next_at), -FIRST_PERIOD_MS));
  const content = await gather(ctx, m, d.modes, since);
  const summary = summaryOf(content);
  if (isEmpty(summary)) return { status: 'empty', summary };
  const [headers, unsubscribeUrl] = await Promise.all([
    unsubscribeHeaders(ctx, ctx.db, m.id, 'digest'),
    unsubscribePageUrl(ctx, ctx.db, m.id, 'digest'),
  ]);
  const email = renderDigest(content, {
    instanceName,
    publicUrl: ctx.config.publicUrl,
    name: m.name,
    settingsUrl: emailSettingsUrl(ctx),
    unsubscribeUrl,
  });
  return { status: 'queued', summary, email: { ...email, headers } };
}

const actorOf = (m: { id: string; email_verified_at: string | null }): Actor => ({
  memberId: m.id,
  role: 'member',
  via: 'session',
  emailVerified: m.email_verified_at !== null,
});

/** Everything the digest says, read for one member: each section a few bounded walks. */
async function gather(
  ctx: AppContext,
  m: Pick<repo.DueMember, 'id' | 'email_verified_at'>,
  modes: Record<EmailKind, EmailMode>,
  since: string,
): Promise<DigestContent> {
  const actor = actorOf(m);
  const [needs, forYou, noticed, updates] = await Promise.all([
    getNeedsYou(ctx, actor),
    forYouSince(ctx.db, actor, since),
    noticedSince(ctx.db, m.id, since),
    updatesSince(ctx.db, m.id, modes, since),
  ]);
  const content: DigestContent = {
    offers: needs.offersToDecide.items.map((o) => ({
      overflowId: o.overflowId,
      title: o.title,
      pendingOffers: o.pendingOffers,
    })),
    offersTotal: needs.offersToDecide.total,
    deliveries: needs.deliveriesToReview.items.map((d) => ({
      engagementId: d.engagementId,
      title: d.title,
      helperName: d.helper.name,
      autoCompleteAt: d.autoCompleteAt,
    })),
    deliveriesTotal: needs.deliveriesToReview.total,
    due: needs.engagementsDue.items.map((e) => ({
      engagementId: e.engagementId,
      title: e.title,
      ownerName: e.owner.name,
      dueOn: e.dueOn,
      overdue: e.overdue,
    })),
    dueTotal: needs.engagementsDue.total,
    forYou,
    noticed,
    giveBack: null,
    updates,
  };
  // A give-back suggestion rides along with a digest that has something else to say; on its own it would
  // send the same nudge every morning.
  if (!isEmpty(summaryOf(content))) content.giveBack = await giveBackFor(ctx.db, actor);
  return content;
}

/**
 * Up to FOR_YOU_ITEMS open postings new since `since` in the member's skills (verified strongest first, then
 * their profile's), newest first: the newest few of each skill from the board's skill index
 * (overflow_skills_board, through the matching repository), the ones posted since the last digest kept.
 */
async function forYouSince(db: Db, actor: Actor, since: string): Promise<DigestContent['forYou']> {
  const [declared, strongest] = await Promise.all([
    membersRepo.listMemberSkills(db, [actor.memberId]).then((s) => s.get(actor.memberId) ?? []),
    matchingRepo.listRecentVerifiedSkills(db, actor.memberId, RECENT_VERIFIED_RECORDS),
  ]);
  const verified = strongest.map((s) => s.skill);
  const skills = [...new Set([...verified.slice(0, VERIFIED_ARMS), ...declared, ...verified.slice(VERIFIED_ARMS)])].slice(
    0,
    MAX_SKILL_ARMS,
  );
  if (skills.length === 0) return [];
  const found = await matchingRepo.listRecommendationCandidates(db, {
    memberId: actor.memberId,
    skills,
    perSkill: FOR_YOU_ITEMS,
    grants: overflowGrants(actor),
  });
  const fresh = [...new Map(found.filter((c) => c.created_at > since).map((c) => [c.id, c])).values()];
  if (fresh.length === 0) return [];
  const offered = await matchingRepo.listOfferedAmong(
    db,
    actor.memberId,
    fresh.map((c) => c.id),
  );
  const picked = fresh
    .filter((c) => !offered.has(c.id))
    .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : -1))
    .slice(0, FOR_YOU_ITEMS);
  if (picked.length === 0) return [];
  const ids = picked.map((c) => c.id);
  const [rows, skillsOf] = await Promise.all([
    overflowRepo.findOverflowsByIds(db, ids),
    matchingRepo.listCandidateSkills(db, ids),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const mine = new Set(skills);
  return picked.flatMap((c) => {
    const o = byId.get(c.id);
    if (!o) return [];
    return [
      {
        overflowId: o.id,
        title: o.title,
        skills: (skillsOf.get(o.id) ?? []).filter((s) => mine.has(s)),
        dueOn: o.due_on,
      },
    ];
  });
}

/** Noticed notes, thanks and endorsements received since `since`, newest first. */
async function noticedSince(db: Db, memberId: string, since: string): Promise<DigestContent['noticed']> {
  const [notes, thanks, endorsements] = await Promise.all([
    repo.listNoticedSince(db, memberId, since, NOTICED_ITEMS),
    repo.listThanksSince(db, memberId, since, NOTICED_ITEMS),
    repo.listEndorsementsSince(db, memberId, since, NOTICED_ITEMS),
  ]);
  const all = [
    ...notes.map((n) => ({
      at: n.created_at,
      item: { kind: 'noticed' as const, from: n.from_name, text: n.message, about: n.work_title, url: '/ties' },
    })),
    ...thanks.map((t) => ({
      at: t.created_at,
      item: {
        kind: 'thanks' as const,
        from: t.from_name,
        text: t.message,
        about: '',
        url: t.engagement_id ? `/engagements/${t.engagement_id}` : '/ties',
      },
    })),
    ...endorsements.map((e) => ({
      at: e.created_at,
      item: {
        kind: 'endorsement' as const,
        from: e.from_name,
        text: e.endorsement ?? '',
        about: e.title,
        url: `/engagements/${e.engagement_id}`,
      },
    })),
  ];
  return all
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, NOTICED_ITEMS)
    .map((x) => x.item);
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

/** The page a notification is about. */
function pathOf(n: { subject_type: string; subject_id: string }, data: Record<string, unknown>): string {
  if (n.subject_type === 'engagement') return `/engagements/${n.subject_id}`;
  if (n.subject_type === 'overflow') return `/overflow/${n.subject_id}`;
  if (typeof data.overflowId === 'string') return `/overflow/${data.overflowId}`;
  if (typeof data.engagementId === 'string') return `/engagements/${data.engagementId}`;
  return '/notifications';
}

function parseData(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The event notifications the member chose to bundle into the digest, since `since`, newest first. */
async function updatesSince(
  db: Db,
  memberId: string,
  modes: Record<EmailKind, EmailMode>,
  since: string,
): Promise<DigestContent['updates']> {
  const bundled = EMAIL_KINDS.filter((k) => modes[k] === 'digest' && !OWN_SECTION.has(k));
  if (bundled.length === 0) return [];
  const rows = await repo.listNotificationsSince(db, memberId, since, UPDATES_READ);
  return rows
    .flatMap((r) => {
      const kind = emailKindOf(r.type);
      if (!kind || !bundled.includes(kind)) return [];
      const data = parseData(r.data);
      const title = typeof data.title === 'string' && data.title ? data.title : '';
      return [{ title: title ? `${kindLabel(kind)}: ${title}` : kindLabel(kind), path: pathOf(r, data), at: r.created_at }];
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
    modes: Object.fromEntries(EMAIL_KINDS.map((k) => [k, modes.get(`${m.id}:${k}`) ?? 'now'])) as Due['modes'],
  };
  const settings = await adminRepo.getInstanceSettings(ctx.db);
  const c = await composeFor(ctx, d, settings.name);
  const head = `To: ${m.email}\nDate: ${d.localDate} (${d.zone}), next due ${m.digest_next_at ?? 'when placed'}\n`;
  if (c.status === 'off') return `${head}No digest: ${String(c.summary.reason)}.\n`;
  if (c.status === 'empty') return `${head}No digest: nothing to say since ${m.digest_since ?? 'the last day'}.\n`;
  return `${head}Subject: ${c.email.subject}\n\n${c.email.text}`;
}
