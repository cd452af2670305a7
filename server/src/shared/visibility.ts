/**
 * Who may see an overflow, written once as data. The row check (`canViewOverflow` in overflow.policy.ts)
 * and the SQL of every list (`visibleTo` in db/overflow-visibility.ts) are both read off these grants, so the
 * two cannot disagree. See docs/decisions/0009-layering.md.
 *
 * The rule: `public` → anyone, signed out too; `members` → members with a confirmed email; `ask` → the owner
 * and the member asked. The owner always sees their own overflow. Admins see what members see: a direct
 * ask stays between the two people in it.
 */
export type OverflowGrant =
  | { kind: 'visibility'; visibility: 'public' | 'members' }
  | { kind: 'owner'; memberId: string }
  | { kind: 'asked'; memberId: string };

/** The viewer, as far as visibility cares: who they are and whether their email is confirmed. */
export interface OverflowViewer {
  memberId: string;
  emailVerified: boolean;
}

export function overflowGrants(viewer: OverflowViewer | null): OverflowGrant[] {
  const grants: OverflowGrant[] = [{ kind: 'visibility', visibility: 'public' }];
  if (!viewer) return grants;
  if (viewer.emailVerified) grants.push({ kind: 'visibility', visibility: 'members' });
  grants.push({ kind: 'owner', memberId: viewer.memberId }, { kind: 'asked', memberId: viewer.memberId });
  return grants;
}

/** The row fields a grant reads; an `ask` overflow names the member asked in `ask_member_id`. */
export interface OverflowAudience {
  visibility: 'public' | 'members' | 'ask';
  owner_id: string;
  ask_member_id: string | null;
}

export function grantAllows(grant: OverflowGrant, o: OverflowAudience): boolean {
  switch (grant.kind) {
    case 'visibility':
      return o.visibility === grant.visibility;
    case 'owner':
      return o.owner_id === grant.memberId;
    case 'asked':
      return o.visibility === 'ask' && o.ask_member_id === grant.memberId;
  }
}
