/**
 * The one place that tells a database fault from a bug (ADR 0028). plugins/errors.ts answers:
 * - `unavailable`: the database cannot be reached or is restarting (PostgreSQL refused or cut the
 *   connection, a connect timed out, the server is shutting down or starting up) → 503 DATABASE_UNAVAILABLE
 *   with Retry-After; the pool opens new connections by itself once the server is back;
 * - `full`: the disk (or the SQLite file's size limit) is full → 507 STORAGE_FULL; nothing of the write was
 *   kept (SQLite rolls the transaction back), reads keep working.
 */
export type DatabaseFault = 'unavailable' | 'full';

/** Node socket errors meaning "the server is not there" (refused, reset, unreachable, timed out). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up,
 * in recovery), 53300 too_many_connections; class 08 is connection exceptions.
 */
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres throws without a code when a connection dies or cannot be opened in time. */
const PG_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Connection ended unexpectedly/,
];

function classifyOne(error: unknown): DatabaseFault | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // "database or disk is full": the disk, or `PRAGMA max_page_count`.
    if (code === 'SQLITE_FULL') return 'full';
    if (NETWORK_CODES.has(code) || PG_UNAVAILABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code)) {
      return 'unavailable';
    }
  }
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && PG_MESSAGES.some((m) => m.test(message))) return 'unavailable';
  return undefined;
}

/** The fault behind an error (or its `cause`, a few levels deep), or undefined for anything else. */
export function databaseFault(error: unknown): DatabaseFault | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const fault = classifyOne(current);
    if (fault) return fault;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
