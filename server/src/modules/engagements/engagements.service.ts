import type { Actor, AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { EngagementRow, EngagementStatus, OverflowStatus } from '../../db/schema.js';
import { addMs, DAY, iso, localDate } from '../../shared/clock.js';
import { AppError, badRequest, conflict } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { normaliseSkills } from '../../shared/skills.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import { requireMember } from '../auth/auth.policy.js';
import * as adminRepo from '../admin/admin.repository.js';
import * as ledgerRepo from '../ledger/ledger.repository.js';
import { ownerCredit } from '../../shared/ledger-weights.js';
import * as membersRepo from '../members/members.repository.js';
import * as profileRepo from '../members/profile.repository.js';
import * as workRepo from '../members/work-records.repository.js';
import { notify } from '../notifications/notifications.service.js';
import * as overflowRepo from '../overflow/overflow.repository.js';
import { overflowViewsFor, type MemberSummary, type OverflowView } from '../overflow/overflow.service.js';
import { nextEngagement, overflowStatusFor, type EngagementEvent } from '../overflow/overflow.state.js';
import { requireHelper, requireOwner, requireParty } from './engagements.policy.js';
import * as repo from './engagements.repository.js';

export const NEUTRAL_ENDORSEMENT =
  'Delivered; the owner did not review it within the review window, so it was completed automatically.';

const verb: Record<EngagementEvent, string> = {
  deliver: 'delivered',
  requestRevision: 'sent back for revision',
  complete: 'completed',
  abandon: 'abandoned',
};

function assertEngagement(e: EngagementRow, event: EngagementEvent): EngagementStatus {
  const next = nextEngagement(e.status, event);
  if (!next) {
    throw conflict(
      'ENGAGEMENT_STATE_CONFLICT',
      `This engagement is ${e.status}, so it cannot be ${verb[event]} now.`,
      {
        status: e.status,
        event,
      },
    );
  }
  return next;
}

/** The claim failed: someone else moved the engagement between our read and our write. */
const changedMeanwhile = () =>
  conflict('ENGAGEMENT_STATE_CONFLICT', 'This engagement changed meanwhile. Reload to see where it stands.');

/**
 * Moves the engagement's overflow along with it. The move is a claim: when the overflow is no longer in the
 * state the engagement needs, it is a 409 that rolls the step back, never a silent no-op (ADR 0008).
 */
async function claimOverflow(
  db: Db,
  overflowId: string,
  from: OverflowStatus | readonly OverflowStatus[],
  to: OverflowStatus,
  now: Date,
): Promise<void> {
  if (!(await overflowRepo.transitionOverflow(db, overflowId, from, to, iso(now)))) {
    throw conflict(
      'OVERFLOW_STATE_CONFLICT',
      'The overflow changed meanwhile. Reload to see where it stands.',
    );
  }
}

export interface EngagementView {
  id: string;
  status: EngagementStatus;
  overflow: OverflowView;
  owner: MemberSummary;
  helper: MemberSummary;
  offerId: string;
  startedAt: string;
  deliveredAt: string | null;
  completedAt: string | null;
  autoCompleted: boolean;
  /** When the engagement completes by itself if the owner stays silent (only while delivered). */
  autoCompleteAt: string | null;
  abandoned: { at: string; byHandle: string | null; reason: string } | null;
  review: { rating: number | null; endorsement: string; skills: string[] } | null;
  workRecordId: string | null;
  events: {
    id: string;
    kind: string;
    note: string;
    links: string[];
    /** A delivery note the helper kept off their public profile. */
    notePrivate: boolean;
    actor: { handle: string; name: string } | null;
    createdAt: string;
  }[];
  viewerRole: 'owner' | 'helper' | 'admin';
  detailsPublicByDefault: boolean;
}

async function toView(
  ctx: AppContext,
  e: EngagementRow,
  viewer: Actor,
  withEvents: boolean,
  autoCompleteDays?: number,
): Promise<EngagementView> {
  const [view] = await toViews(ctx, [e], viewer, withEvents, autoCompleteDays);
  return view!;
}

/** Views of a page of engagements: each relation (overflow, people, settings) is read once for the page. */
async function toViews(
  ctx: AppContext,
  rows: EngagementRow[],
  viewer: Actor,
  withEvents: boolean,
  autoCompleteDays?: number,
): Promise<EngagementView[]> {
  if (rows.length === 0) return [];
  const overflowRows = await overflowRepo.findOverflowsByIds(ctx.db, [
    ...new Set(rows.map((e) => e.overflow_id)),
  ]);
  // The overflow is embedded only as far as the viewer may still see it (a stub otherwise).
  const overflowById = new Map((await overflowViewsFor(ctx.db, viewer, overflowRows)).map((o) => [o.id, o]));
  const byId = await profileRepo.listMemberSummaries(
    ctx.db,
    rows.flatMap((e) => [e.owner_id, e.helper_id]),
  );
  const viewerId = viewer.memberId;
  const reviewDays = autoCompleteDays ?? (await adminRepo.getInstanceSettings(ctx.db)).auto_complete_days;
  const eventsOf = new Map<string, Awaited<ReturnType<typeof repo.listEvents>>>();
  if (withEvents) for (const e of rows) eventsOf.set(e.id, await repo.listEvents(ctx.db, e.id));
  return rows.map((e) =>
    toViewOf(e, overflowById.get(e.overflow_id)!, byId, reviewDays, eventsOf.get(e.id) ?? [], viewerId),
  );
}

function toViewOf(
  e: EngagementRow,
  overflow: OverflowView,
  byId: Map<string, MemberSummary>,
  reviewDays: number,
  events: Awaited<ReturnType<typeof repo.listEvents>>,
  viewerId: string,
): EngagementView {
  return {
    id: e.id,
    status: e.status,
    overflow,
    owner: byId.get(e.owner_id)!,
    helper: byId.get(e.helper_id)!,
    offerId: e.offer_id,
    startedAt: e.started_at,
    deliveredAt: e.delivered_at,
    completedAt: e.completed_at,
    autoCompleted: e.auto_completed === 1,
    autoCompleteAt:
      e.status === 'delivered' && e.delivered_at
        ? iso(addMs(new Date(e.delivered_at), reviewDays * DAY))
        : null,
    abandoned: e.abandoned_at
      ? {
          at: e.abandoned_at,
          byHandle: e.abandoned_by ? (byId.get(e.abandoned_by)?.handle ?? null) : null,
          reason: e.abandon_reason ?? '',
        }
      : null,
    review:
      e.status === 'completed'
        ? {
            rating: e.rating,
            endorsement: e.endorsement ?? '',
            skills: JSON.parse(e.demonstrated_skills) as string[],
          }
        : null,
    workRecordId: e.work_record_id,
    events: events.map((ev) => ({
      id: ev.id,
      kind: ev.kind,
      note: ev.note,
      links: JSON.parse(ev.links) as string[],
      notePrivate: ev.note_private === 1,
      actor: ev.actor_handle && ev.actor_name ? { handle: ev.actor_handle, name: ev.actor_name } : null,
      createdAt: ev.created_at,
    })),
    viewerRole: viewerId === e.owner_id ? 'owner' : viewerId === e.helper_id ? 'helper' : 'admin',
    detailsPublicByDefault: detailsPublicByDefault(overflow.visibility),
  };
}

export async function getEngagement(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
): Promise<EngagementView & { counterpartContact: string | null }> {
  const e = requireParty(actor, await repo.findEngagement(ctx.db, id), true);
  return {
    ...(await toView(ctx, e, actor!, true)),
    counterpartContact: await counterpartContact(ctx, e, actor!),
  };
}

/** Engagements in which the two parties may reach each other outside Slipstream: from acceptance on. */
const CONTACT_STATUSES: EngagementStatus[] = ['active', 'delivered', 'completed'];

/**
 * The other party's contact line, for the owner or the helper of an engagement that is active, delivered or
 * completed; null before acceptance (there is no engagement), once abandoned, for an admin, or when unset.
 * This is the only response that carries it: never a profile, a list or a search result.
 */
async function counterpartContact(ctx: AppContext, e: EngagementRow, viewer: Actor): Promise<string | null> {
  if (!CONTACT_STATUSES.includes(e.status)) return null;
  const other =
    viewer.memberId === e.owner_id ? e.helper_id : viewer.memberId === e.helper_id ? e.owner_id : null;
  if (!other) return null;
  return (await membersRepo.findMemberById(ctx.db, other))?.contact_line || null;
}

export async function listMyEngagements(
  ctx: AppContext,
  actor: Actor | null,
  q: {
    role: 'helper' | 'owner' | 'any';
    status?: 'live' | 'closed' | 'all' | undefined;
    cursor?: string | undefined;
    limit: number;
  },
) {
  const a = requireMember(actor);
  const statuses: EngagementStatus[] | undefined =
    q.status === 'live'
      ? ['active', 'delivered']
      : q.status === 'closed'
        ? ['completed', 'abandoned']
        : undefined;
  const rows = await repo.listForMember(
    ctx.db,
    a.memberId,
    q.role,
    statuses,
    q.limit,
    decodeCursor(q.cursor),
  );
  const page = toPage(rows, q.limit, (r) => ({ key: r.updated_at, id: r.id }));
  // One settings read for the page, not one per engagement.
  const reviewDays = (await adminRepo.getInstanceSettings(ctx.db)).auto_complete_days;
  return {
    items: await toViews(ctx, page.items, a, false, reviewDays),
    nextCursor: page.nextCursor,
  };
}

export async function submitDelivery(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: { note: string; links: string[]; notePrivate?: boolean | undefined },
): Promise<EngagementView> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const e = requireHelper(actor, await repo.findEngagement(trx, id));
    const to = assertEngagement(e, 'deliver');
    if (
      !(await repo.transitionEngagement(trx, id, e.status, {
        status: to,
        delivered_at: iso(now),
        updated_at: iso(now),
      }))
    ) {
      throw changedMeanwhile();
    }
    await claimOverflow(trx, e.overflow_id, 'assigned', overflowStatusFor(to), now);
    await repo.addEvent(trx, {
      id: newId(now),
      engagement_id: id,
      kind: 'delivered',
      actor_id: e.helper_id,
      note: input.note,
      links: JSON.stringify(input.links),
      note_private: input.notePrivate ? 1 : 0,
      created_at: iso(now),
    });
    const o = (await overflowRepo.findOverflowById(trx, e.overflow_id))!;
    await notify(ctx, trx, now, {
      memberId: e.owner_id,
      type: 'delivery_submitted',
      actorId: e.helper_id,
      subject: { type: 'engagement', id },
      data: { title: o.title, engagementId: id },
      quote: input.note,
    });
  });
  return getEngagement(ctx, actor, id);
}

export async function requestRevision(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: { note: string },
): Promise<EngagementView> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const e = requireOwner(actor, await repo.findEngagement(trx, id));
    const to = assertEngagement(e, 'requestRevision');
    if (!(await repo.transitionEngagement(trx, id, e.status, { status: to, updated_at: iso(now) })))
      throw changedMeanwhile();
    await claimOverflow(trx, e.overflow_id, 'delivered', overflowStatusFor(to), now);
    await repo.addEvent(trx, {
      id: newId(now),
      engagement_id: id,
      kind: 'revision_requested',
      actor_id: e.owner_id,
      note: input.note,
      links: '[]',
      created_at: iso(now),
    });
    const o = (await overflowRepo.findOverflowById(trx, e.overflow_id))!;
    await notify(ctx, trx, now, {
      memberId: e.helper_id,
      type: 'revision_requested',
      actorId: e.owner_id,
      subject: { type: 'engagement', id },
      data: { title: o.title, engagementId: id },
      quote: input.note,
    });
  });
  return getEngagement(ctx, actor, id);
}

export interface Review {
  rating: number | null;
  endorsement: string;
  skills: string[];
  /** Whether the verified record's details (title, summary, link) may show to others; default by visibility. */
  detailsPublic?: boolean | undefined;
}

/** What a verified record shows publicly unless the owner says otherwise: public overflow's details, yes. */
export const detailsPublicByDefault = (visibility: 'public' | 'members' | 'ask'): boolean =>
  visibility === 'public';

/**
 * What the verified work record of this engagement will hold, and show to others: the owner's preview at
 * completion and the record itself are built by this one function. A private delivery note is replaced by the
 * owner's endorsement (and its links stay private too).
 */
export function recordContent(
  o: { title: string; visibility: 'public' | 'members' | 'ask' },
  lastDelivery: { note: string; links: string; note_private: number } | undefined,
  endorsement: string,
  detailsPublic: boolean | undefined,
) {
  const notePrivate = lastDelivery?.note_private === 1;
  const links = lastDelivery ? (JSON.parse(lastDelivery.links) as string[]) : [];
  return {
    title: o.title,
    summary: notePrivate ? endorsement : (lastDelivery?.note ?? ''),
    url: notePrivate ? null : (links[0] ?? null),
    notePrivate,
    detailsPublic: detailsPublic ?? detailsPublicByDefault(o.visibility),
  };
}

/**
 * Completion, all in the caller's transaction: the claim (delivered → completed), the overflow, a verified
 * work record for the helper carrying the endorsement and skills, the tie (formed or strengthened), the
 * ledger entry (help weighted by effort hours), and notifications to both. A crash before commit leaves
 * nothing half done; a second attempt finds the claim taken and changes nothing.
 */
async function completeInTransaction(
  ctx: AppContext,
  trx: Db,
  e: EngagementRow,
  review: Review,
  now: Date,
  auto: boolean,
  reviewDays: number,
): Promise<boolean> {
  const workRecordId = newId(now);
  const claimed = await repo.transitionEngagement(trx, e.id, 'delivered', {
    status: 'completed',
    completed_at: iso(now),
    auto_completed: auto ? 1 : 0,
    rating: review.rating,
    endorsement: review.endorsement,
    demonstrated_skills: JSON.stringify(review.skills),
    work_record_id: workRecordId,
    updated_at: iso(now),
  });
  if (!claimed) return false;
  await claimOverflow(trx, e.overflow_id, 'delivered', 'completed', now);
  const o = (await overflowRepo.findOverflowById(trx, e.overflow_id))!;
  const helper = (await membersRepo.findMemberById(trx, e.helper_id))!;
  const lastDelivery = (await repo.listEvents(trx, e.id)).filter((ev) => ev.kind === 'delivered').pop();
  const content = recordContent(o, lastDelivery, review.endorsement, review.detailsPublic);

  await workRepo.insertWorkRecord(trx, {
    id: workRecordId,
    member_id: e.helper_id,
    title: content.title,
    summary: content.summary,
    url: content.url,
    details_public: content.detailsPublic ? 1 : 0,
    kind: 'delivery',
    occurred_on: localDate(now, helper.time_zone),
    verified: 1,
    engagement_id: e.id,
    endorsement: review.endorsement,
    created_at: iso(now),
    updated_at: iso(now),
  });
  await workRepo.replaceWorkRecordSkills(trx, workRecordId, review.skills);

  const tie = await ledgerRepo.formOrStrengthenTie(trx, {
    x: e.owner_id,
    y: e.helper_id,
    via: 'engagement',
    label: `worked together on “${o.title}”`,
    sourceId: e.id,
    id: newId(now),
    now: iso(now),
  });
  await ledgerRepo.addLedgerEntry(trx, {
    id: newId(now),
    giver_id: e.helper_id,
    receiver_id: e.owner_id,
    kind: 'help',
    weight: o.effort_hours,
    source_type: 'engagement',
    source_id: e.id,
    created_at: iso(now),
  });
  // What the owner gave (ADR 0008): the work itself, a review within the review window, an endorsement.
  const reviewedInTime =
    !auto && !!e.delivered_at && now.getTime() - new Date(e.delivered_at).getTime() <= reviewDays * DAY;
  const endorsed = !auto && review.endorsement !== '';
  for (const credit of ownerCredit(o.effort_hours, { reviewed: reviewedInTime, endorsed })) {
    await ledgerRepo.addLedgerEntry(trx, {
      id: newId(now),
      giver_id: e.owner_id,
      receiver_id: e.helper_id,
      kind: credit.kind,
      weight: credit.weight,
      source_type: 'engagement',
      source_id: e.id,
      created_at: iso(now),
    });
  }
  await repo.countEngagementEnd(trx, e.helper_id, 'completed');
  await repo.countOwnerCompletion(trx, e.owner_id, { rating: review.rating, endorsed });
  await repo.addEvent(trx, {
    id: newId(now),
    engagement_id: e.id,
    kind: auto ? 'auto_completed' : 'completed',
    actor_id: auto ? null : e.owner_id,
    note: review.endorsement,
    links: '[]',
    created_at: iso(now),
  });
  const type = auto ? 'engagement_auto_completed' : 'engagement_completed';
  const data = { title: o.title, engagementId: e.id, detailsPublic: content.detailsPublic };
  await notify(
    ctx,
    trx,
    now,
    {
      memberId: e.helper_id,
      type,
      actorId: auto ? null : e.owner_id,
      subject: { type: 'engagement', id: e.id },
      data: { ...data, recipient: 'helper' },
      quote: auto ? null : review.endorsement,
    },
    {
      memberId: e.owner_id,
      type,
      actorId: auto ? null : e.owner_id,
      subject: { type: 'engagement', id: e.id },
      data: { ...data, recipient: 'owner' },
    },
  );
  if (tie === 'formed') {
    const label = `worked together on “${o.title}”`;
    await notify(
      ctx,
      trx,
      now,
      {
        memberId: e.helper_id,
        type: 'tie_formed',
        actorId: e.owner_id,
        subject: { type: 'engagement', id: e.id },
        data: { label },
      },
      {
        memberId: e.owner_id,
        type: 'tie_formed',
        actorId: e.helper_id,
        subject: { type: 'engagement', id: e.id },
        data: { label },
      },
    );
  }
  return true;
}

export async function completeEngagement(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: { rating: number; endorsement: string; skills: string[]; detailsPublic?: boolean | undefined },
): Promise<EngagementView> {
  const now = ctx.clock.now();
  const reviewDays = (await adminRepo.getInstanceSettings(ctx.db)).auto_complete_days;
  await ctx.db.transaction().execute(async (trx) => {
    const e = requireOwner(actor, await repo.findEngagement(trx, id));
    assertEngagement(e, 'complete');
    const overflowSkills =
      (await overflowRepo.listOverflowSkills(trx, [e.overflow_id])).get(e.overflow_id) ?? [];
    // Skills are compared as normalised tags, like everywhere else ("TypeScript" is the overflow's "typescript").
    const demonstrated = normaliseSkills(input.skills);
    const unknown = demonstrated.filter((s) => !overflowSkills.includes(s));
    if (unknown.length) {
      throw badRequest(
        'SKILL_NOT_IN_OVERFLOW',
        `Demonstrated skills must be among the overflow's skills: ${overflowSkills.join(', ')}.`,
        {
          unknown,
        },
      );
    }
    const skills = overflowSkills.filter((s) => demonstrated.includes(s));
    if (
      !(await completeInTransaction(
        ctx,
        trx,
        e,
        {
          rating: input.rating,
          endorsement: input.endorsement.trim(),
          skills,
          detailsPublic: input.detailsPublic,
        },
        now,
        false,
        reviewDays,
      ))
    ) {
      throw changedMeanwhile();
    }
  });
  return getEngagement(ctx, actor, id);
}

/**
 * Anti-ghosting: a delivery the owner neither completed nor sent back within the instance's review
 * window completes by itself, with no rating and a neutral endorsement. Each engagement is claimed by a
 * conditional UPDATE, so running twice, or in two processes at once, completes each engagement once.
 */
export async function autoCompleteOverdue(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const settings = await adminRepo.getInstanceSettings(ctx.db);
  const cutoff = iso(addMs(now, -settings.auto_complete_days * DAY));
  const due = await repo.listOverdueDelivered(ctx.db, cutoff, 200);
  let completed = 0;
  for (const { id } of due) {
    let done = false;
    try {
      done = await ctx.db.transaction().execute(async (trx) => {
        const e = await repo.findEngagement(trx, id);
        if (!e || e.status !== 'delivered' || !e.delivered_at || e.delivered_at > cutoff) return false;
        const skills = (await overflowRepo.listOverflowSkills(trx, [e.overflow_id])).get(e.overflow_id) ?? [];
        return completeInTransaction(
          ctx,
          trx,
          e,
          { rating: null, endorsement: NEUTRAL_ENDORSEMENT, skills },
          now,
          true,
          settings.auto_complete_days,
        );
      });
    } catch (error) {
      // A claim that fails is a conflict, never a silent no-op: this one is skipped (and said), the rest go on.
      if (!(error instanceof AppError && error.status === 409)) throw error;
      ctx.log.warn({ engagementId: id, code: error.code }, 'auto-complete skipped an engagement');
    }
    if (done) completed++;
  }
  return completed;
}

export async function abandonEngagement(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: { reason: string },
): Promise<EngagementView> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const e = requireParty(actor, await repo.findEngagement(trx, id));
    assertEngagement(e, 'abandon');
    const by = actor!.memberId;
    if (e.status === 'delivered' && by === e.owner_id) {
      // Anti-ghosting: delivered work is reviewed (completed or sent back), never dropped by the owner.
      throw conflict(
        'DELIVERY_AWAITS_REVIEW',
        'The work has been delivered: complete the engagement or ask for a revision. If it has to stop, ask for a revision and explain why.',
      );
    }
    if (!(await abandonIn(ctx, trx, now, e, by, input.reason))) throw changedMeanwhile();
  });
  return getEngagement(ctx, actor, id);
}

/**
 * Abandons an active or delivered engagement on behalf of `by` (a party), in the caller's transaction: the
 * helper's record counts it, the overflow reopens, the timeline says so and the other party is notified.
 * False when the engagement changed meanwhile. Shared by abandonment and a party's account deletion.
 */
export async function abandonIn(
  ctx: AppContext,
  trx: Db,
  now: Date,
  e: EngagementRow,
  by: string,
  reason: string,
): Promise<boolean> {
  const id = e.id;
  if (
    !(await repo.transitionEngagement(trx, id, ['active', 'delivered'], {
      status: 'abandoned',
      abandoned_at: iso(now),
      abandoned_by: by,
      abandon_reason: reason,
      updated_at: iso(now),
    }))
  ) {
    return false;
  }
  await repo.countEngagementEnd(
    trx,
    e.helper_id,
    by === e.helper_id ? 'abandoned_by_helper' : 'abandoned_by_owner',
  );
  // The overflow reopens for new offers; nothing is credited.
  await claimOverflow(trx, e.overflow_id, ['assigned', 'delivered'], 'open', now);
  await repo.addEvent(trx, {
    id: newId(now),
    engagement_id: id,
    kind: 'abandoned',
    actor_id: by,
    note: reason,
    links: '[]',
    created_at: iso(now),
  });
  const o = (await overflowRepo.findOverflowById(trx, e.overflow_id))!;
  await notify(ctx, trx, now, {
    memberId: by === e.owner_id ? e.helper_id : e.owner_id,
    type: 'engagement_abandoned',
    actorId: by,
    subject: { type: 'engagement', id },
    data: { title: o.title, engagementId: id, reason },
  });
  return true;
}
