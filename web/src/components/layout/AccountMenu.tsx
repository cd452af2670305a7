import { Menu, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAffiliate,
  IconChartLine,
  IconChevronDown,
  IconLogout,
  IconMail,
  IconSettings,
  IconShieldCog,
  IconUser,
} from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import type { SelfMember } from '../../api/client';
import { useSignOut } from '../../api/session';
import { MemberAvatar } from '../MemberAvatar';
import classes from './AccountMenu.module.css';

export function AccountMenu({ member }: { member: SelfMember }) {
  const navigate = useNavigate();
  const signOut = useSignOut({
    // Leave member-only pages before the session is cleared, so they don't bounce to sign-in.
    onSignedOut: async () => {
      await navigate('/', { flushSync: true });
      notifications.show({ message: 'You are signed out. See you soon.' });
    },
  });

  const handleSignOut = () =>
    signOut.mutate(undefined, {
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not sign out', message: error.message }),
    });

  return (
    <Menu position="bottom-end" width={240} shadow="md" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <UnstyledButton aria-label="Account menu" className={classes.trigger}>
          <MemberAvatar name={member.name} size={36} />
          <IconChevronDown size={16} aria-hidden="true" className={classes.chevron} />
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <div className={classes.identity}>
          <Text fw={600} size="sm" truncate>
            {member.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            @{member.handle}
          </Text>
        </div>
        <Menu.Divider />
        <Menu.Item
          component={Link}
          to={`/@${member.handle}`}
          leftSection={<IconUser size={16} aria-hidden="true" />}
        >
          Your profile
        </Menu.Item>
        <Menu.Item
          component={Link}
          to="/network"
          leftSection={<IconAffiliate size={16} aria-hidden="true" />}
        >
          Your network
        </Menu.Item>
        <Menu.Item
          component={Link}
          to="/insights"
          leftSection={<IconChartLine size={16} aria-hidden="true" />}
        >
          Insights
        </Menu.Item>
        <Menu.Item
          component={Link}
          to="/settings/profile"
          leftSection={<IconSettings size={16} aria-hidden="true" />}
        >
          Settings
        </Menu.Item>
        <Menu.Item
          component={Link}
          to="/settings/email"
          leftSection={<IconMail size={16} aria-hidden="true" />}
        >
          Email settings
        </Menu.Item>
        {member.role === 'admin' && (
          <Menu.Item
            component={Link}
            to="/admin"
            leftSection={<IconShieldCog size={16} aria-hidden="true" />}
          >
            Admin
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item
          onClick={handleSignOut}
          disabled={signOut.isPending}
          leftSection={<IconLogout size={16} aria-hidden="true" />}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
