import { LIMITS } from './limits.js';

/**
 * Skills are normalised tags: lowercase slugs of a–z, 0–9 and single hyphens ("Type Script" → "type-script").
 * One function so that profiles, work records, overflow and the web app's tag inputs agree on what a skill is:
 * the tags people see while typing are the tags that get saved.
 */
export function normaliseSkill(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\+/g, 'plus')
    .replace(/#/g, 'sharp')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, LIMITS.skillMax)
    .replace(/-+$/g, '');
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
