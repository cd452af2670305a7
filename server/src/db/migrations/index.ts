import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_drafting_loop.js';
import * as m0003 from './0003_read_path_indexes.js';
import * as m0004 from './0004_sign_in_throttling.js';
import * as m0005 from './0005_board_due_key.js';
import * as m0006 from './0006_search.js';
import * as m0007 from './0007_merit.js';
import * as m0008 from './0008_invites.js';
import * as m0009 from './0009_member_search.js';
import * as m0010 from './0010_ledger_balances.js';
import * as m0011 from './0011_working_together.js';
import * as m0013 from './0013_visible_questions.js';
import * as m0014 from './0014_owner_credit.js';
import * as m0015 from './0015_insights_indexes.js';
import * as m0016 from './0016_network.js';
import * as m0017 from './0017_needs_you.js';
import * as m0018 from './0018_email.js';
import * as m0019 from './0019_outbox_admin.js';
import * as m0020 from './0020_ownership.js';
import * as m0021 from './0021_moderation.js';
import * as m0023 from './0023_export_walks.js';

/**
 * Every migration, in order. Forward-only: add a new file, never edit a released one. (0012 was reserved for
 * the engagement conversation, which needed no schema beyond 0011.)
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_drafting_loop': m0002,
  '0003_read_path_indexes': m0003,
  '0004_sign_in_throttling': m0004,
  '0005_board_due_key': m0005,
  '0006_search': m0006,
  '0007_merit': m0007,
  '0008_invites': m0008,
  '0009_member_search': m0009,
  '0010_ledger_balances': m0010,
  '0011_working_together': m0011,
  '0013_visible_questions': m0013,
  '0014_owner_credit': m0014,
  '0015_insights_indexes': m0015,
  '0016_network': m0016,
  '0017_needs_you': m0017,
  '0018_email': m0018,
  '0019_outbox_admin': m0019,
  '0020_ownership': m0020,
  '0021_moderation': m0021,
  '0023_export_walks': m0023,
};
