// SQLite on a full disk (ADR 0028), simulated with `PRAGMA max_page_count` on the app's own connection (a
// size-limited mount needs root and would change the machine): a write that needs a page more answers 507
// STORAGE_FULL with a clear message and the app's error shape, reads keep working, every earlier write is
// intact (`PRAGMA integrity_check` ok), and writes work again once there is room.
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { registerMember, workRecordBody } from './helpers/factories.js';

describe('SQLite with a full disk', () => {
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
  });

  it('refuses writes with 507 STORAGE_FULL, keeps reads and every earlier write, and recovers', async () => {
    t = await createTestApp();
    const db = t.app.ctx.db;
    const m = await registerMember(t.app);
    const acknowledged: string[] = [];
    const write = (i: number) =>
      m.client.post<{ id: string }>(
        'work-records',
        workRecordBody({ title: `record ${i}`, summary: `${i} `.padEnd(1_900, 'x') }),
      );
    for (let i = 0; i < 10; i++) {
      const res = await write(i);
      expect(res.status).toBe(201);
      acknowledged.push(res.body.id);
    }

    // The disk is "full": the file may not grow past the pages it has now.
    const pages = await sql<{ page_count: number }>`pragma page_count`.execute(db);
    await sql.raw(`pragma max_page_count = ${pages.rows[0]!.page_count}`).execute(db);

    let refused: Awaited<ReturnType<typeof write>> | undefined;
    for (let i = 10; i < 200 && !refused; i++) {
      const res = await write(i);
      if (res.status === 201) acknowledged.push(res.body.id);
      else refused = res;
    }
    expect(refused, 'no write was refused within 190 writes').toBeDefined();
    expect(refused!.status).toBe(507);
    expect(refused!.error).toMatchObject({
      code: 'STORAGE_FULL',
      message: expect.stringMatching(/storage is full/),
    });
    expect(refused!.text).not.toMatch(/SQLITE|insert|disk I\/O/i);

    // Reads keep working, and show every acknowledged write.
    const read = await m.client.get<{ items: { id: string }[] }>(`members/${m.handle}/work-records`, {
      query: { limit: '100' },
    });
    expect(read.status).toBe(200);
    const ids = new Set(read.body.items.map((r) => r.id));
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
    const stored = await db
      .selectFrom('work_records')
      .select('id')
      .where('member_id', '=', m.member.id)
      .execute();
    expect(stored.map((r) => r.id).sort()).toEqual([...acknowledged].sort());
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
    expect(integrity.rows).toEqual([{ integrity_check: 'ok' }]);
    console.info(
      `[storage-full] ${acknowledged.length} writes acknowledged before the disk was full, then 507; integrity ok`,
    );

    // Room again: writes work.
    await sql.raw('pragma max_page_count = 1073741823').execute(db);
    const again = await write(999);
    expect(again.status).toBe(201);
  });
});
