import { Button, Container, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMailExclamation } from '@tabler/icons-react';
import { useResendVerification, useSession } from '../../api/session';
import classes from './VerifyEmailBanner.module.css';

/** Shown to signed-in members until they confirm their email address. */
export function VerifyEmailBanner() {
  const member = useSession().data?.member;
  const resend = useResendVerification();
  if (!member || member.emailVerified) return null;

  const handleResend = () =>
    resend.mutate(undefined, {
      onSuccess: (reply) =>
        notifications.show({ color: 'stream', title: 'Link sent', message: reply.message }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not send the link', message: error.message }),
    });

  return (
    <section aria-label="Email confirmation" className={classes.banner}>
      <Container size="lg">
        <Group justify="space-between" gap="sm" wrap="wrap" py={10}>
          <Group gap="sm" wrap="nowrap" align="flex-start" className={classes.message}>
            <IconMailExclamation size={20} aria-hidden="true" className={classes.icon} />
            <Text size="sm">
              Please confirm your email address — we sent a link to <strong>{member.email}</strong>.
            </Text>
          </Group>
          <Button
            size="xs"
            variant="white"
            color="dark"
            onClick={handleResend}
            loading={resend.isPending}
            disabled={resend.isSuccess}
            className={classes.button}
          >
            {resend.isSuccess ? 'Link sent' : 'Resend link'}
          </Button>
        </Group>
      </Container>
    </section>
  );
}
