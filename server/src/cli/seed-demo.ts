import type { AppContext } from '../context.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { normaliseSkills } from '../shared/skills.js';
import { hashPassword } from '../modules/auth/password.js';
import * as membersRepo from '../modules/members/members.repository.js';
import * as workRepo from '../modules/members/work-records.repository.js';
import { DEMO_MEMBERS, DEMO_PASSWORD } from './demo-data.js';
import { seedDemoLoop } from './demo-loop.js';

/**
 * Creates the demo community in one transaction. Returns undefined (and changes nothing) when the
 * database already has members: demo data never mixes with real data.
 */
export async function seedDemoIfEmpty(
  ctx: AppContext,
): Promise<{ banner: string; members: number } | undefined> {
  if ((await membersRepo.countMembers(ctx.db)) > 0) return undefined;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    for (const [i, m] of DEMO_MEMBERS.entries()) {
      const id = newId(now);
      await membersRepo.insertMember(trx, {
        id,
        handle: m.handle,
        email: `${m.handle}@demo.slipstream.local`,
        email_verified_at: iso(now),
        password_hash: passwordHash,
        name: m.name,
        headline: m.headline,
        bio: m.bio,
        time_zone: m.timeZone,
        links: JSON.stringify(m.links ?? []),
        capacity: 2,
        role: i === 0 ? 'admin' : 'member',
        created_at: iso(now),
        updated_at: iso(now),
      });
      await membersRepo.replaceMemberSkills(trx, id, normaliseSkills(m.skills));
      for (const w of m.work) {
        const wid = newId(now);
        await workRepo.insertWorkRecord(trx, {
          id: wid,
          member_id: id,
          title: w.title,
          summary: w.summary,
          url: w.url ?? null,
          kind: w.kind,
          occurred_on: w.date,
          verified: 0,
          engagement_id: null,
          endorsement: null,
          created_at: iso(now),
          updated_at: iso(now),
        });
        await workRepo.replaceWorkRecordSkills(trx, wid, normaliseSkills(w.skills));
      }
    }
  });
  await seedDemoLoop(ctx);
  const admin = DEMO_MEMBERS[0]!;
  const banner = [
    '┌──────────────────────────────────────────────────────────────┐',
    '│ Demo community created. Sign in as any member, for example:  │',
    `│   admin:  ${admin.handle}@demo.slipstream.local`.padEnd(63) + '│',
    `│   member: ${DEMO_MEMBERS[1]!.handle}@demo.slipstream.local`.padEnd(63) + '│',
    `│   password (all demo members): ${DEMO_PASSWORD}`.padEnd(63) + '│',
    '└──────────────────────────────────────────────────────────────┘',
  ].join('\n');
  return { banner, members: DEMO_MEMBERS.length };
}
