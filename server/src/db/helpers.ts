/**
 * Portable SQL helpers for repositories. They work the same on SQLite and PostgreSQL, so a repository never
 * needs to know which one it talks to (only db/dialect.ts does).
 */

/** Case-insensitive prefix match that uses an index on both dialects (values are stored lowercase). */
export function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** Replaces every row of a table in one transaction (prepared statements on SQLite); see db/dialect.ts. */
export { replaceTableRows } from './dialect.js';

/** Every row of a query as arrays of values: one streamed statement on SQLite, keyset pages on PostgreSQL. */
export { eachRawRow } from './dialect.js';

/** Upserts or deletes rows in short transactions (bounded lock hold), for a background writer. */
export { writeInChunks, type ChunkedRows } from './dialect.js';

/**
 * Joins per-key arms (each a LIMITed walk of an index, wrapped as a subquery so its ORDER BY and LIMIT stay its
 * own) into one statement with UNION ALL: one round trip for a whole batch of members or skills.
 */
export function unionAllOf<Q extends { unionAll(other: Q): Q }>(arms: readonly Q[]): Q {
  const [first, ...rest] = arms;
  if (!first) throw new Error('unionAllOf: no arms');
  return rest.reduce((q, arm) => q.unionAll(arm), first);
}
