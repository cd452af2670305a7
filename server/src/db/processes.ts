import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Db } from './database.js';

/**
 * The PostgreSQL `application_name` of this server process's connections: `slipstream <host>:<pid> <random>`
 * (at most 63 bytes, PostgreSQL's limit; ASCII only). The random part keeps two processes apart when their
 * host and pid agree (containers). Only the app's own pool uses it: the CLI and worker threads do not count.
 */
export const SERVER_APPLICATION_NAME = `slipstream ${hostname()
  .replace(/[^\x21-\x7e]/g, '?')
  .slice(0, 32)}:${process.pid} ${randomBytes(3).toString('hex')}`.slice(0, 63);

/**
 * How many other Slipstream server processes have a connection to this database now (PostgreSQL only), by
 * the distinct `application_name`s in pg_stat_activity. A process whose pool has no open connection at this
 * moment (idle for 10 seconds) is not seen, which is why the check repeats (jobs/peers.ts); a busy one,
 * the one whose limits matter, always has some.
 */
export async function otherServerProcesses(db: Db, own: string = SERVER_APPLICATION_NAME): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(distinct application_name)::int as n from pg_stat_activity
    where datname = current_database() and application_name like 'slipstream %' and application_name <> ${own}
  `.execute(db);
  return rows[0]?.n ?? 0;
}
