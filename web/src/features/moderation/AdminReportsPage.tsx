import {
  Anchor,
  Badge,
  Blockquote,
  Button,
  Container,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconFlag } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useResolveReport, useReports, type ReportItem, type ReportStatus } from '../../api/moderation';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireMember } from '../../components/RequireMember';
import { countLabel, ResultList } from '../../components/ResultList';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AdminOnly } from '../admin/AdminPage';
import { AdminTabs } from '../admin/AdminTabs';
import { REASONS } from './ReportAction';

const STATUS: { value: ReportStatus | 'all'; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'hidden', label: 'Content removed' },
  { value: 'suspended', label: 'Author suspended' },
  { value: 'dismissed', label: 'Dismissed' },
  { value: 'all', label: 'All' },
];

const TONE: Record<ReportStatus, { color: string; text: string; label: string }> = {
  open: { color: 'yellow', text: 'dark.8', label: 'Open' },
  hidden: { color: 'red', text: 'red.9', label: 'Removed' },
  suspended: { color: 'red', text: 'red.9', label: 'Author suspended' },
  dismissed: { color: 'gray', text: 'gray.8', label: 'Dismissed' },
};

const SUBJECT: Record<ReportItem['subject']['type'], string> = {
  member: 'Profile',
  overflow: 'Overflow',
  offer: 'Offer',
  message: 'Message',
  question: 'Question',
  noticed: 'Noticed note',
  thanks: 'Thanks note',
};

const reasonLabel = (r: string) => REASONS.find((x) => x.value === r)?.label ?? r;

/** `/admin/reports`: the report queue, open first; hide, suspend or dismiss. Admins only. */
export function AdminReportsPage() {
  return <RequireMember>{(member) => (member.role === 'admin' ? <Reports /> : <AdminOnly />)}</RequireMember>;
}

function Reports() {
  useDocumentTitle('Reports');
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = STATUS.find((s) => s.value === raw)?.value ?? 'open';
  const reports = useReports(status);
  const items = reports.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Container size="md">
      <PageHeader
        title="Reports"
        description="What members reported, newest first. Remove the content, suspend its author, or dismiss the report: every open report on the same content is resolved with it, and each reporter hears the outcome."
      />
      <AdminTabs />
      <Stack gap="lg">
        <Select
          label="Status"
          data={STATUS}
          value={status}
          onChange={(v) => setParams(v && v !== 'open' ? { status: v } : {}, { replace: true })}
          allowDeselect={false}
          maw={240}
        />
        <ResultList
          label="Reports"
          query={reports}
          items={items}
          itemKey={(r) => r.id}
          renderItem={(r) => <ReportRow report={r} />}
          loadingLabel="Loading reports"
          skeletonHeight={160}
          errorTitle="We could not load the reports"
          empty={
            <EmptyState
              icon={<IconFlag size={26} />}
              title={status === 'open' ? 'Nothing to review' : 'No reports here'}
            >
              {status === 'open'
                ? 'No open reports. Thank you for keeping an eye on things.'
                : 'Try another status.'}
            </EmptyState>
          }
          summary={(shown, more) => countLabel(shown, more, 'report', 'reports')}
          moreLabel="Load more"
        />
      </Stack>
    </Container>
  );
}

function ReportRow({ report }: { report: ReportItem }) {
  const [action, setAction] = useState<'hide' | 'suspend' | 'dismiss' | null>(null);
  const s = report.subject;
  const tone = TONE[report.status];
  return (
    <Paper
      withBorder
      p="md"
      bg="var(--app-surface)"
      component="article"
      aria-label={`Report of ${SUBJECT[s.type].toLowerCase()}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" gap="sm" align="flex-start">
          <Group gap="xs">
            <Badge variant="light" color={tone.color} bg={`${tone.color}.0`} c={tone.text} tt="none">
              {tone.label}
            </Badge>
            <Badge variant="outline" color="gray.7" c="var(--app-text-muted)" tt="none">
              {SUBJECT[s.type]}
            </Badge>
            <Text size="sm" fw={650}>
              {reasonLabel(report.reason)}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {formatDateTime(report.createdAt)}
            {s.openReports > 1 && ` · ${s.openReports} open reports on it`}
          </Text>
        </Group>
        {s.title && (
          <Text fw={650} style={{ overflowWrap: 'anywhere' }}>
            {s.path ? (
              <Anchor component={Link} to={s.path}>
                {s.title}
              </Anchor>
            ) : (
              s.title
            )}
          </Text>
        )}
        <Blockquote
          p="sm"
          color="gray"
          bg="var(--app-subtle)"
          c="var(--mantine-color-text)"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          {s.excerpt || '(no text)'}
        </Blockquote>
        <Text size="sm">
          By{' '}
          {s.author ? (
            <Anchor component={Link} to={`/@${s.author.handle}`} underline="always">
              {s.author.name} (@{s.author.handle})
            </Anchor>
          ) : (
            'a former member'
          )}
          {s.author?.suspended && ' · suspended'}
          {s.hidden && ' · removed'} · reported by{' '}
          {report.reporter ? `${report.reporter.name} (@${report.reporter.handle})` : 'a former member'}
        </Text>
        {report.note && (
          <Text size="sm" c="var(--app-text-muted)">
            Their note: “{report.note}”
          </Text>
        )}
        {report.resolvedAt && (
          <Text size="sm" c="dimmed">
            Resolved {formatDateTime(report.resolvedAt)}
            {report.resolutionNote && `: ${report.resolutionNote}`}
          </Text>
        )}
        {report.status === 'open' && (
          <Group gap="xs" justify="flex-end">
            {s.type !== 'member' && (
              <Button
                size="xs"
                color="red.9"
                c="var(--app-danger-text)"
                variant="outline"
                onClick={() => setAction('hide')}
              >
                Remove content
              </Button>
            )}
            {s.author && !s.author.suspended && (
              <Button size="xs" color="red.9" onClick={() => setAction('suspend')}>
                Suspend author
              </Button>
            )}
            <Button size="xs" variant="default" onClick={() => setAction('dismiss')}>
              Dismiss
            </Button>
          </Group>
        )}
      </Stack>
      {action && <ResolveDialog report={report} action={action} onClose={() => setAction(null)} />}
    </Paper>
  );
}

const ACTION = {
  hide: {
    title: 'Remove this content?',
    body: 'It leaves every view but its author’s own history; others see that a moderator removed it.',
    button: 'Remove content',
    done: 'Content removed',
  },
  suspend: {
    title: 'Suspend the author?',
    body: 'They are signed out at once and cannot sign in; their open overflow is hidden; their history stays. They get an email with your note as the reason.',
    button: 'Suspend author',
    done: 'Author suspended',
  },
  dismiss: {
    title: 'Dismiss this report?',
    body: 'Nothing changes for the content. The reporter hears that a moderator looked at it.',
    button: 'Dismiss',
    done: 'Report dismissed',
  },
} as const;

function ResolveDialog({
  report,
  action,
  onClose,
}: {
  report: ReportItem;
  action: 'hide' | 'suspend' | 'dismiss';
  onClose: () => void;
}) {
  const [note, setNote] = useState('');
  const resolve = useResolveReport();
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  const a = ACTION[action];
  return (
    <Modal
      opened
      onClose={onClose}
      title={a.title}
      fullScreen={isPhone}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          resolve.mutate(
            { id: report.id, action, note: note.trim() },
            {
              onSuccess: (r) => {
                onClose();
                notifications.show({
                  color: 'teal',
                  title: a.done,
                  message:
                    r.resolved > 1
                      ? `${r.resolved} reports on it are resolved; each reporter is told.`
                      : 'The reporter is told.',
                });
              },
            },
          );
        }}
      >
        <Stack gap="md">
          <Text size="sm">{a.body}</Text>
          <Textarea
            label={action === 'suspend' ? 'Reason (the member reads it)' : 'Note for the record (optional)'}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
            data-autofocus
          />
          <FormAlert message={resolve.error?.message} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={resolve.isPending}>
              Cancel
            </Button>
            <Button
              type="submit"
              color={action === 'dismiss' ? undefined : 'red.9'}
              loading={resolve.isPending}
            >
              {a.button}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
