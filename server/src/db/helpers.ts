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
