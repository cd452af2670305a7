import type { Actor } from '../../context.js';
import { forbidden, unauthorized } from '../../shared/errors.js';

/**
 * Who reads which audit lines: a member reads the lines that concern them (their activity); an admin may
 * read everyone's. The audit domain imports no other domain, so these checks are its own.
 */
export function requireAuditReader(actor: Actor | null, scope: 'mine' | 'all'): Actor {
  if (!actor) throw unauthorized();
  if (scope === 'all' && actor.role !== 'admin') {
    throw forbidden('Only administrators can read everyone’s audit log.', 'ADMIN_ONLY');
  }
  return actor;
}
