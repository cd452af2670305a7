import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { AuditList } from '../../components/AuditList';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/useDocumentTitle';

/** `/settings/activity`: the security events of your account and what administrators did to it. */
export function ActivityPage() {
  useDocumentTitle('Activity');
  return (
    <>
      <PageHeader
        title="Activity"
        description={
          <>
            Sign-ins from a new device, changes to your password, email address, sessions and access tokens,
            and what administrators did to your account, newest first. Something you don’t recognise?{' '}
            <Anchor component={Link} to="/settings/security" inherit fw={600}>
              Change your password
            </Anchor>
            .
          </>
        }
      />
      <AuditList scope="mine" label="Your security events" />
    </>
  );
}
