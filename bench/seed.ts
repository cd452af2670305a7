import { faker } from '@faker-js/faker';
import type { AppContext } from '../server/src/context.js';
import { iso } from '../server/src/shared/clock.js';
import { newId } from '../server/src/shared/ids.js';

/** Synthetic data in large transactions: members, skills (Zipf-like), open and closed overflow. */
export async function seedBenchData(ctx: AppContext, rows: number) {
  faker.seed(42);
  const skills = Array.from({ length: 200 }, (_, i) => `skill-${i}`);
  const pickSkill = () =>
    skills[Math.min(skills.length - 1, Math.floor(Math.random() ** 3 * skills.length))]!;
  const memberCount = Math.max(10, Math.floor(rows / 10));
  const now = ctx.clock.now();
  const members = Array.from({ length: memberCount }, (_, i) => ({
    id: newId(now),
    handle: `bench_${i}`,
    email: `bench_${i}@bench.local`,
    email_verified_at: iso(now),
    password_hash: 'x',
    name: faker.person.fullName(),
    headline: faker.person.jobTitle(),
    bio: '',
    time_zone: 'UTC',
    links: '[]',
    capacity: 2,
    role: 'member' as const,
    created_at: iso(now),
    updated_at: iso(now),
  }));
  for (let i = 0; i < members.length; i += 500) {
    await ctx.db
      .insertInto('members')
      .values(members.slice(i, i + 500))
      .execute();
  }
  const statuses = [
    'open',
    'open',
    'open',
    'completed',
    'completed',
    'cancelled',
    'expired',
    'completed',
    'completed',
    'assigned',
  ] as const;
  for (let start = 0; start < rows; start += 2000) {
    await ctx.db.transaction().execute(async (trx) => {
      const batch = [];
      const skillRows: {
        overflow_id: string;
        skill: string;
        position: number;
        status: (typeof statuses)[number];
        created_at: string;
      }[] = [];
      for (let i = start; i < Math.min(rows, start + 2000); i++) {
        const created = iso(new Date(now.getTime() - (rows - i) * 60_000));
        const id = newId(new Date(created));
        const status = statuses[i % statuses.length]!;
        batch.push({
          id,
          owner_id: members[i % members.length]!.id,
          title: faker.company.catchPhrase().slice(0, 120),
          brief: faker.lorem.paragraphs(2).slice(0, 600),
          effort_hours: 1 + (i % 40),
          due_on: i % 3 === 0 ? null : `2027-0${1 + (i % 9)}-1${i % 9}`,
          visibility: i % 5 === 0 ? ('members' as const) : ('public' as const),
          ask_member_id: null,
          status,
          created_at: created,
          updated_at: created,
        });
        const mine = [...new Set(Array.from({ length: 1 + (i % 4) }, pickSkill))];
        mine.forEach((skill, position) =>
          skillRows.push({ overflow_id: id, skill, position, status, created_at: created }),
        );
      }
      for (let i = 0; i < batch.length; i += 500)
        await trx
          .insertInto('overflow')
          .values(batch.slice(i, i + 500))
          .execute();
      for (let i = 0; i < skillRows.length; i += 500) {
        await trx
          .insertInto('overflow_skills')
          .values(skillRows.slice(i, i + 500))
          .execute();
      }
    });
  }
  return { skills, handle: members[0]!.handle };
}
