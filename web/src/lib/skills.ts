/**
 * Skills are lowercase slugs ("Type Script" → "type-script"), the same rule the server applies, so the
 * tags people see while typing are the tags that get saved.
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
    .slice(0, 40)
    .replace(/-+$/g, '');
}

export function normaliseSkills(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const skill of raw) {
    const slug = normaliseSkill(skill);
    if (slug) seen.add(slug);
  }
  return [...seen];
}
