import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Cursor } from '../shared/pagination.js';

/**
 * The keyset condition "after this cursor" for a list ordered by (key, id): a row-value comparison, which
 * SQLite (≥ 3.15) and PostgreSQL both evaluate as one index range. Every paginated list uses it.
 */
export function pastCursor(
  key: string | RawBuilder<string>,
  id: string,
  cursor: Cursor,
  direction: 'asc' | 'desc' = 'desc',
): RawBuilder<SqlBool> {
  const k = typeof key === 'string' ? sql.ref(key) : key;
  const op = direction === 'desc' ? sql.raw('<') : sql.raw('>');
  return sql<SqlBool>`(${k}, ${sql.ref(id)}) ${op} (${cursor.key}, ${cursor.id})`;
}
