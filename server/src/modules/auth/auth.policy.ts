import type { Actor } from '../../context.js';
import { forbidden } from '../../shared/errors.js';
import { requireMember } from '../members/members.policy.js';

export { requireMember };

/**
 * Managing access tokens, sessions, the password and the email address needs a browser session: a leaked
 * token must not be able to mint more, sign its owner out or take over the account.
 */
export function requireSession(
  actor: Actor | null,
  message = 'Access tokens can only be managed from a signed-in browser session.',
): Actor {
  const a = requireMember(actor);
  if (a.via !== 'session') throw forbidden(message, 'SESSION_REQUIRED');
  return a;
}
