import { Container, Grid, Text } from '@mantine/core';
import { IconBriefcase, IconKey, IconMail, IconUser, IconUserCircle } from '@tabler/icons-react';
import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { RequireMember } from '../../components/RequireMember';
import classes from './SettingsLayout.module.css';

const SETTINGS_PAGES = [
  { to: '/settings/profile', label: 'Profile', icon: IconUser },
  { to: '/settings/work', label: 'Work records', icon: IconBriefcase },
  { to: '/settings/email', label: 'Email', icon: IconMail },
  { to: '/settings/tokens', label: 'Access tokens', icon: IconKey },
  { to: '/settings/account', label: 'Account', icon: IconUserCircle },
] as const;

/** Settings pages share a side navigation (a row of tabs on small screens). Signed-in members only. */
export function SettingsLayout() {
  return (
    <RequireMember>
      {() => (
        <Container size="lg">
          <Grid gap={{ base: 'md', md: 40 }}>
            <Grid.Col span={{ base: 12, md: 3 }}>
              <nav aria-label="Settings" className={classes.nav}>
                <Text className={classes.heading} visibleFrom="md">
                  Settings
                </Text>
                <ul className={classes.list}>
                  {SETTINGS_PAGES.map(({ to, label, icon: Icon }) => (
                    <li key={to}>
                      <NavLink to={to} className={classes.link}>
                        <Icon size={18} aria-hidden="true" />
                        <span>{label}</span>
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 9 }}>
              <Suspense fallback={<PageLoader />}>
                <Outlet />
              </Suspense>
            </Grid.Col>
          </Grid>
        </Container>
      )}
    </RequireMember>
  );
}
