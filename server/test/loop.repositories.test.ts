// Loop repositories under PostgreSQL's rules: a duplicate key answers through ON CONFLICT (the caller's
// transaction stays usable), and "decline the others" is one UPDATE … RETURNING, so an offer withdrawn
// meanwhile is neither declined nor reported as declined (no wrong notification).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createWorkRecord } from './helpers/factories.js';
import { makeOffer, postOverflow, verifiedMember, type LoopMember } from './helpers/loop.js';
import * as offersRepo from '../src/modules/offers/offers.repository.js';
import * as overflowRepo from '../src/modules/overflow/overflow.repository.js';
import * as tiesRepo from '../src/modules/ties/ties.repository.js';
import { newId } from '../src/shared/ids.js';

let t: TestApp;
let owner: LoopMember;
let a: LoopMember;
let b: LoopMember;

beforeAll(async () => {
  t = await createTestApp();
  owner = await verifiedMember(t);
  a = await verifiedMember(t);
  b = await verifiedMember(t);
});
afterAll(() => t?.close());

const db = () => t.app.ctx.db;
const now = () => t.clock.now().toISOString();

describe('a duplicate key inside a transaction', () => {
  it('a second pending offer on the same overflow is refused (false) and the transaction goes on', async () => {
    const o = await postOverflow(owner.client);
    const row = (id: string) => ({
      id,
      overflow_id: o.id,
      helper_id: a.id,
      pitch: 'Twice.',
      proposed_on: '2030-01-01',
      status: 'pending' as const,
      decline_note: null,
      created_at: now(),
      updated_at: now(),
    });
    const count = await db()
      .transaction()
      .execute(async (trx) => {
        expect(await offersRepo.insertOffer(trx, row(newId()), [])).toBe(true);
        expect(await offersRepo.insertOffer(trx, row(newId()), [])).toBe(false);
        // On PostgreSQL a caught unique violation would have aborted the transaction here.
        return overflowRepo.countPendingOffers(trx, o.id);
      });
    expect(count).toBe(1);
  });

  it('a second pending noticed note on the same work record is refused (false) and the transaction goes on', async () => {
    const record = await createWorkRecord(owner.client);
    const row = () => ({
      id: newId(),
      from_id: a.id,
      to_id: owner.id,
      work_record_id: record.id,
      message: 'The part on rollbacks was excellent.',
      status: 'pending' as const,
      created_at: now(),
      responded_at: null,
    });
    const sent = await db()
      .transaction()
      .execute(async (trx) => {
        expect(await tiesRepo.insertNoticed(trx, row())).toBe(true);
        expect(await tiesRepo.insertNoticed(trx, row())).toBe(false);
        return tiesRepo.countNoticedSince(trx, a.id, '2000-01-01');
      });
    expect(sent).toBe(1);
  });
});

// Row locks that make a concurrent withdrawal wait exist only on PostgreSQL (SQLite has one writer at a
// time), so this case is registered there only: nothing is reported as skipped on SQLite.
if (process.env.TEST_DIALECT === 'postgres') {
  describe('declining the other offers', () => {
    it('an offer withdrawn while the decline waits for its row is neither declined nor returned', async () => {
      const o = await postOverflow(owner.client);
      const withdrawn = await makeOffer(t, a.client, o.id);
      const other = await makeOffer(t, b.client, o.id);

      // Another transaction withdraws one offer and holds its row lock until released.
      let locked!: () => void;
      let release!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const gate = new Promise<void>((r) => (release = r));
      const withdrawal = db()
        .transaction()
        .execute(async (trx) => {
          await trx
            .updateTable('offers')
            .set({ status: 'withdrawn' })
            .where('id', '=', withdrawn.id)
            .execute();
          locked();
          await gate;
        });
      await isLocked;
      const decline = overflowRepo.declinePendingOffers(db(), o.id, now());
      // Let the decline read the offers and wait on the locked row, then commit the withdrawal.
      await new Promise((r) => setTimeout(r, 300));
      release();
      await withdrawal;
      const declined = await decline;

      expect(declined.map((d) => d.id)).toEqual([other.id]);
      const statuses = await db()
        .selectFrom('offers')
        .select(['id', 'status'])
        .where('overflow_id', '=', o.id)
        .execute();
      expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
        [withdrawn.id]: 'withdrawn',
        [other.id]: 'declined',
      });
    });
  });
}
