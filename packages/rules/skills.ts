import { LIMITS } from './limits.js';

/**
 * Skills are normalised tags: lowercase slugs of letters, digits and single hyphens ("Type Script" →
 * "type-script"). Latin accents are dropped ("Café" → "cafe"); every other script is kept as written, in its
 * composed form ("日本語", "русский", "हिन्दी"), so a member's skill in their own language is not lost. One
 * function so that profiles, work records, overflow and the web app's tag inputs agree on what a skill is: the
 * tags people see while typing are the tags that get saved.
 */
export function normaliseSkill(raw: string): string {
  const slug = raw
    .normalize('NFKD')
    .replace(/([A-Za-z])[\u0300-\u036f]+/g, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/\+/g, 'plus')
    .replace(/#/g, 'sharp')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  // Cut by code points (never half a surrogate pair), then drop a trailing hyphen the cut left.
  return [...slug].slice(0, LIMITS.skillMax).join('').replace(/-+$/g, '');
}

/** Normalise, drop empties and duplicates, keep the first-seen order. */
export function normaliseSkills(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const s of raw) {
    const slug = normaliseSkill(s);
    if (slug) seen.add(slug);
  }
  return [...seen];
}
