import type { SearchTerm } from '../../db/search-index.js';
import { badRequest } from '../../shared/errors.js';

/** At most this many terms count; a longer query is refused with a clear 400, never a slow plan. */
export const MAX_TERMS = 12;
/** A prefix shorter than this (`a*`) is a plain word: it would match most of the vocabulary. */
export const MIN_PREFIX = 3;

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Parses what a person typed into our own safe form: words, `prefix*` and "quoted phrases" (an unbalanced
 * quote runs to the end). Everything else — FTS operators, column filters, NEAR, `-`, brackets — is just a
 * separator: no character reaches the database as syntax, because the index query is built from these terms
 * and each is quoted there. Throws SEARCH_QUERY_EMPTY when nothing searchable is left.
 */
export function parseSearchQuery(raw: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  const add = (t: SearchTerm) => {
    const key = `${t.kind}:${t.text}`;
    if (!seen.has(key)) {
      seen.add(key);
      terms.push(t);
    }
  };
  const parts = raw.normalize('NFKC').toLowerCase().split('"');
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      const words = part.match(WORD) ?? [];
      if (words.length > 1) add({ kind: 'phrase', text: words.join(' ') });
      else if (words.length === 1) add({ kind: 'word', text: words[0]! });
      return;
    }
    for (const m of part.matchAll(/([\p{L}\p{N}]+)(\*?)/gu)) {
      const text = m[1]!;
      add({ kind: m[2] && text.length >= MIN_PREFIX ? 'prefix' : 'word', text });
    }
  });
  if (terms.length === 0) {
    throw badRequest('SEARCH_QUERY_EMPTY', 'Type at least one word (letters or digits) to search for.');
  }
  if (terms.length > MAX_TERMS) {
    throw badRequest('SEARCH_QUERY_INVALID', `Search for at most ${MAX_TERMS} words or phrases at once.`, {
      terms: terms.length,
    });
  }
  return terms;
}

/** A part of a text to show, with the ranges [start, end) that matched the query (UTF-16 offsets). */
export interface Snippet {
  text: string;
  highlights: [number, number][];
}

/** A crude English stem, only to find what to highlight (the index does the real matching). */
const SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'ers', 'er', 'es', 'ed', 'ly', 's'];

function stem(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

function matcher(terms: readonly SearchTerm[]): (word: string) => boolean {
  const stems = new Set<string>();
  const prefixes: string[] = [];
  for (const t of terms) {
    if (t.kind === 'prefix') prefixes.push(t.text);
    else for (const w of t.text.split(' ')) stems.add(stem(w));
  }
  return (word) => {
    const w = word.toLowerCase();
    return (
      prefixes.some((p) => w.startsWith(p)) ||
      stems.has(stem(w)) ||
      [...stems].some((s) => w.startsWith(s) && s.length >= 4)
    );
  };
}

/** Every word of `text` that matches a term, as ranges. */
export function highlightAll(text: string, terms: readonly SearchTerm[]): [number, number][] {
  const hit = matcher(terms);
  const out: [number, number][] = [];
  for (const m of text.matchAll(WORD)) {
    if (hit(m[0])) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/**
 * A window of about `size` characters of `text` around its first match (or its start), cut at word
 * boundaries, with the matches inside it. Plain text: the web wraps the ranges in <mark>, never HTML.
 */
export function snippetOf(text: string, terms: readonly SearchTerm[], size = 220): Snippet {
  const flat = text.replace(/\s+/g, ' ').trim();
  const all = highlightAll(flat, terms);
  let start = 0;
  if (all.length > 0 && all[0]![0] > size / 3) {
    start = all[0]![0] - Math.floor(size / 3);
    const space = flat.indexOf(' ', start);
    start = space === -1 || space > all[0]![0] ? all[0]![0] : space + 1;
  }
  let end = Math.min(flat.length, start + size);
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  const prefix = start > 0 ? '… ' : '';
  const suffix = end < flat.length ? ' …' : '';
  const shift = prefix.length - start;
  return {
    text: `${prefix}${flat.slice(start, end)}${suffix}`,
    highlights: all.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s + shift, e + shift]),
  };
}

/** The fields of a posting that search reads, with how much a match in each counts. */
export interface SearchDocument {
  title: string;
  skills: readonly string[];
  brief: string;
}
const FIELD_WEIGHTS = { title: 4, skills: 2, brief: 1 } as const;
const K1 = 1.2;
const B = 0.75;

function tokens(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** What a document token must start with to count for a term's word: its rough stem (at least 3 letters). */
function stemOf(word: string): string {
  const s = stem(word);
  return s.length >= 3 ? s : word;
}

function occurrences(field: readonly string[], t: SearchTerm): number {
  if (t.kind !== 'phrase') {
    const start = t.kind === 'prefix' ? t.text : stemOf(t.text);
    let n = 0;
    for (const w of field) if (w.startsWith(start)) n++;
    return n;
  }
  const words = t.text.split(' ').map(stemOf);
  let n = 0;
  for (let i = 0; i + words.length <= field.length; i++) {
    let all = true;
    for (let j = 0; j < words.length && all; j++) all = field[i + j]!.startsWith(words[j]!);
    if (all) n++;
  }
  return n;
}

export interface ScoredFields {
  tf: number[];
  length: number;
}

/** Per term, the weighted number of times it occurs in the document (title ×4, skills ×2, brief ×1). */
export function termFrequencies(doc: SearchDocument, terms: readonly SearchTerm[]): ScoredFields {
  const fields = [
    [tokens(doc.title), FIELD_WEIGHTS.title],
    [tokens(doc.skills.join(' ')), FIELD_WEIGHTS.skills],
    [tokens(doc.brief), FIELD_WEIGHTS.brief],
  ] as const;
  return {
    // The index matched every term, so each occurs at least once even where our rough stemming disagrees.
    tf: terms.map((t) =>
      Math.max(
        1,
        fields.reduce((sum, [f, w]) => sum + w * occurrences(f, t), 0),
      ),
    ),
    length: fields.reduce((sum, [f, w]) => sum + w * f.length, 0),
  };
}

/** A typical posting's weighted length (a title, a few skills, a brief of ~100 words). */
const REFERENCE_LENGTH = 150;

/**
 * BM25F-style relevance of a document to the query: each term's weighted frequency saturated (k1) and
 * normalised by the document's length (b) against a fixed reference, summed over the terms. No IDF: every
 * candidate contains every term (the index matched them all), so the terms weigh alike, and a document's
 * score depends on that document only, so it does not move while someone pages through results.
 */
export function relevance(doc: SearchDocument, terms: readonly SearchTerm[]): number {
  const { tf, length } = termFrequencies(doc, terms);
  const norm = K1 * (1 - B + (B * length) / REFERENCE_LENGTH);
  return tf.reduce((sum, f) => sum + (f * (K1 + 1)) / (f + norm), 0);
}

/** A Markdown brief as plain words, for a snippet: links and images keep their text, markup goes. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
