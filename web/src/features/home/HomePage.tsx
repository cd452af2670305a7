import { useSession } from '../../api/session';
import { PageLoader } from '../../components/PageLoader';
import { Landing } from './Landing';
import { MemberHome } from './MemberHome';

/** `/`: the landing page when signed out, the member's own start page when signed in. */
export function HomePage() {
  const session = useSession();
  if (session.isPending) return <PageLoader />;
  return session.data ? <MemberHome member={session.data.member} /> : <Landing />;
}
