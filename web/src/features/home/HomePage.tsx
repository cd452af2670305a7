import { useSession, useSigningOut } from '../../api/session';
import { PageLoader } from '../../components/PageLoader';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { Landing } from './Landing';
import { MemberHome } from './MemberHome';

/** `/`: the landing page when signed out, the member's own start page when signed in. */
export function HomePage() {
  const session = useSession();
  // The instance's name alone, as the server's head says; coming back from another page resets it.
  useDocumentTitle(null);
  // Signing out lands here while the session is still cached: show the landing page at once rather than
  // mount the member home, whose requests would meet a session the server has already ended.
  const signingOut = useSigningOut();
  if (session.isPending) return <PageLoader />;
  return session.data && !signingOut ? <MemberHome member={session.data.member} /> : <Landing />;
}
