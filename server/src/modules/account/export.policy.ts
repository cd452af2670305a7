import type { Actor } from '../../context.js';
import type { MemberExportTable } from '../../db/schema.js';
import { notFound } from '../../shared/errors.js';
import { requireMember } from '../auth/auth.policy.js';

export { requireMember };

/** A member's export is theirs alone: anyone else's id is "not found" (admins included), so ids reveal nothing. */
export function requireOwnExport<T extends Pick<MemberExportTable, 'member_id'>>(
  actor: Actor | null,
  row: T | undefined,
): T {
  const a = requireMember(actor);
  if (!row || row.member_id !== a.memberId) throw notFound('Export', 'EXPORT_NOT_FOUND');
  return row;
}

/** The other party's private delivery note stays theirs: only its author exports its text (docs/export.md). */
export const exportsNoteOf = (memberId: string, ev: { actor_id: string | null; note_private: number }) =>
  ev.note_private !== 1 || ev.actor_id === memberId;
