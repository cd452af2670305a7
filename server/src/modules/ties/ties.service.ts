import type { Actor, AppContext } from '../../context.js';
import { addMs, DAY, iso } from '../../shared/clock.js';
import { badRequest, conflict, forbidden, notFound, tooManyRequests } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import { overflowGrants } from '../../shared/visibility.js';
import { requireMember } from '../auth/auth.policy.js';
import * as engagementsRepo from '../engagements/engagements.repository.js';
import * as ledgerRepo from '../ledger/ledger.repository.js';
import { workRecordShownTo } from '../members/members.policy.js';
import * as membersRepo from '../members/members.repository.js';
import * as profileRepo from '../members/profile.repository.js';
import * as workRepo from '../members/work-records.repository.js';
import { notify } from '../notifications/notifications.service.js';
import { requireVerifiedMember } from '../overflow/overflow.policy.js';
import * as overflowRepo from '../overflow/overflow.repository.js';
import { overflowViews, type OverflowView } from '../overflow/overflow.service.js';
import {
  givingStyle,
  isTransactional,
  ledgerParts,
  MIN_COMPLETED,
  type GivingStyle,
  type LedgerParts,
} from './style.js';
import * as repo from './ties.repository.js';

export const NOTICED_PER_WEEK = 10;
export const THANKS_PER_DAY = 20;

export interface TieView {
  id: string;
  member: { id: string; handle: string; name: string; headline: string };
  formedVia: 'engagement' | 'noticed';
  label: string;
  strength: number;
  since: string;
  lastActivity: string;
  given: number;
  received: number;
  transactional: boolean;
}

function tieView(r: repo.TieWithBalance): TieView {
  return {
    id: r.tie.id,
    member: { id: r.otherId, handle: r.otherHandle, name: r.otherName, headline: r.otherHeadline },
    formedVia: r.tie.formed_via,
    label: r.tie.formed_label,
    strength: r.tie.strength,
    since: r.tie.created_at,
    lastActivity: r.tie.updated_at,
    given: r.given,
    received: r.received,
    transactional: isTransactional(r.given, r.received),
  };
}

const tieCursor = (r: repo.TieWithBalance) => ({ key: r.tie.updated_at, id: r.tie.id });

/** A page of your ties, newest activity first; `member` narrows it to your tie with that handle (or none). */
export async function listTies(
  ctx: AppContext,
  actor: Actor | null,
  q: { cursor?: string | undefined; limit: number; member?: string | undefined },
): Promise<{ items: TieView[]; nextCursor: string | null }> {
  const a = requireMember(actor);
  if (q.member !== undefined) {
    const other = await membersRepo.findMemberByHandle(ctx.db, q.member.toLowerCase());
    const tie = other ? await repo.findTieWithBalance(ctx.db, a.memberId, other) : undefined;
    return { items: tie ? [tieView(tie)] : [], nextCursor: null };
  }
  const rows = await repo.listTiesWithBalance(ctx.db, a.memberId, {
    limit: q.limit,
    cursor: decodeCursor(q.cursor),
  });
  const page = toPage(rows, q.limit, tieCursor);
  return { items: page.items.map(tieView), nextCursor: page.nextCursor };
}

/** How many ties the ledger page shows before "Load more", and how many one-sided ties it suggests. */
export const LEDGER_TIES = 20;
export const GIVE_BACK_TIES = 10;

export interface LedgerView {
  given: number;
  received: number;
  style: GivingStyle;
  styleExplanation: string;
  /** Completed engagements, as helper and as owner: the style shows from MIN_COMPLETED on. */
  completedEngagements: number;
  /** How many more completed engagements the style needs (0 once it shows). */
  styleNeeds: number;
  /** The style's reasons as data, by kind (help in hours; the rest are counts): the web writes the sentence. */
  reasons: { given: LedgerParts; received: LedgerParts };
  ties: TieView[];
  /** The next page of `ties` (GET /me/ties?cursor=…), or null when they are all shown. */
  tiesNextCursor: string | null;
  /** Ties where you only ever received, each with that person's open overflow: a concrete way to give back. */
  giveBack: { tie: TieView; openOverflow: OverflowView[] }[];
  recent: {
    id: string;
    kind: string;
    weight: number;
    direction: 'gave' | 'received';
    other: { handle: string; name: string };
    sourceType: string;
    sourceId: string;
    createdAt: string;
  }[];
}

const explanations: Record<GivingStyle, string> = {
  new: `Not enough history yet: your style shows after ${MIN_COMPLETED} completed engagements, as a helper or as an owner.`,
  giver: 'You give more than you take. That is how durable networks are built.',
  matcher:
    'You keep things even: what you receive, you give back in help, reviews and endorsements. Try giving first, without keeping score.',
  taker:
    'You have received more than you have given so far. That is fine for a while; below are concrete ways to give back.',
};

export async function getLedger(ctx: AppContext, actor: Actor | null): Promise<LedgerView> {
  const a = requireMember(actor);
  const [ties, oneSided, totals, recent, byKind, helperRecord, ownerRecord] = await Promise.all([
    listTies(ctx, a, { limit: LEDGER_TIES }),
    // The newest ties where you only ever received: a walk of the give-back partial indexes, not of every tie.
    repo.listTiesWithBalance(ctx.db, a.memberId, { limit: GIVE_BACK_TIES, walk: 'giveBack' }),
    repo.ledgerTotals(ctx.db, a.memberId),
    repo.recentLedgerEntries(ctx.db, a.memberId, 50),
    ledgerRepo.ledgerByKind(ctx.db, a.memberId),
    profileRepo.completionRecord(ctx.db, a.memberId),
    profileRepo.ownerRecord(ctx.db, a.memberId),
  ]);
  const completedEngagements = helperRecord.completed + ownerRecord.completed;
  const style = givingStyle(totals.given, totals.received, completedEngagements);
  const transactional = oneSided.slice(0, GIVE_BACK_TIES).map(tieView);
  // The give-back suggestions for every one-sided tie in two statements, not two per tie.
  const suggestions = await overflowViews(
    ctx.db,
    await overflowRepo.listNewestOpenByOwners(
      ctx.db,
      { grants: overflowGrants(a) },
      transactional.map((tie) => tie.member.id),
      3,
    ),
  );
  const giveBack = transactional.map((tie) => ({
    tie,
    openOverflow: suggestions.filter((o) => o.owner.id === tie.member.id),
  }));
  return {
    ...totals,
    style,
    styleExplanation: explanations[style],
    completedEngagements,
    styleNeeds: Math.max(0, MIN_COMPLETED - completedEngagements),
    reasons: ledgerParts(byKind),
    ties: ties.items,
    tiesNextCursor: ties.nextCursor,
    giveBack,
    recent: recent.map((r) => {
      const gave = r.giver_id === a.memberId;
      return {
        id: r.id,
        kind: r.kind,
        weight: r.weight,
        direction: gave ? 'gave' : 'received',
        other: gave
          ? { handle: r.receiver_handle, name: r.receiver_name }
          : { handle: r.giver_handle, name: r.giver_name },
        sourceType: r.source_type,
        sourceId: r.source_id,
        createdAt: r.created_at,
      };
    }),
  };
}

export async function sendNoticed(
  ctx: AppContext,
  actor: Actor | null,
  input: { workRecordId: string; message: string },
): Promise<{ id: string; status: 'pending' }> {
  const a = requireMember(actor);
  const now = ctx.clock.now();
  const id = newId(now);
  await ctx.db.transaction().execute(async (trx) => {
    requireVerifiedMember(await membersRepo.findMemberById(trx, a.memberId));
    const record = await workRepo.findWorkRecord(trx, input.workRecordId);
    if (!record) throw notFound('Work record', 'WORK_RECORD_NOT_FOUND');
    if (record.member_id === a.memberId)
      throw badRequest('NOTICED_OWN_WORK', 'You cannot send a noticed note about your own work.');
    // A note already pending — or ignored, which the sender must not be able to tell apart — blocks another.
    if (await repo.findOpenOrIgnoredNoticed(trx, a.memberId, record.id)) {
      throw conflict(
        'NOTICED_ALREADY_PENDING',
        'You already sent a note about this work; wait for an answer.',
      );
    }
    const sent = await repo.countNoticedSince(trx, a.memberId, iso(addMs(now, -7 * DAY)));
    if (sent >= NOTICED_PER_WEEK) {
      throw tooManyRequests(
        `You have sent ${NOTICED_PER_WEEK} noticed notes this week, the most we allow. Quality over quantity: try again in a few days.`,
        7 * 24 * 3600,
        'NOTICED_LIMIT_REACHED',
      );
    }
    const inserted = await repo.insertNoticed(trx, {
      id,
      from_id: a.memberId,
      to_id: record.member_id,
      work_record_id: record.id,
      message: input.message.trim(),
      status: 'pending',
      created_at: iso(now),
      responded_at: null,
    });
    if (!inserted) {
      throw conflict(
        'NOTICED_ALREADY_PENDING',
        'You already sent a note about this work; wait for an answer.',
      );
    }
    await notify(ctx, trx, now, {
      memberId: record.member_id,
      type: 'noticed_received',
      actorId: a.memberId,
      subject: { type: 'noticed', id },
      data: { workTitle: record.title },
      quote: input.message,
    });
  });
  return { id, status: 'pending' };
}

export async function listNoticed(
  ctx: AppContext,
  actor: Actor | null,
  q: { box: 'received' | 'sent'; cursor?: string | undefined; limit: number },
) {
  const a = requireMember(actor);
  const rows = await repo.listNoticedPage(ctx.db, a.memberId, q.box, q.limit, decodeCursor(q.cursor));
  const page = toPage(rows, q.limit, (r) => ({ key: r.created_at, id: r.id }));
  const origins = await profileRepo.listWorkRecordOrigins(
    ctx.db,
    page.items.map((r) => r.work_engagement_id),
  );
  // The work as the viewer may see it (a private record's title stays private to its two parties).
  const titleOf = (r: (typeof page.items)[number]) =>
    workRecordShownTo(
      {
        member_id: r.work_member_id,
        verified: r.work_verified,
        details_public: r.work_details_public,
        title: r.work_title,
        summary: '',
        url: null,
      },
      r.work_engagement_id ? origins.get(r.work_engagement_id) : undefined,
      a,
    ).title;
  return {
    items: page.items.map((r) => ({
      id: r.id,
      message: r.message,
      // The sender never learns that a note was ignored: it stays "pending" to them.
      status: q.box === 'sent' && r.status === 'ignored' ? ('pending' as const) : r.status,
      other: { handle: r.other_handle, name: r.other_name },
      workRecord: { id: r.work_id, title: titleOf(r) },
      createdAt: r.created_at,
    })),
    nextCursor: page.nextCursor,
  };
}

async function respond<S extends 'accepted' | 'ignored'>(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  status: S,
): Promise<{ id: string; status: S }> {
  const a = requireMember(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const note = await repo.findNoticed(trx, id);
    if (!note || note.to_id !== a.memberId) throw notFound('Noticed note', 'NOTICED_NOT_FOUND');
    if (!(await repo.respondToNoticed(trx, id, status, iso(now)))) {
      throw conflict('NOTICED_STATE_CONFLICT', `You already ${note.status} this note.`);
    }
    if (status === 'ignored') return;
    const record = await workRepo.findWorkRecord(trx, note.work_record_id);
    const label = `met through “${record?.title ?? 'a piece of work'}”`;
    const tie = await ledgerRepo.formOrStrengthenTie(trx, {
      x: note.from_id,
      y: note.to_id,
      via: 'noticed',
      label,
      sourceId: note.id,
      id: newId(now),
      now: iso(now),
    });
    await notify(ctx, trx, now, {
      memberId: note.from_id,
      type: 'noticed_accepted',
      actorId: a.memberId,
      subject: { type: 'noticed', id },
      data: { workTitle: record?.title ?? '' },
    });
    if (tie === 'formed') {
      await notify(
        ctx,
        trx,
        now,
        {
          memberId: note.from_id,
          type: 'tie_formed',
          actorId: note.to_id,
          subject: { type: 'noticed', id },
          data: { label },
        },
        {
          memberId: note.to_id,
          type: 'tie_formed',
          actorId: note.from_id,
          subject: { type: 'noticed', id },
          data: { label },
        },
      );
    }
  });
  return { id, status };
}

export const acceptNoticed = (ctx: AppContext, actor: Actor | null, id: string) =>
  respond(ctx, actor, id, 'accepted');
/** Ignoring is silent: the sender is not told. */
export const ignoreNoticed = (ctx: AppContext, actor: Actor | null, id: string) =>
  respond(ctx, actor, id, 'ignored');

export async function sendThanks(
  ctx: AppContext,
  actor: Actor | null,
  input: { toHandle: string; message: string; engagementId?: string | undefined },
): Promise<{ id: string }> {
  const a = requireMember(actor);
  const now = ctx.clock.now();
  const id = newId(now);
  await ctx.db.transaction().execute(async (trx) => {
    requireVerifiedMember(await membersRepo.findMemberById(trx, a.memberId));
    const to = await membersRepo.findMemberByHandle(trx, input.toHandle.toLowerCase());
    if (!to) throw notFound(`Member @${input.toHandle}`, 'MEMBER_NOT_FOUND');
    if (to.id === a.memberId) throw badRequest('THANKS_SELF', 'You cannot thank yourself.');
    if (input.engagementId) {
      const e = await engagementsRepo.findEngagement(trx, input.engagementId);
      const parties = e ? [e.owner_id, e.helper_id] : [];
      if (!e || !parties.includes(a.memberId) || !parties.includes(to.id)) {
        throw notFound('Engagement', 'ENGAGEMENT_NOT_FOUND');
      }
    } else if (!(await ledgerRepo.findTie(trx, a.memberId, to.id))) {
      if (!(await engagementsRepo.haveWorkedTogether(trx, a.memberId, to.id))) {
        throw forbidden(
          `You can thank your ties and the people you worked with. To reach @${to.handle}, notice a piece of their work first.`,
          'THANKS_REQUIRES_TIE',
        );
      }
    }
    if ((await repo.countThanksSince(trx, a.memberId, iso(addMs(now, -DAY)))) >= THANKS_PER_DAY) {
      throw tooManyRequests(
        'You have sent many thanks today. Try again tomorrow.',
        24 * 3600,
        'THANKS_LIMIT_REACHED',
      );
    }
    await repo.insertThanks(trx, {
      id,
      from_id: a.memberId,
      to_id: to.id,
      message: input.message.trim(),
      engagement_id: input.engagementId ?? null,
      created_at: iso(now),
    });
    await ledgerRepo.addLedgerEntry(trx, {
      id: newId(now),
      giver_id: a.memberId,
      receiver_id: to.id,
      kind: 'thanks',
      weight: 1,
      source_type: 'thanks',
      source_id: id,
      created_at: iso(now),
    });
    await notify(ctx, trx, now, {
      memberId: to.id,
      type: 'thanks_received',
      actorId: a.memberId,
      subject: { type: 'thanks', id },
      data: { recipientHandle: to.handle },
      quote: input.message,
    });
  });
  return { id };
}

export async function listThanks(
  ctx: AppContext,
  handle: string,
  q: { cursor?: string | undefined; limit: number },
) {
  const m = await membersRepo.findMemberByHandle(ctx.db, handle.toLowerCase());
  if (!m) throw notFound(`Member @${handle}`, 'MEMBER_NOT_FOUND');
  const rows = await repo.listThanksReceived(ctx.db, m.id, q.limit, decodeCursor(q.cursor));
  const page = toPage(rows, q.limit, (r) => ({ key: r.created_at, id: r.id }));
  return {
    items: page.items.map((r) => ({
      id: r.id,
      message: r.message,
      from: { handle: r.from_handle, name: r.from_name },
      engagementId: r.engagement_id,
      createdAt: r.created_at,
    })),
    nextCursor: page.nextCursor,
  };
}
