import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { SelfMember } from '../api/client';
import { useSession } from '../api/session';
import { PageLoader } from './PageLoader';

/** Renders its children for signed-in members; sends everyone else to sign in, then back here. */
export function RequireMember({ children }: { children: (member: SelfMember) => ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoader />;
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children(session.data.member)}</>;
}
