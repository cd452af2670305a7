import type { Actor, AppContext } from '../../context.js';
import { iso } from '../../shared/clock.js';
import { badRequest, conflict, notFound } from '../../shared/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../../shared/pagination.js';
import { grantAllows, overflowGrants } from '../../shared/visibility.js';
import { requireMember } from '../auth/auth.policy.js';
import * as membersRepo from '../members/members.repository.js';
import { notify } from '../notifications/notifications.service.js';
import { requireOverflowOwner } from '../overflow/overflow.policy.js';
import * as overflowRepo from '../overflow/overflow.repository.js';
import { overflowViews, type MemberSummary, type OverflowView } from '../overflow/overflow.service.js';
import {
  compareHelpers,
  compareRecommendations,
  decodeRecommendationKey,
  encodeRecommendationKey,
  meritBandLabel,
  recommendationKey,
  type HelperKey,
} from './matching.rank.js';
import * as repo from './matching.repository.js';

/** The member's verified skills are read from this many of their newest verified work records (a bound). */
const RECENT_VERIFIED_RECORDS = 100;
/** Arms for their strongest verified skills first (most records, then most recent)… */
const VERIFIED_ARMS = 4;
/** …then their profile skills, then more verified ones: at most this many arms in all. */
const MAX_SKILL_ARMS = 6;
/** The newest open postings walked per skill: the candidate set is at most MAX_SKILL_ARMS × this. */
const PER_SKILL = 30;
/** Per skill of the overflow: the top of its merit ranking, and the members with the newest verified work. */
const HELPERS_PER_SKILL = 50;
/** An owner can invite this many members per overflow: enough to reach the right people, not a mailing list. */
export const MAX_INVITATIONS_PER_OVERFLOW = 10;

export interface RecommendedOverflow extends OverflowView {
  match: {
    /** Its skills you have verified work in. */
    verifiedSkills: string[];
    /** Its skills on your profile without verified work yet. */
    declaredSkills: string[];
    /** The owner's overall merit band ("top 5 %"), or null. */
    ownerMeritBand: string | null;
  };
}

export interface RecommendationPage extends Page<RecommendedOverflow> {
  basis: { verifiedSkills: string[]; declaredSkills: string[] };
}

/**
 * "For you": open overflow the member can take, ranked by the fit of its skills to their verified work,
 * then their profile skills, then the owner's merit, freshness and due date (matching.rank.ts). The
 * candidates are bounded index walks (the newest open postings of each of the member's skills that they may
 * see, not their own, never offered on), so the cost does not grow with the board; the cursor is the last
 * item's rank key, so pages neither repeat nor skip while the candidate set stands.
 */
export async function recommendOverflow(
  ctx: AppContext,
  actor: Actor | null,
  q: { cursor?: string | undefined; limit: number },
): Promise<RecommendationPage> {
  const a = requireMember(actor);
  const cursor = decodeCursor(q.cursor);
  const after = cursor ? decodeRecommendationKey(cursor.key, cursor.id) : undefined;
  if (after === null) throw badRequest('INVALID_CURSOR', 'The cursor is not valid. Start again without it.');

  const [declaredList, strongest] = await Promise.all([
    membersRepo.listMemberSkills(ctx.db, [a.memberId]).then((m) => m.get(a.memberId) ?? []),
    repo.listRecentVerifiedSkills(ctx.db, a.memberId, RECENT_VERIFIED_RECORDS),
  ]);
  const verified = new Set(strongest.map((s) => s.skill));
  const declared = new Set(declaredList.filter((s) => !verified.has(s)));
  const basis = { verifiedSkills: [...verified].sort(), declaredSkills: [...declared] };
  const byStrength = strongest.map((s) => s.skill);
  const armSkills = [
    ...new Set([...byStrength.slice(0, VERIFIED_ARMS), ...declared, ...byStrength.slice(VERIFIED_ARMS)]),
  ].slice(0, MAX_SKILL_ARMS);
  if (armSkills.length === 0) return { items: [], nextCursor: null, basis };

  const found = await repo.listRecommendationCandidates(ctx.db, {
    memberId: a.memberId,
    skills: armSkills,
    perSkill: PER_SKILL,
    grants: overflowGrants(a),
  });
  const unique = [...new Map(found.map((c) => [c.id, c])).values()];
  const ids = unique.map((c) => c.id);
  const [offered, skills, ownerMerit] = await Promise.all([
    repo.listOfferedAmong(ctx.db, a.memberId, ids),
    repo.listCandidateSkills(ctx.db, ids),
    repo.listOverallMerit(
      ctx.db,
      unique.map((c) => c.owner_id),
    ),
  ]);
  const ranked = unique
    .filter((c) => !offered.has(c.id))
    .map((c) => ({
      c,
      key: recommendationKey(
        c,
        skills.get(c.id) ?? [],
        verified,
        declared,
        ownerMerit.get(c.owner_id) ?? null,
      ),
    }))
    .sort((x, y) => compareRecommendations(x.key, y.key));
  const rest = after ? ranked.filter((r) => compareRecommendations(r.key, after) > 0) : ranked;
  const slice = rest.slice(0, q.limit);

  const rows = await overflowRepo.findOverflowsByIds(
    ctx.db,
    slice.map((s) => s.c.id),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const views = await overflowViews(
    ctx.db,
    slice.flatMap((s) => byId.get(s.c.id) ?? []),
  );
  const viewById = new Map(views.map((v) => [v.id, v]));
  const items = slice.flatMap(({ c }) => {
    const v = viewById.get(c.id);
    if (!v) return [];
    return [
      {
        ...v,
        match: {
          verifiedSkills: v.skills.filter((s) => verified.has(s)),
          declaredSkills: v.skills.filter((s) => declared.has(s)),
          ownerMeritBand: meritBandLabel(ownerMerit.get(c.owner_id)),
        },
      },
    ];
  });
  const last = slice[slice.length - 1];
  return {
    items,
    nextCursor:
      rest.length > q.limit && last
        ? encodeCursor({ key: encodeRecommendationKey(last.key), id: last.key.id })
        : null,
    basis,
  };
}

export interface SuggestedHelper {
  member: MemberSummary;
  /** Their best merit band in one of the overflow's skills, or overall when they have none there. */
  meritBand: { label: string; skill: string | null } | null;
  /** The overflow's skills they have verified work in. */
  verifiedSkills: string[];
  /** Their verified work records in the overflow's skills. */
  verifiedWorkInSkills: number;
  /** All their verified work records. */
  verifiedWorkCount: number;
  capacity: number;
  freeCapacity: number;
  invited: boolean;
}

/**
 * Members to invite to offer on one open overflow (its owner only): those with verified work in its skills,
 * a confirmed email (they can see it and offer) and free capacity, who have not offered on it; ranked by
 * merit in its skills, then overall merit, then verified work there. Candidates are bounded walks per skill
 * of the merit ranking and of the newest verified work. A direct ask gets none: it already names its helper.
 */
export async function suggestHelpers(
  ctx: AppContext,
  actor: Actor | null,
  overflowId: string,
  q: { limit: number },
): Promise<{ items: SuggestedHelper[] }> {
  const o = requireOverflowOwner(actor, await overflowRepo.findOverflowById(ctx.db, overflowId));
  if (o.status !== 'open') {
    throw conflict('OVERFLOW_NOT_OPEN', `This overflow is ${o.status}; it is not taking offers.`);
  }
  if (o.visibility === 'ask') return { items: [] };
  const skills = (await overflowRepo.listOverflowSkills(ctx.db, [o.id])).get(o.id) ?? [];
  if (skills.length === 0) return { items: [] };

  const ids = new Set<string>();
  for (const skill of skills) {
    for (const id of await repo.listTopMeritMembers(ctx.db, skill, HELPERS_PER_SKILL)) ids.add(id);
    for (const id of await repo.listRecentVerifiedMembers(ctx.db, skill, HELPERS_PER_SKILL)) ids.add(id);
  }
  ids.delete(o.owner_id);
  for (const id of await repo.listOfferHelperIds(ctx.db, o.id)) ids.delete(id);
  if (ids.size === 0) return { items: [] };

  const members = (await repo.listMembersByIds(ctx.db, [...ids])).filter(
    (m) =>
      m.email_verified_at !== null &&
      overflowGrants({ memberId: m.id, emailVerified: true }).some((g) => grantAllows(g, o)),
  );
  const memberIds = members.map((m) => m.id);
  const [work, slots, totals, merit, invited] = await Promise.all([
    repo.listVerifiedWorkInSkills(ctx.db, memberIds, skills),
    repo.countSlotsTaken(ctx.db, memberIds),
    repo.countVerifiedWork(ctx.db, memberIds),
    repo.listMerit(ctx.db, memberIds, [...skills, '']),
    repo.listInvitedMemberIds(ctx.db, o.id),
  ]);
  const records = new Map<string, Set<string>>();
  const provenSkills = new Map<string, Set<string>>();
  for (const w of work) {
    (records.get(w.member_id) ?? records.set(w.member_id, new Set()).get(w.member_id)!).add(w.work_record_id);
    (provenSkills.get(w.member_id) ?? provenSkills.set(w.member_id, new Set()).get(w.member_id)!).add(
      w.skill,
    );
  }
  const meritOf = new Map<string, Map<string, number>>();
  for (const m of merit) {
    (meritOf.get(m.member_id) ?? meritOf.set(m.member_id, new Map()).get(m.member_id)!).set(
      m.skill,
      m.top_fraction,
    );
  }
  const invitedSet = new Set(invited);

  const ranked = members
    .filter((m) => (records.get(m.id)?.size ?? 0) > 0 && (slots.get(m.id) ?? 0) < m.capacity)
    .map((m) => {
      const mine = meritOf.get(m.id) ?? new Map<string, number>();
      const key: HelperKey = {
        skillMerit: skills.reduce((sum, s) => sum + (mine.has(s) ? 1 - mine.get(s)! : 0), 0),
        overallMerit: mine.has('') ? 1 - mine.get('')! : 0,
        verifiedInSkills: records.get(m.id)!.size,
        handle: m.handle,
      };
      let best: { label: string; skill: string | null } | null = null;
      let bestFraction = Infinity;
      for (const s of skills) {
        const f = mine.get(s);
        const label = meritBandLabel(f);
        if (f !== undefined && label && f < bestFraction) {
          best = { label, skill: s };
          bestFraction = f;
        }
      }
      if (!best) {
        const label = meritBandLabel(mine.get(''));
        if (label) best = { label, skill: null };
      }
      const helper: SuggestedHelper = {
        member: { id: m.id, handle: m.handle, name: m.name, headline: m.headline, former: false },
        meritBand: best,
        verifiedSkills: skills.filter((s) => provenSkills.get(m.id)?.has(s)),
        verifiedWorkInSkills: key.verifiedInSkills,
        verifiedWorkCount: totals.get(m.id) ?? 0,
        capacity: m.capacity,
        freeCapacity: m.capacity - (slots.get(m.id) ?? 0),
        invited: invitedSet.has(m.id),
      };
      return { key, helper };
    })
    .sort((x, y) => compareHelpers(x.key, y.key));
  return { items: ranked.slice(0, q.limit).map((r) => r.helper) };
}

export interface InvitationView {
  member: MemberSummary;
  createdAt: string;
}

/**
 * Invites a member to offer on the owner's open overflow: a notification, not an ask (the member still
 * decides whether to offer). Once per member and overflow, claimed by the table's primary key; the overflow
 * row is claimed first, so an invitation never lands after a cancel or an accept.
 */
export async function inviteToOffer(
  ctx: AppContext,
  actor: Actor | null,
  overflowId: string,
  input: { handle: string },
): Promise<InvitationView> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const found = requireOverflowOwner(actor, await overflowRepo.findOverflowById(trx, overflowId));
    const o = found.status === 'open' ? await overflowRepo.lockOpenOverflow(trx, found.id) : undefined;
    if (!o) {
      const status = found.status === 'open' ? 'no longer open' : found.status;
      throw conflict('OVERFLOW_NOT_OPEN', `This overflow is ${status}; it is not taking offers.`);
    }
    const handle = input.handle.trim().replace(/^@/, '').toLowerCase();
    const invitee = await membersRepo.findMemberByHandle(trx, handle);
    if (!invitee) throw notFound(`Member @${handle}`, 'MEMBER_NOT_FOUND');
    if (invitee.id === o.owner_id)
      throw badRequest('INVITE_SELF', 'You cannot invite yourself to your own overflow.');
    const canSee = overflowGrants({
      memberId: invitee.id,
      emailVerified: invitee.email_verified_at !== null,
    }).some((g) => grantAllows(g, o));
    if (!canSee) {
      throw conflict(
        'INVITEE_CANNOT_SEE',
        `@${invitee.handle} cannot see this overflow (it is shared with fewer people), so they cannot offer on it.`,
      );
    }
    if (await repo.hasOffered(trx, o.id, invitee.id)) {
      throw conflict('INVITEE_ALREADY_OFFERED', `@${invitee.handle} has already offered on this overflow.`);
    }
    const invited = await repo.listInvitedMemberIds(trx, o.id);
    if (invited.includes(invitee.id)) throw alreadyInvited(invitee.handle);
    if (invited.length >= MAX_INVITATIONS_PER_OVERFLOW) {
      throw conflict(
        'INVITATIONS_LIMIT_REACHED',
        `You have invited ${invited.length} members to this overflow, the most for one posting. Give them time to answer.`,
        { max: MAX_INVITATIONS_PER_OVERFLOW },
      );
    }
    const createdAt = iso(now);
    const claimed = await repo.insertInvitation(trx, {
      overflow_id: o.id,
      member_id: invitee.id,
      invited_by: o.owner_id,
      created_at: createdAt,
    });
    if (!claimed) throw alreadyInvited(invitee.handle);
    await notify(ctx, trx, now, {
      memberId: invitee.id,
      type: 'offer_invited',
      actorId: o.owner_id,
      subject: { type: 'overflow', id: o.id },
      data: { title: o.title, overflowId: o.id },
    });
    return {
      member: {
        id: invitee.id,
        handle: invitee.handle,
        name: invitee.name,
        headline: invitee.headline,
        former: false,
      },
      createdAt,
    };
  });
}

const alreadyInvited = (handle: string) =>
  conflict(
    'ALREADY_INVITED',
    `@${handle} is already invited to offer on this overflow. One invitation is enough.`,
  );
