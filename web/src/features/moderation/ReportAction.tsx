import { ActionIcon, Button, Group, Menu, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconFlag } from '@tabler/icons-react';
import { useState } from 'react';
import { useReportContent, type ReportReason, type ReportSubjectType } from '../../api/moderation';
import { FormAlert } from '../../components/FormAlert';

export const REASONS: { value: ReportReason; label: string; hint: string }[] = [
  { value: 'spam', label: 'Spam or advertising', hint: 'Not a real request, offer or note.' },
  { value: 'harassment', label: 'Harassment', hint: 'Targets or bullies someone.' },
  { value: 'hateful', label: 'Hateful or abusive', hint: 'Attacks people for who they are.' },
  {
    value: 'misleading',
    label: 'Misleading or a scam',
    hint: 'Deceives people about the work or who posted it.',
  },
  { value: 'private_info', label: 'Private information', hint: 'Shares someone’s personal details.' },
  { value: 'other', label: 'Something else', hint: 'Tell the moderators in the note.' },
];

const NOTE_MAX = 1000;

const WHAT: Record<ReportSubjectType, string> = {
  member: 'profile',
  overflow: 'overflow',
  offer: 'offer',
  message: 'message',
  question: 'question',
  noticed: 'note',
  thanks: 'thanks note',
};

/**
 * A "⋯" menu with "Report …", and the dialog that files the report: a reason from the list and an optional
 * note. The moderators see it in their queue; the reporter is told the outcome by a notification.
 */
export function ReportAction({
  subjectType,
  subjectId,
  label,
}: {
  subjectType: ReportSubjectType;
  subjectId: string;
  /** What the menu button is about, for screen readers: e.g. "this overflow". */
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  const what = WHAT[subjectType];
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray.7"
            aria-label={`More actions for ${label ?? `this ${what}`}`}
          >
            <IconDots size={18} aria-hidden="true" />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconFlag size={16} aria-hidden="true" />} onClick={() => setOpen(true)}>
            Report {what}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {open && (
        <ReportDialog subjectType={subjectType} subjectId={subjectId} onClose={() => setOpen(false)} />
      )}
    </>
  );
}

function ReportDialog({
  subjectType,
  subjectId,
  onClose,
}: {
  subjectType: ReportSubjectType;
  subjectId: string;
  onClose: () => void;
}) {
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const report = useReportContent();
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  const what = WHAT[subjectType];
  const submit = () => {
    if (!reason) {
      setMissing(true);
      return;
    }
    report.mutate(
      { subjectType, subjectId, reason, note: note.trim() },
      {
        onSuccess: () => {
          onClose();
          notifications.show({
            color: 'teal',
            title: 'Report sent',
            message: 'Thank you. A moderator will look at it, and you will hear what they decided.',
          });
        },
      },
    );
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Report this ${what}`}
      fullScreen={isPhone}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            Only the instance’s moderators see your report. They can remove it, suspend its author, or take no
            action; either way you will hear the outcome.
          </Text>
          <Radio.Group
            label="What is wrong with it?"
            value={reason}
            onChange={(v) => {
              setReason(v as ReportReason);
              setMissing(false);
            }}
            error={missing ? 'Choose a reason.' : undefined}
            withAsterisk
          >
            <Stack gap="xs" mt="xs">
              {REASONS.map((r) => (
                <Radio key={r.value} value={r.value} label={r.label} description={r.hint} />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label="Anything the moderators should know (optional)"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={6}
            error={note.length > NOTE_MAX ? `At most ${NOTE_MAX} characters.` : undefined}
            description={`${note.length} / ${NOTE_MAX}`}
          />
          <FormAlert message={report.error?.message} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={report.isPending}>
              Cancel
            </Button>
            <Button type="submit" color="red.9" loading={report.isPending} disabled={note.length > NOTE_MAX}>
              Send report
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
