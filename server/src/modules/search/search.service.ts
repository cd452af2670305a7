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

/** People by skill and free text over their public profile, by merit in those skills, then verified work. */
export async function searchMembers(ctx: AppContext, q: MemberSearchQuery): Promise<Page<MemberSearchHit>> {
  const skills = q.skills ? normaliseSkills(q.skills) : [];
  const words = q.q?.trim() ? parseSearchQuery(q.q).flatMap((t) => t.text.split(' ')) : [];
  if (words.length === 0 && skills.length === 0) {
    throw badRequest('SEARCH_QUERY_EMPTY', 'Type a word or pick a skill to search for people.');
  }
  let after: { merit: number; verified: number; id: string } | undefined;
  const c = decodeCursor(q.cursor);
  if (c) {
    const [merit, verified] = c.key.split('|').map(Number);
    if (!Number.isFinite(merit) || !Number.isFinite(verified)) {
      throw badRequest('INVALID_CURSOR', 'The cursor is not valid. Start again without it.');
    }
    after = { merit: merit!, verified: verified!, id: c.id };
  }
  const rows = await repo.searchMembersPage(ctx.db, { words, skills }, q.limit, after);
  const page = rows.slice(0, q.limit);
  const ids = page.map((r) => r.id);
  const [taken, memberSkills] = await Promise.all([
    repo.countSlotsTaken(ctx.db, ids),
    repo.listMemberSkills(ctx.db, ids),
  ]);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      handle: r.handle,
      name: r.name,
      headline: r.headline,
      skills: memberSkills.get(r.id) ?? [],
      verifiedWorkCount: r.verified,
      merit: r.merit,
      hasFreeCapacity: (taken.get(r.id) ?? 0) < r.capacity,
    })),
    nextCursor:
      rows.length > q.limit && last
        ? encodeCursor({ key: `${last.merit}|${last.verified}`, id: last.id })
        : null,
  };
}
