import { MEMBER_PREFIX_MIN, type SearchTerm } from '../../db/search-index.js';

/**
 * People search in process (docs/decisions/0014-search-design.md, "People"): the same matching rule as the
 * people index — words of the public profile split at anything but letters and digits, diacritics removed;
 * a query word of at least 3 letters (or a `prefix*`) matches a profile word by its start, a shorter one
 * the whole word, a phrase consecutive words — and the relevance that orders a bounded candidate set.
 */

export interface PublicProfileText {
  name: string;
  handle: string;
  headline: string;
  skills: readonly string[];
  bio: string;
}

/** Field weights: who someone is (name, handle) over what they say they do (skills, headline) over the bio. */
const WEIGHTS = { name: 4, handle: 4, skills: 3, headline: 2, bio: 1 } as const;
/** A word found by its start counts this much of a whole-word match. */
const PREFIX_CREDIT = 0.6;

export function profileWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** How well one term matches a field's words: 1 per whole-word match, PREFIX_CREDIT per start-of-word match. */
function termScore(words: readonly string[], term: SearchTerm): number {
  const parts = profileWords(term.text);
  if (parts.length === 0) return 0;
  if (term.kind === 'phrase' && parts.length > 1) {
    let n = 0;
    for (let i = 0; i + parts.length <= words.length; i++) {
      if (parts.every((p, j) => words[i + j] === p)) n++;
    }
    return n;
  }
  const p = parts.join('');
  const byStart = term.kind === 'prefix' || p.length >= MEMBER_PREFIX_MIN;
  let n = 0;
  for (const w of words) {
    if (w === p) n += 1;
    else if (byStart && w.startsWith(p)) n += PREFIX_CREDIT;
  }
  return n;
}

/**
 * The relevance of a profile to the terms, or 0 when some term matches nowhere (every term must match, as
 * in the index). Saturating term frequency per field, weighted by field.
 */
export function profileRelevance(doc: PublicProfileText, terms: readonly SearchTerm[]): number {
  const fields: [number, string[]][] = [
    [WEIGHTS.name, profileWords(doc.name)],
    [WEIGHTS.handle, profileWords(doc.handle)],
    [WEIGHTS.skills, profileWords(doc.skills.join(' '))],
    [WEIGHTS.headline, profileWords(doc.headline)],
    [WEIGHTS.bio, profileWords(doc.bio)],
  ];
  let total = 0;
  for (const term of terms) {
    let t = 0;
    for (const [weight, words] of fields) {
      const tf = termScore(words, term);
      t += (weight * tf) / (tf + 1);
    }
    if (t === 0) return 0;
    total += t;
  }
  return total;
}

/**
 * Merit as a factor on relevance: 1 without stored merit, up to 2 for the very top of the skills asked for
 * (overall merit without skills). Depends on the member only, so a score is the same on every page.
 */
export function meritFactor(topFraction: number | undefined): number {
  return topFraction === undefined ? 1 : 2 - Math.min(Math.max(topFraction, 0), 1);
}
