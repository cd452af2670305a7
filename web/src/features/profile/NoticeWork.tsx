import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconEye } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { WorkRecord } from '../../api/client';
import { useSendNoticed } from '../../api/ties';
import { FormAlert } from '../../components/FormAlert';
import { splitApiError } from '../../lib/apiErrors';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import { LIMITS } from '../../lib/validation';

const NOTE_MAX = LIMITS.noticedNoteMax;

interface NoticeWorkProps {
  record: Pick<WorkRecord, 'id' | 'title'>;
  /** The member whose work this is. */
  memberName: string;
}

/**
 * "Notice this work": the inbound path. A short note about one specific piece of work; if the member
 * accepts it, a tie forms. There is no other way to reach out to a stranger.
 */
export function NoticeWorkButton({ record, memberName }: NoticeWorkProps) {
  const [opened, setOpened] = useState(false);
  const [sent, setSent] = useState(false);

  if (sent) {
    return (
      <Button
        size="xs"
        variant="subtle"
        color="teal.9"
        leftSection={<IconCheck size={16} aria-hidden="true" />}
        disabled
      >
        Note sent
      </Button>
    );
  }
  return (
    <>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconEye size={16} aria-hidden="true" />}
        onClick={() => setOpened(true)}
        aria-describedby={`work-${record.id}-title`}
      >
        Notice this work
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title="Notice this work"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {opened && (
          <NoticeForm
            record={record}
            memberName={memberName}
            onCancel={() => setOpened(false)}
            onSent={() => {
              setOpened(false);
              setSent(true);
            }}
          />
        )}
      </Modal>
    </>
  );
}

function NoticeForm({
  record,
  memberName,
  onCancel,
  onSent,
}: NoticeWorkProps & { onCancel: () => void; onSent: () => void }) {
  const send = useSendNoticed();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState({ message: '' });
  const firstName = memberName.split(/\s+/)[0] || memberName;

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const message = values.message.trim();
    const problem = !message
      ? `Tell ${firstName} what you noticed about this work.`
      : message.length > NOTE_MAX
        ? `Use at most ${NOTE_MAX} characters.`
        : undefined;
    if (problem) {
      setErrors({ message: problem });
      return focusFirstInvalid(formRef.current);
    }
    send.mutate(
      { workRecordId: record.id, message },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: 'Note sent',
            message: `If ${firstName} accepts it, you will have a tie.`,
          });
          onSent();
        },
        onError: (error) => {
          const split = splitApiError(error, ['message']);
          setErrors(split.fields);
          setFormError(split.form);
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          About <strong>“{record.title}”</strong> by {memberName}.
        </Text>
        <Text size="sm" c="dimmed">
          Be specific: what did you see, and why did it stay with you? If {firstName} accepts, a tie forms. If
          not, nothing happens — and nobody is told. You can send up to 10 notes a week.
        </Text>
        <FormAlert message={formError} />
        <Textarea
          label="Message"
          required
          autosize
          minRows={4}
          maxRows={10}
          maxLength={NOTE_MAX}
          placeholder="I read your write-up on… The part about … changed how I…"
          value={values.message}
          onChange={(e) => setValue('message', e.currentTarget.value)}
          error={errors.message}
          description={`${values.message.length} / ${NOTE_MAX} characters`}
          data-autofocus
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={send.isPending}>
            Send note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
