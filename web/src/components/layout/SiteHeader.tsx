import { Anchor, Button, Container, Group, Skeleton } from '@mantine/core';
import { NavLink as RouterNavLink } from 'react-router';
import { useInstanceName } from '../../api/instance';
import { useSession } from '../../api/session';
import { Wordmark } from '../Wordmark';
import { AccountMenu } from './AccountMenu';
import classes from './SiteHeader.module.css';

/** Main navigation. Board, search and notifications join this list as they are built. */
const NAV_ITEMS = [{ label: 'Home', to: '/' }] as const;

export function SiteHeader() {
  const instanceName = useInstanceName();
  const session = useSession();

  return (
    <header className={classes.header}>
      <Container size="lg" className={classes.inner}>
        <Wordmark name={instanceName} />
        <nav aria-label="Main" className={classes.nav}>
          <Group gap={4} wrap="nowrap">
            {NAV_ITEMS.map((item) => (
              <Anchor
                key={item.to}
                component={RouterNavLink}
                to={item.to}
                end
                className={classes.navLink}
                visibleFrom="xs"
              >
                {item.label}
              </Anchor>
            ))}
            {session.isPending ? (
              <Skeleton height={36} width={36} circle ml="xs" aria-hidden="true" />
            ) : session.data ? (
              <AccountMenu member={session.data.member} />
            ) : (
              <Group gap={6} wrap="nowrap" ml={4}>
                <Anchor component={RouterNavLink} to="/signin" className={classes.navLink}>
                  Sign in
                </Anchor>
                <Button
                  component={RouterNavLink}
                  to="/signup"
                  size="sm"
                  radius="xl"
                  px={{ base: 14, xs: 18 }}
                >
                  Sign up
                </Button>
              </Group>
            )}
          </Group>
        </nav>
      </Container>
    </header>
  );
}
