import type { Actor, AppContext } from '../../context.js';
import type { OverflowStatus } from '../../db/schema.js';
import { badRequest } from '../../shared/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../../shared/pagination.js';
import { normaliseSkills } from '../../shared/skills.js';
import { overflowGrants } from '../../shared/visibility.js';
import { overflowViews, type OverflowView } from '../overflow/overflow.service.js';
import {
  highlightAll,
  parseSearchQuery,
  plainText,
  relevance,
  snippetOf,
  type Snippet,
} from './search.query.js';
import * as overflowRepo from '../overflow/overflow.repository.js';
import { meritFactor, profileRelevance } from './people.query.js';
import * as repo from './search.repository.js';

/**
 * How many of the newest matching postings are ranked (docs/decisions/0014-search-design.md): relevance is
 * computed for these only, so a word in half the postings costs what a rare one does.
 */
export const SEARCH_CANDIDATES = 200;
/** Filters (status, skills, effort…) are applied among this many of the newest text matches. */
export const SEARCH_WINDOW = 4000;
/** Freshness: a posting this many days newer counts as much as one twice as relevant. */
export const FRESHNESS_HALF_LIFE_DAYS = 30;

const ALL_STATUSES: OverflowStatus[] = ['open', 'assigned', 'delivered', 'completed', 'cancelled', 'expired'];

export interface OverflowSearchQuery {
  q: string;
  skills?: string[] | undefined;
  minEffort?: number | undefined;
  maxEffort?: number | undefined;
  dueBefore?: string | undefined;
  status?: 'open' | 'all' | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface OverflowSearchHit extends OverflowView {
  titleHighlights: [number, number][];
  snippet: Snippet;
}

/**
 * The score a posting ranks by: log relevance plus a freshness term that grows with its creation time. It
 * equals ranking by relevance × 2^(age / half-life) with "now" cancelled out, so a posting's score does not
 * drift while someone pages, and the cursor (score, id) stays valid.
 */
export function searchScore(relevance: number, createdAt: string): number {
  const days = Date.parse(createdAt) / 86_400_000;
  return Math.log(Math.max(relevance, 1e-12)) + (Math.LN2 * days) / FRESHNESS_HALF_LIFE_DAYS;
}

function checkRange(minEffort?: number, maxEffort?: number) {
  if (minEffort !== undefined && maxEffort !== undefined && minEffort > maxEffort) {
    throw badRequest('INVALID_RANGE', 'The minimum effort is more than the maximum.', {
      minEffort,
      maxEffort,
    });
  }
}

function decodeScoreCursor(raw: string | undefined): { score: number; id: string } | undefined {
  const c = decodeCursor(raw);
  if (!c) return undefined;
  const score = Number(c.key);
  if (!Number.isFinite(score))
    throw badRequest('INVALID_CURSOR', 'The cursor is not valid. Start again without it.');
  return { score, id: c.id };
}

export async function searchOverflow(
  ctx: AppContext,
  actor: Actor | null,
  q: OverflowSearchQuery,
): Promise<Page<OverflowSearchHit>> {
  const terms = parseSearchQuery(q.q);
  checkRange(q.minEffort, q.maxEffort);
  const after = decodeScoreCursor(q.cursor);
  const grants = overflowGrants(
    actor ? { memberId: actor.memberId, emailVerified: actor.emailVerified } : null,
  );
  const candidates = await repo.searchOverflowCandidates(
    ctx.db,
    terms,
    {
      grants,
      statuses: q.status === 'all' ? ALL_STATUSES : ['open'],
      skills: q.skills ? normaliseSkills(q.skills) : undefined,
      minEffort: q.minEffort,
      maxEffort: q.maxEffort,
      dueBefore: q.dueBefore,
    },
    SEARCH_CANDIDATES,
    SEARCH_WINDOW,
  );
  // Score the bounded set in process (relevance × freshness), then a total order (score, then id), so pages
  // never overlap or skip.
  const rows = await overflowRepo.findOverflowsByIds(
    ctx.db,
    candidates.map((c) => c.id),
  );
  const skills = await overflowRepo.listOverflowSkills(
    ctx.db,
    rows.map((r) => r.id),
  );
  const ranked = rows
    .map((r) => ({
      row: r,
      score: searchScore(
        relevance({ title: r.title, skills: skills.get(r.id) ?? [], brief: r.brief }, terms),
        r.created_at,
      ),
    }))
    .sort((a, b) =>
      a.score !== b.score ? b.score - a.score : a.row.id < b.row.id ? 1 : a.row.id > b.row.id ? -1 : 0,
    )
    .filter((r) => !after || r.score < after.score || (r.score === after.score && r.row.id < after.id));
  const page = ranked.slice(0, q.limit);
  const views = await overflowViews(
    ctx.db,
    page.map((p) => p.row),
  );
  const items = views.map((v) => ({
    ...v,
    titleHighlights: highlightAll(v.title, terms),
    snippet: snippetOf(plainText(v.brief), terms),
  }));
  const lastHit = page[page.length - 1];
  const last = lastHit && { score: lastHit.score, id: lastHit.row.id };
  return {
    items,
    nextCursor:
      ranked.length > q.limit && last ? encodeCursor({ key: String(last.score), id: last.id }) : null,
  };
}

export interface MemberSearchQuery {
  q?: string | undefined;
  skills?: string[] | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface MemberSearchHit {
  id: string;
  handle: string;
  name: string;
  headline: string;
  skills: string[];
  verifiedWorkCount: number;
  merit: number;
  hasFreeCapacity: boolean;
}

/** How many members each arm of people search hands to the ranking (docs/decisions/0014-search-design.md). */
export const MEMBER_CANDIDATES = 200;
/** Each arm's walk stops after this many index entries, however few of them pass its filter. */
export const MEMBER_WINDOW = 2000;
/** At most this many skills at once: each is a walk of its own. */
export const MAX_MEMBER_SKILLS = 12;

interface RankedMember {
  id: string;
  merit: number;
  verified: number;
  /** Without text: the merit itself; with text: relevance × meritFactor. */
  score: number;
}

function compareRanked(a: RankedMember, b: RankedMember): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.verified !== b.verified) return b.verified - a.verified;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

type Profile = repo.MemberSearchRow & { skills: string[] };

/** The public profile fields and skills of these members, by id. */
async function profilesOf(ctx: AppContext, ids: string[]): Promise<Map<string, Profile>> {
  const [rows, skills] = await Promise.all([
    repo.findMemberSearchRows(ctx.db, ids),
    repo.listMemberSkills(ctx.db, ids),
  ]);
  return new Map(rows.map((r) => [r.id, { ...r, skills: skills.get(r.id) ?? [] }]));
}

/**
 * People by skill and free text over their public profile. Bounded at any size: the candidates are the
 * highest-merit members in the skills asked for (the (skill, rank) index), members with the skill and no
 * stored merit yet (the (skill, member_id) index), and the newest text matches of the people index — each
 * walk stops after MEMBER_WINDOW entries and keeps MEMBER_CANDIDATES. The service ranks that set: without
 * text by merit in those skills, then verified work, then id; with text by relevance × merit factor, then
 * verified work, then id. Every term must match a public field; the cursor is (score, verified, id).
 */
export async function searchMembers(ctx: AppContext, q: MemberSearchQuery): Promise<Page<MemberSearchHit>> {
  const skills = q.skills ? normaliseSkills(q.skills) : [];
  const terms = q.q?.trim() ? parseSearchQuery(q.q) : [];
  if (terms.length === 0 && skills.length === 0) {
    throw badRequest('SEARCH_QUERY_EMPTY', 'Type a word or pick a skill to search for people.');
  }
  if (skills.length > MAX_MEMBER_SKILLS) {
    throw badRequest('SEARCH_QUERY_INVALID', `Pick at most ${MAX_MEMBER_SKILLS} skills at once.`, {
      skills: skills.length,
    });
  }
  let after: { score: number; verified: number; id: string } | undefined;
  const c = decodeCursor(q.cursor);
  if (c) {
    const [score, verified] = c.key.split('|').map(Number);
    if (!Number.isFinite(score) || !Number.isFinite(verified)) {
      throw badRequest('INVALID_CURSOR', 'The cursor is not valid. Start again without it.');
    }
    after = { score: score!, verified: verified!, id: c.id };
  }
  const meritSkills = skills.length ? skills : [''];

  // The arms, each a bounded walk.
  const [byMerit, unranked, byText] = await Promise.all([
    Promise.all(meritSkills.map((s) => repo.meritCandidates(ctx.db, s, MEMBER_CANDIDATES, MEMBER_WINDOW))),
    Promise.all(skills.map((s) => repo.unrankedSkillCandidates(ctx.db, s, MEMBER_CANDIDATES, MEMBER_WINDOW))),
    terms.length
      ? repo.memberTextCandidates(ctx.db, terms, skills, MEMBER_CANDIDATES, MEMBER_WINDOW)
      : Promise.resolve([]),
  ]);
  // Across several skills, the best merit of each member, and the top MEMBER_CANDIDATES of those: the first
  // MEMBER_CANDIDATES by merit are exactly these. The unranked arm likewise keeps its newest.
  const best = new Map<string, number>();
  for (const list of byMerit) {
    for (const m of list) best.set(m.memberId, Math.max(best.get(m.memberId) ?? 0, m.score));
  }
  const meritIds = [...best]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))
    .slice(0, MEMBER_CANDIDATES)
    .map(([id]) => id);
  const unrankedIds = [...new Set(unranked.flat())]
    .sort((a, b) => (a < b ? 1 : -1))
    .slice(0, MEMBER_CANDIDATES);
  const candidates = [...new Set([...meritIds, ...unrankedIds, ...byText])];
  // A suspended member is out of every list (moderation); the walks do not read the members table.
  const suspended = await repo.suspendedAmong(ctx.db, candidates);
  const ids = candidates.filter((id) => !suspended.has(id));

  const [merit, texts] = await Promise.all([
    repo.meritOf(ctx.db, ids, meritSkills),
    // With text every candidate's public fields are needed to score it; without, only the page's.
    terms.length ? profilesOf(ctx, ids) : Promise.resolve(undefined),
  ]);
  const scored: RankedMember[] = [];
  for (const id of ids) {
    const m = merit.get(id);
    let score = m?.score ?? 0;
    if (texts) {
      const profile = texts.get(id);
      // The merit and unranked arms did not look at the text: every term must match a public field.
      const rel = profile ? profileRelevance(profile, terms) : 0;
      if (rel === 0) continue;
      score = rel * meritFactor(m?.topFraction);
    }
    scored.push({ id, merit: m?.score ?? 0, verified: 0, score });
  }
  // Verified work only decides between equal scores (and is shown for the page): counted for the members
  // who share a score with another candidate or with the cursor, then for the page — not for everyone.
  const perScore = new Map<number, number>();
  for (const r of scored) perScore.set(r.score, (perScore.get(r.score) ?? 0) + 1);
  const tied = scored.filter((r) => perScore.get(r.score)! > 1 || r.score === after?.score).map((r) => r.id);
  const verified = await repo.countVerifiedWork(ctx.db, tied);
  for (const r of scored) r.verified = verified.get(r.id) ?? 0;
  const ranked = scored.sort(compareRanked);
  const rest = after
    ? ranked.filter(
        (r) =>
          r.score < after.score ||
          (r.score === after.score &&
            (r.verified < after.verified || (r.verified === after.verified && r.id < after.id))),
      )
    : ranked;
  const page = rest.slice(0, q.limit);
  const pageIds = page.map((r) => r.id);
  const counted = new Set(tied);
  const [profiles, taken, pageVerified] = await Promise.all([
    texts ?? profilesOf(ctx, pageIds),
    repo.countSlotsTaken(ctx.db, pageIds),
    repo.countVerifiedWork(
      ctx.db,
      pageIds.filter((id) => !counted.has(id)),
    ),
  ]);
  for (const r of page) if (!counted.has(r.id)) r.verified = pageVerified.get(r.id) ?? 0;
  const last = page[page.length - 1];
  return {
    items: page.flatMap((r) => {
      const p = profiles.get(r.id);
      if (!p) return [];
      return [
        {
          id: r.id,
          handle: p.handle,
          name: p.name,
          headline: p.headline,
          skills: p.skills,
          verifiedWorkCount: r.verified,
          merit: r.merit,
          hasFreeCapacity: (taken.get(r.id) ?? 0) < p.capacity,
        },
      ];
    }),
    nextCursor:
      rest.length > q.limit && last
        ? encodeCursor({ key: `${last.score}|${last.verified}`, id: last.id })
        : null,
  };
}
