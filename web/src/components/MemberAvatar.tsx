import { Avatar, type AvatarProps } from '@mantine/core';
import { IconUserOff } from '@tabler/icons-react';
import { FORMER_MEMBER_NAME } from '../../../packages/rules';
import { initialsOf } from '../lib/format';

interface MemberAvatarProps extends Omit<AvatarProps, 'children'> {
  name: string;
}

/**
 * Initials on the brand colour; no photos yet. Decorative: the name is always shown nearby. A former member
 * (who deleted their account) gets a neutral mark instead of initials.
 */
export function MemberAvatar({ name, ...props }: MemberAvatarProps) {
  if (name === FORMER_MEMBER_NAME) {
    return (
      <Avatar color="gray" variant="light" radius="xl" aria-hidden="true" {...props}>
        <IconUserOff size="60%" />
      </Avatar>
    );
  }
  return (
    <Avatar color="stream" variant="filled" radius="xl" aria-hidden="true" {...props}>
      {initialsOf(name)}
    </Avatar>
  );
}
