import type { Actor } from '../../context.js';
import { requireAdmin } from '../admin/admin.policy.js';

/** Moderation (the members list, roles, suspension, the report queue) is the instance's administrators' work. */
export function requireModerator(actor: Actor | null): Actor {
  return requireAdmin(actor);
}
