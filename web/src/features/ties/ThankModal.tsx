import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useRef } from 'react';
import { useSendThanks } from '../../api/ties';
import { FormAlert } from '../../components/FormAlert';
import { splitApiError } from '../../lib/apiErrors';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import { LIMITS } from '../../lib/validation';

export const THANKS_MAX = LIMITS.thanksMessageMax;

interface ThankModalProps {
  opened: boolean;
  onClose: () => void;
  member: { handle: string; name: string };
  engagementId?: string;
}

/** "Thank …": a short public note, shown on their profile's thanks wall and counted in the ledger. */
export function ThankModal({ opened, onClose, member, engagementId }: ThankModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Thank ${member.name}`}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {/* Remounting the form each time keeps its state fresh. */}
      {opened && <ThankForm member={member} engagementId={engagementId} onDone={onClose} />}
    </Modal>
  );
}

function ThankForm({
  member,
  engagementId,
  onDone,
}: {
  member: { handle: string; name: string };
  engagementId?: string;
  onDone: () => void;
}) {
  const send = useSendThanks();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState({ message: '' });
  const firstName = member.name.split(/\s+/)[0] || member.name;

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const message = values.message.trim();
    const problem = !message
      ? 'Write a few words of thanks.'
      : message.length > THANKS_MAX
        ? `Use at most ${THANKS_MAX} characters.`
        : undefined;
    if (problem) {
      setErrors({ message: problem });
      return focusFirstInvalid(formRef.current);
    }
    send.mutate(
      { toHandle: member.handle, message, ...(engagementId ? { engagementId } : {}) },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: 'Thanks sent',
            message: `${firstName} will see it, and so will everyone who visits their profile.`,
          });
          onDone();
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
        <Text size="sm" c="dimmed">
          Say what they did and what it meant. Thanks are public: they appear on {firstName}’s profile and
          count as giving in your ledger.
        </Text>
        <FormAlert message={formError} />
        <Textarea
          label="Message"
          required
          autosize
          minRows={4}
          maxRows={10}
          maxLength={THANKS_MAX}
          value={values.message}
          onChange={(e) => setValue('message', e.currentTarget.value)}
          error={errors.message}
          description={`${values.message.length} / ${THANKS_MAX} characters`}
          data-autofocus
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={send.isPending}>
            Send thanks
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
