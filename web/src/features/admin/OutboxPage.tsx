import { Anchor, Badge, Container, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { useAdminOutbox, type OutboxItem, type OutboxStatus } from '../../api/email';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { RequireMember } from '../../components/RequireMember';
import { countLabel, ResultList } from '../../components/ResultList';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AdminOnly } from './AdminPage';
import { AdminTabs } from './AdminTabs';

const STATUS_TONE: Record<OutboxStatus, { label: string; color: string; text: string }> = {
  pending: { label: 'Pending', color: 'yellow', text: 'dark.8' },
  sent: { label: 'Sent', color: 'teal', text: 'teal.9' },
  failed: { label: 'Failed', color: 'red', text: 'red.9' },
};

const STATUS_FILTER = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'sent', label: 'Sent' },
  { value: 'failed', label: 'Failed' },
];

export function OutboxStatusBadge({ status }: { status: OutboxStatus }) {
  const tone = STATUS_TONE[status];
  return (
    <Badge
      variant="light"
      color={tone.color}
      bg={`${tone.color}.0`}
      c={tone.text}
      tt="none"
      style={{ flexShrink: 0 }}
    >
      {tone.label}
    </Badge>
  );
}

/** `/admin/outbox`: recent emails, newest first, with their delivery state. Administrators only. */
export function OutboxPage() {
  return <RequireMember>{(member) => (member.role === 'admin' ? <Outbox /> : <AdminOnly />)}</RequireMember>;
}

function isStatus(value: string | null): value is OutboxStatus {
  return value === 'pending' || value === 'sent' || value === 'failed';
}

function Outbox() {
  useDocumentTitle('Outbox');
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : null;
  const outbox = useAdminOutbox(status);
  const items = outbox.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Container size="md">
      <PageHeader
        title="Outbox"
        description="Every email this instance writes waits here until it is sent. Failed ones stopped retrying: the last error says why."
      />
      <AdminTabs />
      <Stack gap="lg">
        <Select
          label="Status"
          data={STATUS_FILTER}
          value={status ?? 'all'}
          onChange={(value) =>
            setParams(value && value !== 'all' ? { status: value } : {}, { replace: true })
          }
          allowDeselect={false}
          maw={220}
        />
        <ResultList
          label="Outbox messages"
          query={outbox}
          items={items}
          itemKey={(item) => item.id}
          renderItem={(item) => <OutboxRow item={item} />}
          loadingLabel="Loading the outbox"
          skeletonHeight={84}
          errorTitle="We could not load the outbox"
          empty={
            <EmptyState icon={<IconMail size={26} />} title="No emails here">
              {status
                ? `No ${STATUS_TONE[status].label.toLowerCase()} emails.`
                : 'Nothing has been sent yet.'}
            </EmptyState>
          }
          summary={(shown, more) => countLabel(shown, more, 'email', 'emails')}
          moreLabel="Load more"
        />
      </Stack>
    </Container>
  );
}

function OutboxRow({ item }: { item: OutboxItem }) {
  const when =
    item.status === 'sent' && item.sentAt
      ? `Sent ${formatDateTime(item.sentAt)}`
      : item.status === 'failed' && item.failedAt
        ? `Failed ${formatDateTime(item.failedAt)}`
        : item.nextAttemptAt
          ? `Next attempt ${formatDateTime(item.nextAttemptAt)}`
          : null;
  return (
    <Paper withBorder p="md" bg="var(--app-surface)">
      <Stack gap={6}>
        <Group justify="space-between" gap="sm" wrap="nowrap" align="flex-start">
          <Anchor
            component={Link}
            to={`/admin/outbox/${encodeURIComponent(item.id)}`}
            fw={650}
            style={{ minWidth: 0, overflowWrap: 'anywhere' }}
          >
            {item.subject}
          </Anchor>
          <OutboxStatusBadge status={item.status} />
        </Group>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          To {item.to}
          <Text span c="dimmed">
            {' · '}
            {item.kind.replace(/_/g, ' ')}
          </Text>
        </Text>
        <Text size="sm" c="dimmed">
          Written {formatDateTime(item.createdAt)}
          {when && ` · ${when}`}
          {' · '}
          {item.attempts === 1 ? '1 attempt' : `${item.attempts} attempts`}
        </Text>
        {item.lastError && (
          <Text size="sm" c="var(--mantine-color-error)" style={{ overflowWrap: 'anywhere' }}>
            Last error: {item.lastError}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
