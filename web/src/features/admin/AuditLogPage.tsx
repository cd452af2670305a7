import { Button, Container, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { AuditList } from '../../components/AuditList';
import { PageHeader } from '../../components/PageHeader';
import { RequireMember } from '../../components/RequireMember';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AdminOnly } from './AdminPage';
import { AdminTabs } from './AdminTabs';

/** `/admin/audit`: every admin action and security event on the instance. Administrators only. */
export function AuditLogPage() {
  return (
    <RequireMember>{(member) => (member.role === 'admin' ? <AuditLog /> : <AdminOnly />)}</RequireMember>
  );
}

const HANDLE = /^@?[a-z0-9_-]+$/i;

function AuditLog() {
  useDocumentTitle('Audit log');
  const [params, setParams] = useSearchParams();
  const member = params.get('member')?.replace(/^@/, '').toLowerCase() || null;
  const [draft, setDraft] = useState(member ? `@${member}` : '');
  const [error, setError] = useState<string | null>(null);

  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    if (value && !HANDLE.test(value)) return setError('Use a member’s handle, like @ada.');
    setError(null);
    setParams(value ? { member: value.replace(/^@/, '').toLowerCase() } : {}, { replace: true });
  };

  return (
    <Container size="md">
      <PageHeader
        title="Audit log"
        description="Every administrator action and every security event on this instance, newest first: sign-ins from new devices, password and email changes, tokens, deletion requests, suspensions and reports."
      />
      <AdminTabs />
      <Stack gap="lg">
        <form onSubmit={apply} noValidate aria-label="Filter the audit log">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="Member"
              placeholder="@handle"
              description="Only the events that concern them."
              value={draft}
              onChange={(e) => {
                setDraft(e.currentTarget.value);
                setError(null);
              }}
              error={error}
              maw={320}
              style={{ flex: '1 1 240px' }}
            />
            <Button type="submit" variant="default">
              Show
            </Button>
            {member && (
              <Button
                variant="subtle"
                onClick={() => {
                  setDraft('');
                  setParams({}, { replace: true });
                }}
              >
                Everyone
              </Button>
            )}
          </Group>
        </form>
        <AuditList scope="all" member={member} label="Audit log" />
      </Stack>
    </Container>
  );
}
