import type { Actor } from '../../context.js';
import { forbidden, unauthorized } from '../../shared/errors.js';

export function requireMember(actor: Actor | null): Actor {
  if (!actor) throw unauthorized();
  return actor;
}

/** Managing access tokens needs a browser session: a leaked token must not be able to mint more. */
export function requireSession(actor: Actor | null): Actor {
  const a = requireMember(actor);
  if (a.via !== 'session') {
    throw forbidden(
      'Access tokens can only be managed from a signed-in browser session.',
      'SESSION_REQUIRED',
    );
  }
  return a;
}
