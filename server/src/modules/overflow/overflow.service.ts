import type { Actor, AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { OverflowRow, OverflowStatus, Visibility } from '../../db/schema.js';
import { iso, localDate } from '../../shared/clock.js';
import { badRequest, conflict, notFound, unauthorized } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, toPage, type Page } from '../../shared/pagination.js';
import { normaliseSkills } from '../../shared/skills.js';
import { overflowGrants } from '../../shared/visibility.js';
import { requireMember } from '../auth/auth.policy.js';
import * as ledgerRepo from '../ledger/ledger.repository.js';
import { ASK_WEIGHT } from '../../shared/ledger-weights.js';
import * as membersRepo from '../members/members.repository.js';
import * as profileRepo from '../members/profile.repository.js';
import { notify } from '../notifications/notifications.service.js';
import {
  canViewOverflow,
  requireOverflowOwner,
  requireVerifiedMember,
  requireVisibleOverflow,
} from './overflow.policy.js';
import * as repo from './overflow.repository.js';
import { nextOverflow, type OverflowEvent } from './overflow.state.js';

export interface MemberSummary {
  id: string;
  /** '' for a former member. */
  handle: string;
  name: string;
  headline: string;
  /** A deleted member: shown as "a former member", not linked (docs/account-deletion.md). */
  former: boolean;
}

export interface OverflowView {
  id: string;
  title: string;
  brief: string;
  skills: string[];
  effortHours: number;
  dueOn: string | null;
  visibility: Visibility;
  askMember: MemberSummary | null;
  status: OverflowStatus;
  owner: MemberSummary;
  createdAt: string;
  updatedAt: string;
  /** A stub for a viewer who may no longer see it (`overflowViewsFor`). */
  hidden: boolean;
  /** Hidden by a moderator (only its owner and admins see it). */
  removed: boolean;
}

export interface OverflowDetail extends OverflowView {
  viewer: {
    isOwner: boolean;
    /** Why the viewer cannot offer, or null when they can. */
    offerBlockedReason: string | null;
    myPendingOfferId: string | null;
    engagementId: string | null;
  };
  pendingOfferCount: number;
}

export async function overflowViews(db: Db, rows: OverflowRow[]): Promise<OverflowView[]> {
  const skills = await repo.listOverflowSkills(
    db,
    rows.map((r) => r.id),
  );
  const people = await profileRepo.listMemberSummaries(db, [
    ...rows.map((r) => r.owner_id),
    ...rows.flatMap((r) => (r.ask_member_id ? [r.ask_member_id] : [])),
  ]);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    brief: r.brief,
    skills: skills.get(r.id) ?? [],
    effortHours: r.effort_hours,
    dueOn: r.due_on,
    visibility: r.visibility,
    askMember: r.ask_member_id ? (people.get(r.ask_member_id) ?? null) : null,
    status: r.status,
    owner: people.get(r.owner_id) ?? {
      id: r.owner_id,
      handle: '',
      name: profileRepo.FORMER_MEMBER_NAME,
      headline: '',
      former: true,
    },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    hidden: false,
    removed: r.hidden_at !== null,
  }));
}

/** What a viewer who may no longer see an overflow is shown of it in their offers and engagements. */
export const HIDDEN_OVERFLOW_TITLE = 'A posting you can no longer see';

/**
 * Overflow embedded in someone's offers or engagements: in full where the viewer may see it (the one
 * visibility rule), otherwise a stub with the id, the state and the owner, but no title, brief or skills:
 * a declined offerer or a former helper does not read what the owner wrote after narrowing it to an ask.
 */
export async function overflowViewsFor(db: Db, viewer: Actor, rows: OverflowRow[]): Promise<OverflowView[]> {
  const views = await overflowViews(db, rows);
  return views.map((v, i) => (canViewOverflow(viewer, rows[i]!) ? v : hiddenOverflow(v)));
}

const hiddenOverflow = (v: OverflowView): OverflowView => ({
  ...v,
  title: HIDDEN_OVERFLOW_TITLE,
  brief: '',
  skills: [],
  effortHours: 0,
  dueOn: null,
  askMember: null,
  hidden: true,
});

/**
 * Declines the pending offers on an overflow and tells each helper, courteously and with the reason. The
 * one place this happens: an accepted offer (the others), a cancelled or expired overflow (all), an
 * overflow narrowed to a direct ask (all but the member asked).
 */
export async function closePendingOffers(
  ctx: AppContext,
  db: Db,
  now: Date,
  o: Pick<OverflowRow, 'id' | 'title' | 'owner_id'>,
  reason: 'other_accepted' | 'cancelled' | 'expired' | 'narrowed',
  keep: { offerId?: string; helperId?: string } = {},
): Promise<void> {
  const declined = await repo.declinePendingOffers(db, o.id, iso(now), keep);
  for (const offer of declined) {
    await notify(ctx, db, now, {
      memberId: offer.helper_id,
      type: 'offer_declined',
      actorId: o.owner_id,
      subject: { type: 'offer', id: offer.id },
      data: { title: o.title, overflowId: o.id, reason },
    });
  }
}

/** Refuses an illegal transition with a 409 that names the current state. */
export function assertOverflowTransition(o: OverflowRow, event: OverflowEvent): OverflowStatus {
  const next = nextOverflow(o.status, event);
  if (!next) {
    throw conflict(
      'OVERFLOW_STATE_CONFLICT',
      `This overflow is ${o.status}, so it cannot be ${pastTense[event]} now.`,
      {
        status: o.status,
        event,
      },
    );
  }
  return next;
}

const pastTense: Record<OverflowEvent, string> = {
  assign: 'assigned',
  deliver: 'delivered',
  requestRevision: 'sent back for revision',
  complete: 'completed',
  reopen: 'reopened',
  cancel: 'cancelled',
  expire: 'expired',
};

export interface OverflowInput {
  title: string;
  brief: string;
  skills: string[];
  effortHours: number;
  dueOn?: string | null | undefined;
  visibility: 'public' | 'members' | 'ask';
  askHandle?: string | undefined;
}

async function resolveVisibility(
  db: Db,
  ownerId: string,
  input: { visibility: 'public' | 'members' | 'ask'; askHandle?: string | undefined },
): Promise<{ visibility: Visibility; askMemberId: string | null }> {
  if (input.visibility !== 'ask') return { visibility: input.visibility, askMemberId: null };
  if (!input.askHandle) throw badRequest('ASK_HANDLE_REQUIRED', 'Say whom you are asking (their handle).');
  const asked = await membersRepo.findMemberByHandle(db, input.askHandle.toLowerCase());
  if (!asked) throw notFound(`Member @${input.askHandle}`, 'MEMBER_NOT_FOUND');
  if (asked.id === ownerId) throw badRequest('ASK_SELF', 'You cannot ask yourself.');
  if (!(await ledgerRepo.findTie(db, ownerId, asked.id))) {
    throw conflict(
      'ASK_REQUIRES_TIE',
      `You can ask @${asked.handle} directly only once you share a tie. To someone new, offer before you ask: help with their open overflow, or post this for everyone.`,
    );
  }
  return { visibility: 'ask', askMemberId: asked.id };
}

/**
 * A direct ask is recorded in the ledger (asking is taking; once per overflow) and the asked member hears
 * about it.
 */
async function recordAsk(
  ctx: AppContext,
  db: Db,
  now: Date,
  o: { id: string; title: string; ownerId: string },
  askMemberId: string,
) {
  await ledgerRepo.addLedgerEntry(db, {
    id: newId(now),
    giver_id: askMemberId,
    receiver_id: o.ownerId,
    kind: 'ask',
    weight: ASK_WEIGHT,
    source_type: 'overflow',
    source_id: o.id,
    created_at: iso(now),
  });
  await notify(ctx, db, now, {
    memberId: askMemberId,
    type: 'overflow_asked',
    actorId: o.ownerId,
    subject: { type: 'overflow', id: o.id },
    data: { title: o.title, overflowId: o.id },
  });
}

function checkDueDate(dueOn: string | null | undefined, now: Date, timeZone: string): void {
  if (dueOn && dueOn < localDate(now, timeZone)) {
    throw badRequest('DUE_DATE_IN_PAST', 'The due date must be today or later.', { dueOn });
  }
}

export async function createOverflow(
  ctx: AppContext,
  actor: Actor | null,
  input: OverflowInput,
): Promise<OverflowDetail> {
  const a = requireMember(actor);
  const now = ctx.clock.now();
  const id = newId(now);
  await ctx.db.transaction().execute(async (trx) => {
    const owner = requireVerifiedMember(await membersRepo.findMemberById(trx, a.memberId));
    checkDueDate(input.dueOn, now, owner.time_zone);
    const { visibility, askMemberId } = await resolveVisibility(trx, a.memberId, input);
    await repo.insertOverflow(
      trx,
      {
        id,
        owner_id: a.memberId,
        title: input.title.trim(),
        brief: input.brief,
        effort_hours: input.effortHours,
        due_on: input.dueOn ?? null,
        visibility,
        ask_member_id: askMemberId,
        status: 'open',
        created_at: iso(now),
        updated_at: iso(now),
      },
      normaliseSkills(input.skills),
    );
    if (askMemberId)
      await recordAsk(ctx, trx, now, { id, title: input.title.trim(), ownerId: a.memberId }, askMemberId);
  });
  return getOverflow(ctx, actor, id);
}

export async function updateOverflow(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: Partial<OverflowInput>,
): Promise<OverflowDetail> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const found = requireOverflowOwner(actor, await repo.findOverflowById(trx, id));
    // Claim it first (the lock createOffer takes): an edit never lands after a concurrent accept, and a
    // narrowing to a direct ask and a concurrent offer are serialised.
    const o = found.status === 'open' ? await repo.lockOpenOverflow(trx, id) : undefined;
    if (!o) {
      const status = found.status === 'open' ? 'no longer open' : found.status;
      throw conflict(
        'OVERFLOW_NOT_EDITABLE',
        `Overflow can be edited only while it is open; this one is ${status}.`,
      );
    }
    const owner = await membersRepo.findMemberById(trx, o.owner_id);
    if (input.dueOn !== undefined) checkDueDate(input.dueOn, now, owner?.time_zone ?? 'UTC');
    let visibilityPatch = {};
    if (input.visibility !== undefined) {
      const v = await resolveVisibility(trx, o.owner_id, {
        visibility: input.visibility,
        askHandle: input.askHandle,
      });
      visibilityPatch = { visibility: v.visibility, ask_member_id: v.askMemberId };
      if (v.askMemberId) {
        // Narrowed to a direct ask: other helpers can no longer see it, so their offers close, courteously.
        await closePendingOffers(ctx, trx, now, o, 'narrowed', { helperId: v.askMemberId });
      }
      if (v.askMemberId && v.askMemberId !== o.ask_member_id) {
        await recordAsk(
          ctx,
          trx,
          now,
          { id, title: input.title?.trim() ?? o.title, ownerId: o.owner_id },
          v.askMemberId,
        );
      }
    }
    await repo.updateOverflowFields(trx, id, {
      ...(input.title !== undefined && { title: input.title.trim() }),
      ...(input.brief !== undefined && { brief: input.brief }),
      ...(input.effortHours !== undefined && { effort_hours: input.effortHours }),
      ...(input.dueOn !== undefined && { due_on: input.dueOn }),
      ...visibilityPatch,
      updated_at: iso(now),
    });
    if (input.skills !== undefined) {
      await repo.replaceOverflowSkills(trx, id, normaliseSkills(input.skills), {
        status: o.status,
        created_at: o.created_at,
        due_key: input.dueOn !== undefined ? repo.dueKeyOf(input.dueOn) : o.due_key,
      });
    }
  });
  return getOverflow(ctx, actor, id);
}

/** Closes an open overflow (cancel or expiry) and declines every pending offer on it, courteously. */
export async function closeOpenOverflow(
  ctx: AppContext,
  db: Db,
  o: OverflowRow,
  to: 'cancelled' | 'expired',
  now: Date,
): Promise<boolean> {
  if (!(await repo.transitionOverflow(db, o.id, 'open', to, iso(now)))) return false;
  await closePendingOffers(ctx, db, now, o, to);
  return true;
}

export async function cancelOverflow(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
): Promise<OverflowDetail> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const o = requireOverflowOwner(actor, await repo.findOverflowById(trx, id));
    assertOverflowTransition(o, 'cancel');
    if (!(await closeOpenOverflow(ctx, trx, o, 'cancelled', now))) {
      throw conflict(
        'OVERFLOW_STATE_CONFLICT',
        'This overflow changed meanwhile and can no longer be cancelled.',
      );
    }
  });
  return getOverflow(ctx, actor, id);
}

/** Expires open overflow whose due date has passed with nobody assigned. Safe to run twice or in parallel. */
export async function expireOverdueOverflow(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  // Due dates are calendar dates; an overflow due today is still open all day everywhere.
  const yesterdayEverywhere = localDate(new Date(now.getTime() - 14 * 3600_000), 'UTC');
  const due = await repo.listExpiredOpen(ctx.db, yesterdayEverywhere, 200);
  let expired = 0;
  for (const { id } of due) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      const o = await repo.findOverflowById(trx, id);
      return o && o.status === 'open' ? closeOpenOverflow(ctx, trx, o, 'expired', now) : false;
    });
    if (done) expired++;
  }
  return expired;
}

export async function getOverflow(ctx: AppContext, actor: Actor | null, id: string): Promise<OverflowDetail> {
  const o = requireVisibleOverflow(actor, await repo.findOverflowById(ctx.db, id));
  const [view] = await overflowViews(ctx.db, [o]);
  const isOwner = actor?.memberId === o.owner_id;
  let offerBlockedReason: string | null = null;
  let myPendingOfferId: string | null = null;
  let engagementId: string | null = null;
  if (!actor) offerBlockedReason = 'Sign in to offer your help.';
  else if (isOwner) offerBlockedReason = 'This is your own overflow.';
  else if (o.status !== 'open') offerBlockedReason = `This overflow is ${o.status}; it is not taking offers.`;
  if (actor) {
    const mine = await repo.findPendingOffer(ctx.db, o.id, actor.memberId);
    if (mine) {
      myPendingOfferId = mine.id;
      offerBlockedReason ??= 'You already have a pending offer here.';
    }
    const live = await repo.findLatestEngagement(ctx.db, o.id);
    if (live && (live.owner_id === actor.memberId || live.helper_id === actor.memberId))
      engagementId = live.id;
  }
  return {
    ...view!,
    viewer: { isOwner, offerBlockedReason, myPendingOfferId, engagementId },
    pendingOfferCount: await repo.countPendingOffers(ctx.db, o.id),
  };
}

export interface BoardQuery {
  skills?: string[] | undefined;
  minEffort?: number | undefined;
  maxEffort?: number | undefined;
  dueBefore?: string | undefined;
  sort: 'newest' | 'due';
  owner?: string | undefined;
  status?: 'open' | 'all' | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function listOverflow(
  ctx: AppContext,
  actor: Actor | null,
  q: BoardQuery,
): Promise<Page<OverflowView>> {
  if (q.minEffort !== undefined && q.maxEffort !== undefined && q.minEffort > q.maxEffort) {
    throw badRequest('INVALID_RANGE', 'The minimum effort is larger than the maximum.');
  }
  let ownerId: string | undefined;
  if (q.owner) {
    const owner =
      q.owner === 'me'
        ? actor
          ? { id: actor.memberId }
          : undefined
        : await membersRepo.findMemberByHandle(ctx.db, q.owner);
    if (!owner)
      throw q.owner === 'me'
        ? unauthorized('Sign in to see your own overflow.')
        : notFound(`Member @${q.owner}`, 'MEMBER_NOT_FOUND');
    ownerId = owner.id;
  }
  // Hidden overflow stays in its owner's own list (their history), and leaves everyone else's.
  const withHidden = ownerId !== undefined && ownerId === actor?.memberId;
  const statuses: OverflowStatus[] | undefined =
    q.status === 'all' ? ['open', 'assigned', 'delivered', 'completed', 'cancelled', 'expired'] : undefined;
  const filter: repo.BoardFilter = {
    grants: overflowGrants(actor),
    skills: q.skills ? normaliseSkills(q.skills) : undefined,
    minEffort: q.minEffort,
    maxEffort: q.maxEffort,
    dueBefore: q.dueBefore,
    ownerId,
    statuses,
    withHidden,
  };

  const rows = await repo.listBoardPage(ctx.db, filter, q.sort, q.limit, decodeCursor(q.cursor));
  const page = toPage(rows, q.limit, (r) =>
    q.sort === 'newest' ? { key: r.created_at, id: r.id } : { key: r.due_key, id: r.id },
  );
  return { items: await overflowViews(ctx.db, page.items), nextCursor: page.nextCursor };
}
