import type { ReactNode } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useSession } from '../api/session';
import { safeNextPath } from '../lib/safeRedirect';
import { PageLoader } from './PageLoader';

/** Sign-in and sign-up make no sense when already signed in: go where the person was heading. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const session = useSession();
  const [params] = useSearchParams();
  if (session.isPending) return <PageLoader />;
  if (session.data) return <Navigate to={safeNextPath(params.get('next'))} replace />;
  return <>{children}</>;
}
