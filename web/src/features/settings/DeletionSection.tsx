import {
  Alert,
  Button,
  Card,
  Group,
  List,
  Modal,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { SelfMember } from '../../api/client';
import { useCancelAccountDeletion, useRequestAccountDeletion } from '../../api/deletion';
import { FormAlert } from '../../components/FormAlert';
import { splitApiError } from '../../lib/apiErrors';
import { formatDateTime } from '../../lib/format';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import { collectErrors, hasErrors } from '../../lib/validation';

/**
 * "Delete your account": what deletion removes and what stays, a confirmation (the handle typed and the
 * current password), then the date it runs and a way to keep the account (docs/account-deletion.md).
 */
export function DeletionSection({ member }: { member: SelfMember }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <Card component="section" aria-labelledby="delete-account">
      <Title order={2} fz="lg" mb={4} id="delete-account">
        Delete your account
      </Title>
      {member.deletionDueAt ? (
        <PendingDeletion dueAt={member.deletionDueAt} />
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            Deleting waits 7 days first: signing in during that time, or cancelling here, keeps your account.
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>
              <strong>Removed:</strong> your name, handle, email, password, profile, skills, work records,
              sessions and tokens, and the text of your messages, questions and notes.
            </List.Item>
            <List.Item>
              <strong>Ended:</strong> your open overflow is cancelled, your pending offers are withdrawn, and
              your active engagements are abandoned with a notice to the other member.
            </List.Item>
            <List.Item>
              <strong>Kept for others:</strong> their verified work keeps your endorsement, and the ties and
              ledger of work you did together stay. You are shown there as “a former member”, with no link.
            </List.Item>
          </List>
          <Group>
            <Button
              color="red.8"
              c="var(--app-danger-text)"
              variant="outline"
              leftSection={<IconTrash size={18} aria-hidden="true" />}
              onClick={() => setConfirming(true)}
            >
              Delete my account…
            </Button>
          </Group>
        </Stack>
      )}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Delete your account?"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {confirming && <ConfirmDeletion handle={member.handle} onDone={() => setConfirming(false)} />}
      </Modal>
    </Card>
  );
}

function PendingDeletion({ dueAt }: { dueAt: string }) {
  const cancel = useCancelAccountDeletion();
  const handleCancel = () =>
    cancel.mutate(undefined, {
      onSuccess: (reply) =>
        notifications.show({ color: 'teal', title: 'Deletion cancelled', message: reply.message }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not cancel the deletion', message: error.message }),
    });
  return (
    <Stack gap="sm">
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden="true" />}>
        Your account will be deleted on <strong>{formatDateTime(dueAt)}</strong>. Until then nothing changes;
        sign in or cancel before that to keep it.
      </Alert>
      <Group>
        <Button onClick={handleCancel} loading={cancel.isPending}>
          Cancel the deletion
        </Button>
      </Group>
    </Stack>
  );
}

function ConfirmDeletion({ handle, onDone }: { handle: string; onDone: () => void }) {
  const request = useRequestAccountDeletion();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState({
    handle: '',
    password: '',
  });

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const typed = values.handle.trim().replace(/^@/, '').toLowerCase();
    const problems = collectErrors({
      handle: !typed
        ? `Type your handle, ${handle}, to confirm.`
        : typed !== handle
          ? `That is not your handle. Type ${handle} exactly.`
          : undefined,
      password: values.password ? undefined : 'Enter your current password.',
    });
    setErrors(problems);
    if (hasErrors(problems)) return focusFirstInvalid(formRef.current);
    request.mutate(
      { handle: typed, password: values.password },
      {
        onSuccess: (reply) => {
          notifications.show({ color: 'red', title: 'Deletion scheduled', message: reply.message });
          onDone();
        },
        onError: (error) => {
          const split = splitApiError(error, ['handle', 'password'], {
            DELETION_HANDLE_MISMATCH: 'handle',
            DELETION_PASSWORD_INCORRECT: 'password',
          });
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
          Your account will be deleted in 7 days. Signing in before then cancels it. After that, it cannot be
          undone.
        </Text>
        <FormAlert message={formError} />
        <TextInput
          label={`Type your handle, ${handle}, to confirm`}
          autoComplete="off"
          spellCheck={false}
          required
          value={values.handle}
          onChange={(e) => setValue('handle', e.currentTarget.value)}
          error={errors.handle}
        />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          value={values.password}
          onChange={(e) => setValue('password', e.currentTarget.value)}
          error={errors.password}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Keep my account
          </Button>
          <Button type="submit" color="red.8" loading={request.isPending}>
            Delete my account in 7 days
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
