/**
 * Portable SQL helpers for repositories. They work the same on SQLite and PostgreSQL, so a repository never
 * needs to know which one it talks to (only db/dialect.ts does).
 */

/** Case-insensitive prefix match that uses an index on both dialects (values are stored lowercase). */
export function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** A unique-index violation, as either database reports it. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
