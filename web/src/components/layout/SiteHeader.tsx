import { Anchor, Button, Container, Group, Skeleton } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { NavLink as RouterNavLink } from 'react-router';
import { useInstanceName } from '../../api/instance';
import { useUnreadNotificationCount } from '../../api/notifications';
import { useSession } from '../../api/session';
import { HeaderSearch } from '../../features/search/HeaderSearch';
import { Wordmark } from '../Wordmark';
import { AccountMenu } from './AccountMenu';
import { ColorSchemeMenu } from './ColorSchemeMenu';
import classes from './SiteHeader.module.css';

interface NavItem {
  label: string;
  to: string;
  /** Shown only to signed-in members. */
  members?: boolean;
}

/** Main navigation. The board is public; the rest is about your own work and relationships. */
const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Board', to: '/board' },
  { label: 'My work', to: '/work', members: true },
  { label: 'Ties', to: '/ties', members: true },
];

/**
 * The header. On wide screens the navigation sits in one row with the notifications link and the account
 * menu; on phones the navigation moves to a compact second row of tabs, so every link stays one tap away
 * (signed out too: the board is public, and the bar has room only for the wordmark and the account links).
 */
export function SiteHeader() {
  const instanceName = useInstanceName();
  const session = useSession();
  const signedIn = Boolean(session.data);
  const items = NAV_ITEMS.filter((item) => signedIn || !item.members);

  return (
    <header className={classes.header}>
      <Container size="lg" className={classes.inner}>
        <Wordmark name={instanceName} />
        {/* The public items show at once (no jump when the session check answers); members' join them. */}
        <nav aria-label="Main" className={classes.desktopNav}>
          {items.map((item) => (
            <Anchor key={item.to} component={RouterNavLink} to={item.to} className={classes.navLink}>
              {item.label}
            </Anchor>
          ))}
        </nav>
        <Group gap={4} wrap="nowrap" className={classes.end}>
          <HeaderSearch roomy={signedIn} />
          <ColorSchemeMenu />
          {session.isPending ? (
            // The signed-out links' room, kept while the session check runs (most first visits are signed
            // out): the header does not shift when they appear.
            <Group gap={6} wrap="nowrap" className={classes.pending} aria-hidden="true">
              <Skeleton height={36} width={36} circle />
            </Group>
          ) : session.data ? (
            <>
              <NotificationsLink />
              <AccountMenu member={session.data.member} />
            </>
          ) : (
            <Group gap={6} wrap="nowrap">
              <Anchor component={RouterNavLink} to="/signin" className={classes.navLink}>
                Sign in
              </Anchor>
              <Button component={RouterNavLink} to="/signup" size="sm" radius="xl" px={{ base: 14, xs: 18 }}>
                Sign up
              </Button>
            </Group>
          )}
        </Group>
      </Container>
      <nav aria-label="Main" className={classes.phoneNav} data-signed-out={signedIn ? undefined : true}>
        {items.map((item) => (
          <RouterNavLink key={item.to} to={item.to} className={classes.tab}>
            {item.label}
          </RouterNavLink>
        ))}
      </nav>
    </header>
  );
}

/** The bell, with the unread count; its accessible name says the count ("Notifications, 3 unread"). */
function NotificationsLink() {
  const unread = useUnreadNotificationCount().data ?? 0;
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <RouterNavLink to="/notifications" aria-label={label} title={label} className={classes.bell}>
      <IconBell size={22} stroke={1.8} aria-hidden="true" />
      {unread > 0 && (
        <span className={classes.count} aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </RouterNavLink>
  );
}
