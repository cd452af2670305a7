import { Box } from '@mantine/core';
import { Suspense, useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';
import { PageLoader } from '../PageLoader';
import { SiteFooter } from './SiteFooter';
import { SiteHeader } from './SiteHeader';
import { SkipLink } from './SkipLink';
import { PendingDeletionBanner } from './PendingDeletionBanner';
import { VerifyEmailBanner } from './VerifyEmailBanner';
import classes from './AppLayout.module.css';

/** Page frame: skip link, header, email banner, main content, footer. */
export function AppLayout() {
  const mainRef = useRef<HTMLElement>(null);
  useFocusMainOnNavigation(mainRef);

  return (
    <div className={classes.shell}>
      <SkipLink targetId="main" />
      <SiteHeader />
      <VerifyEmailBanner />
      <PendingDeletionBanner />
      <Box component="main" id="main" tabIndex={-1} ref={mainRef} className={classes.main}>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </Box>
      <SiteFooter />
    </div>
  );
}

/**
 * After a client-side navigation, start at the top and put focus at the start of the new content, as a
 * full page load would; screen readers then read the new page rather than staying on the old link.
 */
function useFocusMainOnNavigation(mainRef: React.RefObject<HTMLElement | null>) {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    // A page that placed focus itself (a `?focus=` field, scrolled into view) keeps it: its effect runs before
    // this one when the page renders in the same commit as the navigation.
    const main = mainRef.current;
    if (main?.contains(document.activeElement)) return;
    window.scrollTo({ top: 0 });
    main?.focus({ preventScroll: true });
  }, [pathname, mainRef]);
}
