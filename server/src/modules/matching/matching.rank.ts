/**
 * The orders of matching, as pure functions (no database): how recommended overflow and suggested helpers are
 * ranked. The service builds a bounded candidate set from index walks and sorts it with these.
 */

import { BANDS, bandOf } from '../merit/merit.service.js';

/**
 * Merit bands exactly as a profile shows them (merit's `bandOf`: top 1, 5, 10 or 25 %), so a suggestion and
 * a profile never describe one member's merit differently. As a rank: 4 = top 1 %, 3 = top 5 %,
 * 2 = top 10 %, 1 = top 25 %, 0 = below or no merit yet.
 */
export function meritBand(topFraction: number | null | undefined): number {
  if (topFraction === null || topFraction === undefined) return 0;
  const band = bandOf(topFraction);
  return band === null ? 0 : BANDS.length - BANDS.indexOf(band);
}

/** "top 5 %", as the profile's band label says it, or null outside the bands (never a bare number). */
export function meritBandLabel(topFraction: number | null | undefined): string | null {
  if (topFraction === null || topFraction === undefined) return null;
  const band = bandOf(topFraction);
  return band === null ? null : `top ${band} %`;
}

/**
 * Why an overflow is recommended to a member, in the order that ranks it:
 * 1. how many of its skills the member has proven (verified work) — proof beats claims;
 * 2. how many more of its skills are on their profile only;
 * 3. the owner's overall merit band (time spent with a strong owner teaches most);
 * 4. freshness, by the day it was posted (newer first);
 * 5. due date, soonest first (undated last) — among postings of the same day, the one that needs help sooner;
 * then newest and id, so the order is total and a cursor can stand on it.
 */
export interface RecommendationKey {
  verified: number;
  declared: number;
  ownerBand: number;
  day: string;
  due: string;
  createdAt: string;
  id: string;
}

export function recommendationKey(
  o: { id: string; created_at: string; due_on: string | null },
  overflowSkills: readonly string[],
  verifiedSkills: ReadonlySet<string>,
  declaredSkills: ReadonlySet<string>,
  ownerTopFraction: number | null,
): RecommendationKey {
  let verified = 0;
  let declared = 0;
  for (const s of overflowSkills) {
    if (verifiedSkills.has(s)) verified++;
    else if (declaredSkills.has(s)) declared++;
  }
  return {
    verified,
    declared,
    ownerBand: meritBand(ownerTopFraction),
    day: o.created_at.slice(0, 10),
    due: o.due_on ?? '9999-12-31',
    createdAt: o.created_at,
    id: o.id,
  };
}

const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Negative when `a` ranks before `b`. */
export function compareRecommendations(a: RecommendationKey, b: RecommendationKey): number {
  return (
    cmp(b.verified, a.verified) ||
    cmp(b.declared, a.declared) ||
    cmp(b.ownerBand, a.ownerBand) ||
    cmp(b.day, a.day) ||
    cmp(a.due, b.due) ||
    cmp(b.createdAt, a.createdAt) ||
    cmp(b.id, a.id)
  );
}

/** The cursor's text form of a key (the id travels beside it). */
export function encodeRecommendationKey(k: RecommendationKey): string {
  return JSON.stringify([k.verified, k.declared, k.ownerBand, k.day, k.due, k.createdAt]);
}

export function decodeRecommendationKey(key: string, id: string): RecommendationKey | null {
  try {
    const p: unknown = JSON.parse(key);
    if (
      Array.isArray(p) &&
      p.length === 6 &&
      [p[0], p[1], p[2]].every((n) => Number.isInteger(n)) &&
      [p[3], p[4], p[5]].every((s) => typeof s === 'string')
    ) {
      const [verified, declared, ownerBand, day, due, createdAt] = p as [
        number,
        number,
        number,
        string,
        string,
        string,
      ];
      return { verified, declared, ownerBand, day, due, createdAt, id };
    }
  } catch {
    // fall through
  }
  return null;
}

/**
 * How well a member fits one overflow as its helper: their merit in its skills (the sum over its skills of
 * how far up each skill they stand, 1 − top_fraction, 0 where they have no merit: breadth across the skills
 * the work needs counts), then their overall merit, then how much verified work they have in its skills,
 * then handle for a total order.
 */
export interface HelperKey {
  skillMerit: number;
  overallMerit: number;
  verifiedInSkills: number;
  handle: string;
}

export function compareHelpers(a: HelperKey, b: HelperKey): number {
  return (
    cmp(b.skillMerit, a.skillMerit) ||
    cmp(b.overallMerit, a.overallMerit) ||
    cmp(b.verifiedInSkills, a.verifiedInSkills) ||
    cmp(a.handle, b.handle)
  );
}
