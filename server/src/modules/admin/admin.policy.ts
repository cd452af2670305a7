import type { Actor } from '../../context.js';
import { forbidden, unauthorized } from '../../shared/errors.js';

export function requireAdmin(actor: Actor | null): Actor {
  if (!actor) throw unauthorized();
  if (actor.role !== 'admin')
    throw forbidden('Only an administrator of this instance can do this.', 'ADMIN_ONLY');
  return actor;
}
