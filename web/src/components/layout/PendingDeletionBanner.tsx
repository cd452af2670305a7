import { Button, Container, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useCancelAccountDeletion } from '../../api/deletion';
import { useSession } from '../../api/session';
import { formatDateTime } from '../../lib/format';
import classes from './VerifyEmailBanner.module.css';

/** Shown on every page while the member's account deletion waits out its grace period. */
export function PendingDeletionBanner() {
  const member = useSession().data?.member;
  const cancel = useCancelAccountDeletion();
  if (!member?.deletionDueAt) return null;

  const handleCancel = () =>
    cancel.mutate(undefined, {
      onSuccess: (reply) =>
        notifications.show({ color: 'teal', title: 'Deletion cancelled', message: reply.message }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not cancel the deletion', message: error.message }),
    });

  return (
    <section aria-label="Account deletion" className={classes.banner}>
      <Container size="lg">
        <Group justify="space-between" gap="sm" wrap="wrap" py={10}>
          <Group gap="sm" wrap="nowrap" align="flex-start" className={classes.message}>
            <IconAlertTriangle size={20} aria-hidden="true" className={classes.icon} />
            <Text size="sm">
              Your account will be deleted on <strong>{formatDateTime(member.deletionDueAt)}</strong>.{' '}
              <Link to="/settings/account">What this means</Link>
            </Text>
          </Group>
          <Button
            size="xs"
            variant="white"
            color="dark"
            onClick={handleCancel}
            loading={cancel.isPending}
            className={classes.button}
          >
            Cancel the deletion
          </Button>
        </Group>
      </Container>
    </section>
  );
}
