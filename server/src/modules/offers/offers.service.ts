import type { Actor, AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { OfferRow, OfferStatus } from '../../db/schema.js';
import { iso, localDate } from '../../shared/clock.js';
import { badRequest, conflict, forbidden, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import { requireMember } from '../auth/auth.policy.js';
import * as engagementsRepo from '../engagements/engagements.repository.js';
import * as membersRepo from '../members/members.repository.js';
import { presentWorkRecords } from '../members/members.service.js';
import * as profileRepo from '../members/profile.repository.js';
import { amendNotification, notify } from '../notifications/notifications.service.js';
import {
  requireOverflowOwner,
  requireVerifiedMember,
  requireVisibleOverflow,
} from '../overflow/overflow.policy.js';
import * as overflowRepo from '../overflow/overflow.repository.js';
import {
  assertOverflowTransition,
  closePendingOffers,
  overflowViewsFor,
  type MemberSummary,
  type OverflowView,
} from '../overflow/overflow.service.js';
import { nextOffer, type OfferEvent } from '../overflow/overflow.state.js';
import * as repo from './offers.repository.js';

/** Pending offers a member may have at once: the product's "don't overextend yourself". */
export const MAX_PENDING_OFFERS = 5;
/** An offer shows its helper's newest few verified records. */
const RECENT_VERIFIED_WORK = 3;

export interface EvidenceView {
  id: string;
  title: string;
  kind: string;
  url: string | null;
  verified: boolean;
  date: string;
}

export interface OfferView {
  id: string;
  overflowId: string;
  helper: MemberSummary & {
    verifiedWorkCount: number;
    completedEngagements: number;
    recentVerifiedWork: EvidenceView[];
  };
  pitch: string;
  evidence: EvidenceView[];
  proposedOn: string;
  status: OfferStatus;
  declineNote: string | null;
  engagementId: string | null;
  createdAt: string;
  /** Pending offers only: the helper's engagements fill their capacity, so accepting would be refused. */
  helperAtCapacity: boolean;
  /** A moderator hid it: others read that it was removed; its helper still reads it. */
  removed: boolean;
}

const evidenceView = (w: {
  id: string;
  title: string;
  kind: string;
  url: string | null;
  verified: number;
  occurred_on: string;
}): EvidenceView => ({
  id: w.id,
  title: w.title,
  kind: w.kind,
  url: w.url,
  verified: w.verified === 1,
  date: w.occurred_on,
});

async function offerViews(ctx: AppContext, offers: OfferRow[], viewer: Actor): Promise<OfferView[]> {
  if (offers.length === 0) return [];
  const db = ctx.db;
  const helperIds = [...new Set(offers.map((o) => o.helper_id))];
  const offerIds = offers.map((o) => o.id);
  // The helper's record: counts from indexes alone and their newest few verified records, never their
  // whole history of work rows.
  const [helperById, evidenceIds, completed, engagementByOffer, verifiedCount, recentRows] =
    await Promise.all([
      profileRepo.listMemberSummaries(db, helperIds),
      repo.listEvidence(db, offerIds),
      engagementsRepo.countCompletedAsHelper(db, helperIds),
      engagementsRepo.engagementIdsByOffer(db, offerIds),
      profileRepo.countVerifiedWork(db, helperIds),
      profileRepo.listRecentVerifiedWork(db, helperIds, RECENT_VERIFIED_WORK),
    ]);
  // Capacity, for pending offers only: the owner sees "at capacity" before clicking Accept.
  const pendingHelpers = [...new Set(offers.filter((o) => o.status === 'pending').map((o) => o.helper_id))];
  const [slotsTaken, capacities] = await Promise.all([
    engagementsRepo.countSlotsTakenByHelpers(db, pendingHelpers),
    membersRepo.listCapacities(db, pendingHelpers),
  ]);
  const allEvidence = [...new Set([...evidenceIds.values()].flat())];
  const evidenceRows = await profileRepo.listWorkRecordsById(db, allEvidence);
  // Another member's work as the viewer may see it: a private record's details stay private here too.
  const shown = new Map(
    (await presentWorkRecords(ctx, [...evidenceRows, ...recentRows], viewer)).map((w) => [w.id, w]),
  );
  const asShown = (w: (typeof evidenceRows)[number]) => {
    const v = shown.get(w.id);
    return evidenceView({ ...w, title: v?.title ?? w.title, url: v ? v.url : w.url });
  };
  const evidenceById = new Map(evidenceRows.map((w) => [w.id, asShown(w)]));
  return offers.map((o) => {
    const recent = recentRows.filter((w) => w.member_id === o.helper_id);
    return {
      id: o.id,
      overflowId: o.overflow_id,
      helper: {
        ...(helperById.get(o.helper_id) ?? {
          id: o.helper_id,
          handle: '',
          name: profileRepo.FORMER_MEMBER_NAME,
          headline: '',
          former: true,
        }),
        verifiedWorkCount: verifiedCount.get(o.helper_id) ?? 0,
        completedEngagements: completed.get(o.helper_id) ?? 0,
        recentVerifiedWork: recent.slice(0, RECENT_VERIFIED_WORK).map(asShown),
      },
      pitch: o.hidden_at && o.helper_id !== viewer.memberId ? '_Removed by a moderator._' : o.pitch,
      removed: o.hidden_at !== null,
      evidence: (evidenceIds.get(o.id) ?? []).flatMap((id) => evidenceById.get(id) ?? []),
      proposedOn: o.proposed_on,
      status: o.status,
      declineNote: o.decline_note,
      engagementId: engagementByOffer.get(o.id) ?? null,
      createdAt: o.created_at,
      helperAtCapacity:
        o.status === 'pending' &&
        (slotsTaken.get(o.helper_id) ?? 0) >= (capacities.get(o.helper_id) ?? Number.MAX_SAFE_INTEGER),
    };
  });
}

function assertOffer(o: OfferRow, event: OfferEvent): void {
  if (!nextOffer(o.status, event)) {
    const verb = { accept: 'accepted', decline: 'declined', withdraw: 'withdrawn' }[event];
    throw conflict('OFFER_STATE_CONFLICT', `This offer is ${o.status}, so it cannot be ${verb} now.`, {
      status: o.status,
      event,
    });
  }
}

const engagementsTaking = (n: number) =>
  `${n} engagement${n === 1 ? '' : 's'} (active, or delivered and awaiting review)`;

const capacityMessage = (active: number) =>
  `You are already in ${engagementsTaking(active)}, your capacity. A delivery keeps its slot until the owner completes it, since they may ask for a revision. Finish one before offering more: doing a few things well beats spreading yourself thin. You can raise your capacity in your profile settings.`;

const pendingBudgetMessage = (pending: number) =>
  `You have ${pending} pending offers, the most you can have at once. Wait for answers or withdraw one before offering again — focus beats spreading yourself thin.`;

export async function createOffer(
  ctx: AppContext,
  actor: Actor | null,
  overflowId: string,
  input: { pitch: string; evidence: string[]; proposedOn: string },
): Promise<OfferView> {
  const a = requireMember(actor);
  const now = ctx.clock.now();
  const id = newId(now);
  await ctx.db.transaction().execute(async (trx) => {
    const helper = requireVerifiedMember(await membersRepo.findMemberById(trx, a.memberId));
    const found = requireVisibleOverflow(a, await overflowRepo.findOverflowById(trx, overflowId));
    if (found.owner_id === a.memberId)
      throw forbidden('You cannot offer on your own overflow.', 'OWN_OVERFLOW');
    // Claim the open overflow, then decide on it as it is now: an edit that narrowed it to a direct ask
    // meanwhile hides it from everyone but the member asked.
    const o = found.status === 'open' ? await overflowRepo.lockOpenOverflow(trx, found.id) : undefined;
    if (!o) {
      const status = found.status === 'open' ? 'no longer open' : found.status;
      throw conflict('OVERFLOW_NOT_OPEN', `This overflow is ${status}; it is not taking offers.`);
    }
    requireVisibleOverflow(a, o);
    if (input.proposedOn < localDate(now, helper.time_zone)) {
      throw badRequest('PROPOSED_DATE_IN_PAST', 'Propose a delivery date of today or later.');
    }
    const evidence = [...new Set(input.evidence)];
    if (evidence.length) {
      const owned = new Set(await profileRepo.ownWorkRecordIds(trx, a.memberId, evidence));
      if (owned.size !== evidence.length) {
        throw badRequest('EVIDENCE_NOT_YOURS', 'Evidence must be your own work records.', {
          unknown: evidence.filter((e) => !owned.has(e)),
        });
      }
    }
    // Serialise this member's capacity decisions (see lockMember).
    await repo.lockMember(trx, a.memberId);
    const active = await engagementsRepo.countSlotsTakenAsHelper(trx, a.memberId);
    if (active >= helper.capacity) {
      throw conflict('CAPACITY_REACHED', capacityMessage(active), {
        active,
        capacity: helper.capacity,
      });
    }
    const pending = await repo.countPendingByHelper(trx, a.memberId);
    if (pending >= MAX_PENDING_OFFERS) {
      throw conflict('CAPACITY_REACHED', pendingBudgetMessage(pending), {
        pendingOffers: pending,
        max: MAX_PENDING_OFFERS,
      });
    }
    const inserted = await repo.insertOffer(
      trx,
      {
        id,
        overflow_id: overflowId,
        helper_id: a.memberId,
        pitch: input.pitch.trim(),
        proposed_on: input.proposedOn,
        status: 'pending',
        decline_note: null,
        created_at: iso(now),
        updated_at: iso(now),
      },
      evidence,
    );
    if (!inserted)
      throw conflict('OFFER_ALREADY_PENDING', 'You already have a pending offer on this overflow.');
    await notify(ctx, trx, now, {
      memberId: o.owner_id,
      type: 'offer_received',
      actorId: a.memberId,
      subject: { type: 'offer', id },
      data: { title: o.title, overflowId },
      quote: input.pitch,
    });
  });
  const [view] = await offerViews(ctx, [(await repo.findOffer(ctx.db, id))!], a);
  return view!;
}

/** The owner sees every offer; a helper sees only their own; others see nothing (403). */
export async function listOffersForOverflow(
  ctx: AppContext,
  actor: Actor | null,
  overflowId: string,
): Promise<OfferView[]> {
  const a = requireMember(actor);
  const o = requireVisibleOverflow(a, await overflowRepo.findOverflowById(ctx.db, overflowId));
  const own = o.owner_id === a.memberId;
  const views = await offerViews(
    ctx,
    await repo.listOffersForOverflow(ctx.db, overflowId, own ? undefined : a.memberId),
    a,
  );
  // A withdrawn offer is taken back: the owner sees that it was made and withdrawn, not what it said.
  return own ? views.map((v) => (v.status === 'withdrawn' ? withdrawnStub(v) : v)) : views;
}

const withdrawnStub = (v: OfferView): OfferView => ({ ...v, pitch: '', evidence: [] });

export interface CapacityView {
  capacity: number;
  slotsTaken: number;
  pendingOffers: number;
  maxPendingOffers: number;
  canOffer: boolean;
  /** Why a new offer would be refused now (the rule createOffer applies), or null. */
  blockedReason: string | null;
}

/** Where the member stands against the two offer rules (capacity, pending-offer budget), before writing one. */
export async function getMyCapacity(ctx: AppContext, actor: Actor | null): Promise<CapacityView> {
  const a = requireMember(actor);
  const member = await membersRepo.findMemberById(ctx.db, a.memberId);
  if (!member) throw notFound('Member', 'MEMBER_NOT_FOUND');
  const [slotsTaken, pendingOffers] = await Promise.all([
    engagementsRepo.countSlotsTakenAsHelper(ctx.db, a.memberId),
    repo.countPendingByHelper(ctx.db, a.memberId),
  ]);
  const blockedReason =
    slotsTaken >= member.capacity
      ? capacityMessage(slotsTaken)
      : pendingOffers >= MAX_PENDING_OFFERS
        ? pendingBudgetMessage(pendingOffers)
        : null;
  return {
    capacity: member.capacity,
    slotsTaken,
    pendingOffers,
    maxPendingOffers: MAX_PENDING_OFFERS,
    canOffer: blockedReason === null,
    blockedReason,
  };
}

export async function listMyOffers(
  ctx: AppContext,
  actor: Actor | null,
  q: { status?: OfferStatus | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: (OfferView & { overflow: OverflowView })[]; nextCursor: string | null }> {
  const a = requireMember(actor);
  const rows = await repo.listOffersByHelper(
    ctx.db,
    a.memberId,
    q.status ? [q.status] : undefined,
    q.limit,
    decodeCursor(q.cursor),
  );
  const page = toPage(rows, q.limit, (r) => ({ key: r.created_at, id: r.id }));
  const views = await offerViews(ctx, page.items, a);
  const overflow = await overflowViewsFor(
    ctx.db,
    a,
    await overflowRepo.findOverflowsByIds(ctx.db, [...new Set(page.items.map((o) => o.overflow_id))]),
  );
  const byId = new Map(overflow.map((o) => [o.id, o]));
  return {
    items: views.flatMap((v) => {
      const o = byId.get(v.overflowId);
      return o ? [{ ...v, overflow: o }] : [];
    }),
    nextCursor: page.nextCursor,
  };
}

async function loadOffer(ctx: AppContext, id: string, db = ctx.db) {
  const offer = await repo.findOffer(db, id);
  if (!offer) throw notFound('Offer', 'OFFER_NOT_FOUND');
  return offer;
}

/**
 * Withdraws a pending offer in the caller's transaction; false when it changed meanwhile. The owner's
 * "offered to help" then says the offer was withdrawn (it was sent with the offer). Shared by the helper's
 * withdrawal and their account deletion.
 */
export async function withdrawIn(db: Db, offer: OfferRow, now: Date): Promise<boolean> {
  if (!(await repo.transitionOffer(db, offer.id, 'withdrawn', iso(now)))) return false;
  const o = await overflowRepo.findOverflowById(db, offer.overflow_id);
  if (o) {
    await amendNotification(
      db,
      {
        memberId: o.owner_id,
        type: 'offer_received',
        createdAt: offer.created_at,
        subject: { type: 'offer', id: offer.id },
      },
      { withdrawn: true },
    );
  }
  return true;
}

export async function withdrawOffer(ctx: AppContext, actor: Actor | null, id: string): Promise<OfferView> {
  const a = requireMember(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const offer = await loadOffer(ctx, id, trx);
    if (offer.helper_id !== a.memberId) throw notFound('Offer', 'OFFER_NOT_FOUND');
    assertOffer(offer, 'withdraw');
    if (!(await withdrawIn(trx, offer, now))) {
      throw conflict('OFFER_STATE_CONFLICT', 'This offer changed meanwhile. Reload to see where it stands.');
    }
  });
  const [view] = await offerViews(ctx, [await loadOffer(ctx, id)], actor!);
  return view!;
}

export async function declineOffer(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: { note?: string | undefined },
): Promise<OfferView> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const offer = await loadOffer(ctx, id, trx);
    const o = requireOverflowOwner(actor, await overflowRepo.findOverflowById(trx, offer.overflow_id));
    assertOffer(offer, 'decline');
    if (!(await repo.transitionOffer(trx, id, 'declined', iso(now), input.note?.trim() || null))) {
      throw conflict('OFFER_STATE_CONFLICT', 'This offer changed meanwhile. Reload to see where it stands.');
    }
    await notify(ctx, trx, now, {
      memberId: offer.helper_id,
      type: 'offer_declined',
      actorId: o.owner_id,
      subject: { type: 'offer', id },
      data: { title: o.title, overflowId: o.id, reason: 'declined', note: input.note?.trim() || null },
    });
  });
  const [view] = await offerViews(ctx, [await loadOffer(ctx, id)], actor!);
  return view!;
}

/**
 * Accepting one offer, in one transaction: claim the overflow (open → assigned), check the helper still has
 * capacity (under their row lock), accept the offer, decline the others courteously, start the engagement.
 * A double-click or a second owner's click finds the overflow already claimed and gets a 409.
 */
export async function acceptOffer(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
): Promise<{ engagementId: string }> {
  const now = ctx.clock.now();
  const engagementId = newId(now);
  await ctx.db.transaction().execute(async (trx) => {
    const offer = await loadOffer(ctx, id, trx);
    const o = requireOverflowOwner(actor, await overflowRepo.findOverflowById(trx, offer.overflow_id));
    assertOffer(offer, 'accept');
    assertOverflowTransition(o, 'assign');
    if (!(await overflowRepo.transitionOverflow(trx, o.id, 'open', 'assigned', iso(now)))) {
      throw conflict(
        'OVERFLOW_STATE_CONFLICT',
        'Another offer was accepted meanwhile. Reload to see the engagement.',
      );
    }
    await repo.lockMember(trx, offer.helper_id);
    const helper = (await membersRepo.findMemberById(trx, offer.helper_id))!;
    if (helper.suspended_at) {
      // Their offer stays on record, but a suspended member cannot start an engagement (moderation).
      throw conflict(
        'HELPER_SUSPENDED',
        `@${helper.handle}'s account is suspended, so this offer cannot be accepted now. Accept another offer, or wait.`,
      );
    }
    const active = await engagementsRepo.countSlotsTakenAsHelper(trx, offer.helper_id);
    if (active >= helper.capacity) {
      throw conflict(
        'CAPACITY_REACHED',
        `@${helper.handle} is at their capacity (${engagementsTaking(active)}) and cannot start another right now: a delivery keeps its slot until you or its owner complete it. Accept another offer, or wait until they finish one.`,
        { active, capacity: helper.capacity },
      );
    }
    if (!(await repo.transitionOffer(trx, id, 'accepted', iso(now)))) {
      throw conflict('OFFER_STATE_CONFLICT', 'This offer changed meanwhile. Reload to see where it stands.');
    }
    await engagementsRepo.insertEngagement(trx, {
      id: engagementId,
      overflow_id: o.id,
      offer_id: id,
      owner_id: o.owner_id,
      helper_id: offer.helper_id,
      status: 'active',
      started_at: iso(now),
      auto_completed: 0,
      demonstrated_skills: '[]',
      effort_hours: o.effort_hours,
      updated_at: iso(now),
    });
    await engagementsRepo.countOwnerStart(trx, o.owner_id);
    await engagementsRepo.addEvent(trx, {
      id: newId(now),
      engagement_id: engagementId,
      kind: 'started',
      actor_id: o.owner_id,
      note: '',
      links: '[]',
      created_at: iso(now),
    });
    await notify(ctx, trx, now, {
      memberId: offer.helper_id,
      type: 'offer_accepted',
      actorId: o.owner_id,
      subject: { type: 'engagement', id: engagementId },
      data: { title: o.title, overflowId: o.id, engagementId },
    });
    await closePendingOffers(ctx, trx, now, o, 'other_accepted', { offerId: id });
  });
  return { engagementId };
}
