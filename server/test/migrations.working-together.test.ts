// Issue 8's migrations (0011–0017) on a database that already holds the loop's data: stepping back to 0010 and
// forward again keeps every row and backfills what the new columns mean — a verified record of members-only
// overflow becomes private (it was published until 0011), the owner's record and ledger entries are derived
// from the engagements already stored (0011, 0014), and completed work together lands on the tie (0016).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator, migrateToLatest, type Db } from '../src/db/database.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import {
  completedEngagement,
  storedAndRecomputedFigures,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';

let t: TestApp;
const db = (): Db => t.app.ctx.db;
let owner: LoopMember;
let helper: LoopMember;
let publicRecord: string;
let membersRecord: string;

beforeAll(async () => {
  t = await createTestApp();
  owner = await verifiedMember(t);
  helper = await verifiedMember(t);
  const a = await completedEngagement(t, owner.client, helper.client, { effortHours: 8 });
  const b = await completedEngagement(t, owner.client, helper.client, {
    effortHours: 4,
    visibility: 'members',
  });
  publicRecord = a.engagement.workRecordId!;
  membersRecord = b.engagement.workRecordId!;
}, 120_000);
afterAll(() => t?.close());

async function snapshot() {
  const [records, ties, ledger] = await Promise.all([
    db().selectFrom('work_records').select(['id', 'details_public']).orderBy('id').execute(),
    db().selectFrom('ties').select(['id', 'completed_together', 'weight_a_to_b', 'weight_b_to_a']).execute(),
    db().selectFrom('ledger_entries').select(['kind', 'giver_id', 'weight']).orderBy('kind').execute(),
  ]);
  return { records, ties, ledger, figures: await storedAndRecomputedFigures(db()) };
}

describe('migrations 0011–0017 (issue 8)', () => {
  it('step back to 0010 and forward again, backfilling from the rows already stored', async () => {
    const before = await snapshot();
    expect(before.records.find((r) => r.id === membersRecord)?.details_public).toBe(0);
    expect(before.records.find((r) => r.id === publicRecord)?.details_public).toBe(1);

    const down = await createMigrator(db()).migrateTo('0010_ledger_balances');
    expect(down.error).toBeUndefined();
    const applied = await migrateToLatest(db());
    expect(applied[0]).toBe('0011_working_together');

    const after = await snapshot();
    // The members-only record is private again; the public one stays public.
    expect(after.records).toEqual(before.records);
    // Completed work together, the pair's weights, the owner's entries (opportunity, review, endorsement).
    expect(after.ties).toEqual(before.ties);
    expect(after.ties[0]?.completed_together).toBe(2);
    expect(after.ledger.map((e) => [e.kind, e.weight]).sort()).toEqual(
      before.ledger.map((e) => [e.kind, e.weight]).sort(),
    );
    expect(after.ledger.filter((e) => e.giver_id === owner.id).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['opportunity', 'review', 'endorsement']),
    );
    // The owner's record and every stored figure equal what the rows add up to.
    expect(after.figures.stored).toEqual(after.figures.recomputed);
    expect(after.figures.stored).toEqual(before.figures.stored);
    const ownerRow = after.figures.stored.members.find((m) => m.id === owner.id)!;
    expect(ownerRow).toMatchObject({ given_out: 2, completed_as_owner: 2, ratings_given_count: 2 });
  });
});
