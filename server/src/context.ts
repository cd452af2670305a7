import type { Logger } from 'pino';
import type { Config } from './config/env.js';
import type { Db } from './db/database.js';
import type { Outbox } from './email/outbox.js';
import type { Clock } from './shared/clock.js';

/** What services need from the outside world; built once in app.ts and passed explicitly. */
export interface AppContext {
  db: Db;
  clock: Clock;
  config: Config;
  outbox: Outbox;
  log: Logger;
}

/** Who is acting. `null` is an anonymous visitor. */
export interface Actor {
  memberId: string;
  role: 'member' | 'admin';
  via: 'session' | 'token';
  /** Members-only content needs a confirmed email: an unproven address at an allowed domain proves nothing. */
  emailVerified: boolean;
  sessionId?: string;
}
