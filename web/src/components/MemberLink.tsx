import { Anchor, Text, type AnchorProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { FORMER_MEMBER_NAME, isFormerHandle } from '../../../packages/rules';

interface MemberLinkProps extends AnchorProps {
  /** The member's handle: empty (or a tombstone's) for a member who deleted their account. */
  handle: string;
  children?: ReactNode;
  id?: string;
  className?: string;
}

/**
 * A link to a member's profile, or, for a member who deleted their account, "a former member" without a
 * link (there is no profile to go to; docs/account-deletion.md). Use it wherever a member is named.
 */
export function MemberLink({ handle, children, ...props }: MemberLinkProps) {
  if (isFormerHandle(handle)) {
    const { id, className } = props;
    return (
      <Text span inherit c="dimmed" fs="italic" id={id} className={className}>
        {FORMER_MEMBER_NAME}
      </Text>
    );
  }
  return (
    <Anchor component={Link} to={`/@${handle}`} {...props}>
      {children}
    </Anchor>
  );
}
