import type { AppContext } from '../context.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { hashPassword } from '../modules/auth/password.js';
import * as membersRepo from '../modules/members/members.repository.js';
import { handleSchema } from '../modules/members/members.schemas.js';

export class CliError extends Error {
  override name = 'CliError';
}

/** Creates a verified administrator, or promotes an existing member with that email. */
export async function createAdmin(
  ctx: AppContext,
  opts: {
    email: string;
    handle?: string | undefined;
    name?: string | undefined;
    password?: string | undefined;
  },
): Promise<string> {
  const email = opts.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new CliError(`Not an email address: ${opts.email}`);
  const existing = await membersRepo.findMemberByEmail(ctx.db, email);
  const now = iso(ctx.clock.now());
  if (existing) {
    await membersRepo.updateMember(ctx.db, existing.id, { role: 'admin', updated_at: now });
    return `@${existing.handle} (${email}) is now an administrator.`;
  }
  const problems: string[] = [];
  if (!opts.handle) problems.push('--handle is required for a new account');
  else if (!handleSchema.safeParse(opts.handle).success)
    problems.push('--handle must be 3–30 of a–z 0–9 _ -');
  if (!opts.name?.trim()) problems.push('--name is required for a new account');
  if (!opts.password || opts.password.length < 10) {
    problems.push('--password (or SLIPSTREAM_ADMIN_PASSWORD) of at least 10 characters is required');
  }
  if (problems.length) throw new CliError(`Cannot create the administrator:\n  - ${problems.join('\n  - ')}`);
  const result = await membersRepo.insertMember(ctx.db, {
    id: newId(ctx.clock.now()),
    handle: opts.handle!.toLowerCase(),
    email,
    email_verified_at: now,
    password_hash: await hashPassword(opts.password!),
    name: opts.name!.trim(),
    headline: '',
    bio: '',
    time_zone: 'UTC',
    links: '[]',
    capacity: 2,
    role: 'admin',
    created_at: now,
    updated_at: now,
  });
  if (result !== 'ok') throw new CliError(`The ${result} is already taken.`);
  return `Administrator @${opts.handle!.toLowerCase()} (${email}) created.`;
}
