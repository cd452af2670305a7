import { Avatar, type AvatarProps } from '@mantine/core';
import { initialsOf } from '../lib/format';

interface MemberAvatarProps extends Omit<AvatarProps, 'children'> {
  name: string;
}

/** Initials on the brand colour; no photos yet. Decorative: the name is always shown nearby. */
export function MemberAvatar({ name, ...props }: MemberAvatarProps) {
  return (
    <Avatar color="stream" variant="filled" radius="xl" aria-hidden="true" {...props}>
      {initialsOf(name)}
    </Avatar>
  );
}
