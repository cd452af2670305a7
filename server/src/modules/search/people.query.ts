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
  const lower = text.toLowerCase();
  // ASCII (most profiles) needs no Unicode normalisation and splits on a cheaper pattern.
  if (!/[^\t\n\r -~]/.test(lower)) return lower.split(/[^a-z0-9]+/).filter(Boolean);
  return lower
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

interface PreparedTerm {
  parts: string[];
  phrase: boolean;
  byStart: boolean;
  /** What the profile's words must contain somewhere, for a cheap rejection before splitting. */
  needle: string;
}

function prepare(term: SearchTerm): PreparedTerm {
  const parts = profileWords(term.text);
  const phrase = term.kind === 'phrase' && parts.length > 1;
  const joined = parts.join('');
  return {
    parts: phrase ? parts : [joined],
    phrase,
    byStart: term.kind === 'prefix' || joined.length >= MEMBER_PREFIX_MIN,
    needle: parts[0] ?? '',
  };
}

/** How well one term matches a field's words: 1 per whole-word match, PREFIX_CREDIT per start-of-word match. */
function termScore(words: readonly string[], term: PreparedTerm): number {
  const { parts } = term;
  if (term.phrase) {
    let n = 0;
    for (let i = 0; i + parts.length <= words.length; i++) {
      if (parts.every((p, j) => words[i + j] === p)) n++;
    }
    return n;
  }
  const p = parts[0]!;
  if (!p) return 0;
  let n = 0;
  for (const w of words) {
    if (w === p) n += 1;
    else if (term.byStart && w.startsWith(p)) n += PREFIX_CREDIT;
  }
  return n;
}

/**
 * The relevance of a profile to the terms, or 0 when some term matches nowhere (every term must match, as
 * in the index). Saturating term frequency per field, weighted by field.
 */
export function profileRelevance(doc: PublicProfileText, terms: readonly SearchTerm[]): number {
  const prepared = terms.map(prepare);
  const raw = [doc.name, doc.handle, doc.skills.join(' '), doc.headline, doc.bio];
  // A term whose letters appear nowhere cannot match: most candidates of the merit arms end here.
  const all = raw.join(' ').toLowerCase();
  if (!/[^\t\n\r -~]/.test(all) && prepared.some((t) => !all.includes(t.needle))) return 0;
  const weights = [WEIGHTS.name, WEIGHTS.handle, WEIGHTS.skills, WEIGHTS.headline, WEIGHTS.bio];
  const fields = raw.map(profileWords);
  let total = 0;
  for (const term of prepared) {
    let t = 0;
    fields.forEach((words, i) => {
      const tf = termScore(words, term);
      t += (weights[i]! * tf) / (tf + 1);
    });
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
