import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { AuditLine } from '../api/account';
import { useAuditLog } from '../api/account';
import { formatDateTime } from '../lib/format';
import { EmptyState } from './EmptyState';
import { countLabel, ResultList } from './ResultList';

/** What kind of line it is, from its action's family. */
function kindOf(action: string): { label: string; color: string; text: string } {
  if (action.startsWith('security.')) return { label: 'Security', color: 'teal', text: 'teal.9' };
  if (action.startsWith('account.')) return { label: 'Account', color: 'blue', text: 'blue.9' };
  return { label: 'Admin', color: 'grape', text: 'grape.9' };
}

function PersonName({ person }: { person: AuditLine['actor'] }) {
  if (!person) return <>the instance</>;
  if (!person.handle) return <>{person.name}</>;
  return (
    <Anchor component={Link} to={`/@${person.handle}`} inherit underline="always">
      @{person.handle}
    </Anchor>
  );
}

function AuditRow({ line, showMember }: { line: AuditLine; showMember: boolean }) {
  const kind = kindOf(line.action);
  // "by …" only when someone else did it (an administrator, the instance): your own actions need no name.
  const byOther = !line.member || !line.actor || line.actor.handle !== line.member.handle;
  return (
    <Paper withBorder p="md">
      <Stack gap={6}>
        <Group justify="space-between" gap="sm" wrap="nowrap" align="flex-start">
          <Text fw={650} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {line.description}
          </Text>
          <Badge
            variant="light"
            color={kind.color}
            bg={`${kind.color}.0`}
            c={kind.text}
            tt="none"
            style={{ flexShrink: 0 }}
          >
            {kind.label}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          <time dateTime={line.createdAt}>{formatDateTime(line.createdAt)}</time>
          {line.ip && ` · from ${line.ip}`}
          {showMember && line.member && (
            <>
              {' · concerns '}
              <PersonName person={line.member} />
            </>
          )}
          {byOther && (
            <>
              {' · by '}
              <PersonName person={line.actor} />
            </>
          )}
        </Text>
      </Stack>
    </Paper>
  );
}

/** A page of the audit log with "Load more": your own events, or (admins) everyone's. */
export function AuditList({
  scope,
  member = null,
  label,
}: {
  scope: 'mine' | 'all';
  member?: string | null;
  label: string;
}) {
  const log = useAuditLog(scope, member);
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <ResultList
      label={label}
      query={log}
      items={items}
      itemKey={(line) => line.id}
      renderItem={(line) => <AuditRow line={line} showMember={scope === 'all'} />}
      loadingLabel="Loading the activity"
      skeletonHeight={72}
      errorTitle="We could not load the activity"
      empty={
        <EmptyState icon={<IconShieldCheck size={26} />} title="Nothing recorded yet">
          {member
            ? `No events concern @${member}.`
            : 'Sign-ins from new devices and changes to the account appear here.'}
        </EmptyState>
      }
      summary={(shown, more) => countLabel(shown, more, 'event', 'events')}
      moreLabel="Load more"
    />
  );
}
