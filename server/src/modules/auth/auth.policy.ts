import type { Actor } from '../../context.js';
import { forbidden } from '../../shared/errors.js';
import { requireMember } from '../members/members.policy.js';

export { requireMember };

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
