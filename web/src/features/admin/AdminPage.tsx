import { Button, Container, Stack } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useInstance } from '../../api/instance';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { RequireMember } from '../../components/RequireMember';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AdminTabs } from './AdminTabs';
import { InstanceSettingsForm } from './InstanceSettingsForm';
import { InviteCodes } from './InviteCodes';
import { TrustedMembers } from './TrustedMembers';

/** `/admin`: the instance's name and sign-up rules, invite codes and trusted members. Administrators only. */
export function AdminPage() {
  return (
    <RequireMember>{(member) => (member.role === 'admin' ? <AdminConsole /> : <AdminOnly />)}</RequireMember>
  );
}

function AdminConsole() {
  useDocumentTitle('Admin');
  const instance = useInstance();
  return (
    <Container size="md">
      <PageHeader title="Admin" description="Settings for everyone on this instance." />
      <AdminTabs />
      {instance.data ? (
        <Stack gap="lg">
          <InstanceSettingsForm instance={instance.data} />
          <InviteCodes signupMode={instance.data.signupMode} />
          <TrustedMembers />
        </Stack>
      ) : (
        <PageLoader />
      )}
    </Container>
  );
}

export function AdminOnly() {
  useDocumentTitle('Administrators only');
  return (
    <Container size="sm">
      <PageHeader title="Administrators only" />
      <EmptyState
        icon={<IconLock size={26} />}
        title="You don’t have access to this page"
        action={
          <Button component={Link} to="/">
            Go to the home page
          </Button>
        }
      >
        Only administrators of this instance can change its settings (403). If you think you should have
        access, ask one of them.
      </EmptyState>
    </Container>
  );
}
