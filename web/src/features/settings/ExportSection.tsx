import { Button, Card, Group, Paper, Progress, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconDownload, IconFileExport } from '@tabler/icons-react';
import { useExports, useRequestExport, type MemberExport } from '../../api/exports';
import { FormAlert } from '../../components/FormAlert';
import { formatDateTime } from '../../lib/format';

/** "12.3 KB": the size of the download. */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * "Export your data" on /settings/account: request an export, watch its progress, download the JSON document
 * while its link lasts (24 hours). The document's schema is documented (docs/export.md).
 */
export function ExportSection() {
  const exports = useExports();
  const request = useRequestExport();
  const latest = exports.data?.items[0];
  const building = latest?.status === 'queued' || latest?.status === 'running';

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="export-title">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <IconFileExport size={24} aria-hidden="true" style={{ flexShrink: 0, marginTop: 4 }} />
          <Stack gap={4}>
            <Title order={2} size="h3" id="export-title">
              Export your data
            </Title>
            <Text size="sm" c="dimmed">
              One JSON file with everything you have here: your profile and settings, work records and their
              verification, overflow, offers, engagements with their conversation, reviews, ties, your ledger,
              noticed and thanks notes, notifications, sessions and the security events about you. Other
              members appear by handle and name only. The download link works for 24 hours.
            </Text>
          </Stack>
        </Group>

        {exports.isPending ? (
          <Skeleton height={40} aria-label="Loading your exports" />
        ) : exports.isError ? (
          <FormAlert title="We could not load your exports" message={exports.error.message} />
        ) : (
          latest && <ExportStatus item={latest} />
        )}

        <FormAlert title="No export this time" message={request.error?.message} />

        <Group>
          <Button
            variant={latest?.status === 'ready' ? 'default' : 'filled'}
            leftSection={<IconFileExport size={18} aria-hidden="true" />}
            loading={request.isPending}
            disabled={building}
            onClick={() => request.mutate()}
          >
            {latest ? 'Request a new export' : 'Request an export'}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function ExportStatus({ item }: { item: MemberExport }) {
  switch (item.status) {
    case 'queued':
    case 'running': {
      const percent = item.total > 0 ? Math.round((item.progress / item.total) * 100) : 0;
      return (
        <Stack gap={6}>
          <Text size="sm" fw={500} id="export-progress-label" aria-live="polite">
            {item.status === 'queued'
              ? 'Your export is queued…'
              : `Preparing your export… ${item.progress} of ${item.total} items`}
          </Text>
          <Progress.Root size="lg">
            <Progress.Section
              value={percent}
              animated
              aria-labelledby="export-progress-label"
              aria-valuetext={`${percent} %`}
            />
          </Progress.Root>
        </Stack>
      );
    }
    case 'ready':
      return (
        <Paper withBorder radius="md" p="md" role="status" aria-labelledby="export-ready">
          <Group justify="space-between" gap="md">
            <Stack gap={2}>
              <Group gap={6} wrap="nowrap">
                <IconCircleCheck size={20} aria-hidden="true" color="var(--mantine-color-stream-filled)" />
                <Text fw={600} id="export-ready">
                  Your export is ready
                </Text>
              </Group>
              <Text size="sm" c="dimmed">
                JSON{item.bytes !== null ? `, ${formatBytes(item.bytes)}` : ''}
                {item.expiresAt && ` · the link expires ${formatDateTime(item.expiresAt)}.`}
              </Text>
            </Stack>
            <Button
              component="a"
              href={item.downloadUrl ?? undefined}
              download
              leftSection={<IconDownload size={18} aria-hidden="true" />}
            >
              Download your data
            </Button>
          </Group>
        </Paper>
      );
    case 'expired':
      return (
        <Text size="sm" c="dimmed">
          Your last export’s link expired
          {item.expiresAt ? ` ${formatDateTime(item.expiresAt)}` : ''} and the file was removed. Request a new
          one whenever you like.
        </Text>
      );
    case 'failed':
      return (
        <FormAlert
          title="Your export could not be built"
          message={item.error ?? 'Something went wrong. Request a new one.'}
        />
      );
  }
}
