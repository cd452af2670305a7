import type { Actor, AppContext } from '../../context.js';
import { addMs, DAY, iso, localDate } from '../../shared/clock.js';
import * as adminRepo from '../admin/admin.repository.js';
import { requireMember } from '../auth/auth.policy.js';
import * as membersRepo from '../members/members.repository.js';
import * as profileRepo from '../members/profile.repository.js';
import { canViewOverflow } from '../overflow/overflow.policy.js';
import * as overflowRepo from '../overflow/overflow.repository.js';
import { HIDDEN_OVERFLOW_TITLE, type MemberSummary } from '../overflow/overflow.service.js';
import * as repo from './home.repository.js';

/** How many items each list of "needs you" shows; the page links to the full lists. */
export const NEEDS_YOU_ITEMS = 5;
/** Counts stop here: "100" reads as "100 or more". */
export const NEEDS_YOU_COUNT_CAP = 100;
/** How many of the owner's open overflow are looked at for pending offers (newest first). */
export const OPEN_OVERFLOW_WALK = 50;
/** An active engagement is "due" from this many days before its date (and while it is overdue). */
export const DUE_WITHIN_DAYS = 3;
/** Active engagements read for the due list: capacity bounds them far below this. */
const ACTIVE_WALK = 50;

/** The notification a new engagement message creates or refreshes (one per recipient and engagement). */
export const ENGAGEMENT_MESSAGE = 'engagement_message';

export interface NeedsYouView {
  offersToDecide: {
    items: { overflowId: string; title: string; pendingOffers: number; newestOfferAt: string }[];
    total: number;
    overflowCount: number;
  };
  deliveriesToReview: {
    items: {
      engagementId: string;
      title: string;
      helper: MemberSummary;
      deliveredAt: string;
      autoCompleteAt: string;
    }[];
    total: number;
  };
  engagementsDue: {
    items: { engagementId: string; title: string; owner: MemberSummary; dueOn: string; overdue: boolean }[];
    total: number;
  };
  unreadMessages: {
    items: { engagementId: string; title: string; unread: number; at: string }[];
    total: number;
  };
}

const unknownMember = (id: string): MemberSummary => ({
  id,
  handle: '',
  name: 'A former member',
  headline: '',
  former: true,
});

/** The calendar date `days` after a YYYY-MM-DD date. */
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** What needs the member now, for the top of their home page. Only their own things: nothing here is shared. */
export async function getNeedsYou(ctx: AppContext, actor: Actor | null): Promise<NeedsYouView> {
  const me = requireMember(actor);
  const now = ctx.clock.now();
  const [offersToDecide, deliveriesToReview, engagementsDue, unreadMessages] = await Promise.all([
    offersToDecideFor(ctx, me),
    deliveriesToReviewFor(ctx, me),
    engagementsDueFor(ctx, me, now),
    unreadMessagesFor(ctx, me),
  ]);
  return { offersToDecide, deliveriesToReview, engagementsDue, unreadMessages };
}

async function offersToDecideFor(ctx: AppContext, me: Actor): Promise<NeedsYouView['offersToDecide']> {
  const open = await repo.listOpenOverflowOfOwner(ctx.db, me.memberId, OPEN_OVERFLOW_WALK);
  const pending = await repo.pendingOffersByOverflow(
    ctx.db,
    open.map((o) => o.id),
  );
  const withOffers = open
    .flatMap((o) => {
      const p = pending.get(o.id);
      return p
        ? [{ overflowId: o.id, title: o.title, pendingOffers: p.count, newestOfferAt: p.newestAt }]
        : [];
    })
    .sort((a, b) => (a.newestOfferAt < b.newestOfferAt ? 1 : a.newestOfferAt > b.newestOfferAt ? -1 : 0));
  const total = withOffers.reduce((n, o) => n + o.pendingOffers, 0);
  return {
    items: withOffers.slice(0, NEEDS_YOU_ITEMS),
    total: Math.min(total, NEEDS_YOU_COUNT_CAP),
    overflowCount: withOffers.length,
  };
}

async function deliveriesToReviewFor(
  ctx: AppContext,
  me: Actor,
): Promise<NeedsYouView['deliveriesToReview']> {
  const [rows, total, settings] = await Promise.all([
    repo.listDeliveredForOwner(ctx.db, me.memberId, NEEDS_YOU_ITEMS),
    repo.countDeliveredForOwner(ctx.db, me.memberId, NEEDS_YOU_COUNT_CAP),
    adminRepo.getInstanceSettings(ctx.db),
  ]);
  const people = await profileRepo.listMemberSummaries(
    ctx.db,
    rows.map((r) => r.helper_id),
  );
  return {
    items: rows.map((r) => {
      const deliveredAt = r.delivered_at ?? '';
      return {
        engagementId: r.id,
        title: r.title,
        helper: people.get(r.helper_id) ?? unknownMember(r.helper_id),
        deliveredAt,
        autoCompleteAt: iso(addMs(new Date(deliveredAt), settings.auto_complete_days * DAY)),
      };
    }),
    total,
  };
}

async function engagementsDueFor(
  ctx: AppContext,
  me: Actor,
  now: Date,
): Promise<NeedsYouView['engagementsDue']> {
  const [active, member] = await Promise.all([
    repo.listActiveForHelper(ctx.db, me.memberId, ACTIVE_WALK),
    membersRepo.findMemberById(ctx.db, me.memberId),
  ]);
  if (active.length === 0) return { items: [], total: 0 };
  const today = localDate(now, member?.time_zone);
  const horizon = plusDays(today, DUE_WITHIN_DAYS);
  const overflowById = new Map(
    (await overflowRepo.findOverflowsByIds(ctx.db, [...new Set(active.map((e) => e.overflow_id))])).map(
      (o) => [o.id, o],
    ),
  );
  const due = active
    .flatMap((e) => {
      const o = overflowById.get(e.overflow_id);
      if (!o) return [];
      const dueOn = o.due_on && o.due_on < e.proposed_on ? o.due_on : e.proposed_on;
      if (dueOn > horizon) return [];
      return [
        {
          engagementId: e.id,
          title: canViewOverflow(me, o) ? o.title : HIDDEN_OVERFLOW_TITLE,
          ownerId: e.owner_id,
          dueOn,
          overdue: dueOn < today,
        },
      ];
    })
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  const shown = due.slice(0, NEEDS_YOU_ITEMS);
  const people = await profileRepo.listMemberSummaries(
    ctx.db,
    shown.map((d) => d.ownerId),
  );
  return {
    items: shown.map(({ ownerId, ...d }) => ({ ...d, owner: people.get(ownerId) ?? unknownMember(ownerId) })),
    total: due.length,
  };
}

async function unreadMessagesFor(ctx: AppContext, me: Actor): Promise<NeedsYouView['unreadMessages']> {
  const [rows, total] = await Promise.all([
    repo.listUnreadOfType(ctx.db, me.memberId, ENGAGEMENT_MESSAGE, NEEDS_YOU_ITEMS),
    repo.countUnreadOfType(ctx.db, me.memberId, ENGAGEMENT_MESSAGE, NEEDS_YOU_COUNT_CAP),
  ]);
  return {
    items: rows
      .filter((r) => r.subject_type === 'engagement')
      .map((r) => {
        const data = parseData(r.data);
        const count = Number(data.count);
        return {
          engagementId: r.subject_id,
          title: typeof data.title === 'string' && data.title ? data.title : 'An engagement',
          unread: Number.isInteger(count) && count > 0 ? count : 1,
          at: r.created_at,
        };
      }),
    total,
  };
}

function parseData(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
