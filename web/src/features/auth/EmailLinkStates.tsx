import { Alert, Group, Loader, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { AuthCard } from './AuthCard';

/**
 * What a page opened from an emailed link (`?token=…`) shows before it succeeds: the link has no code, the
 * request is on its way, or it failed with the server's message. `null` once it succeeded.
 */
export function EmailLinkStates({
  title,
  token,
  pendingText,
  errorTitle,
  request,
  next,
  afterError,
}: {
  title: string;
  token: string | null;
  pendingText: string;
  errorTitle: string;
  request: { isPending: boolean; isError: boolean; error: { message: string } | null };
  next: ReactNode;
  afterError?: ReactNode;
}) {
  if (!token) {
    return (
      <AuthCard title={title}>
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden="true" />}>
          This link is missing its code. Open the link from the email again, or copy the whole address into
          your browser.
        </Alert>
        {next}
      </AuthCard>
    );
  }
  if (request.isPending) {
    return (
      <AuthCard title={title}>
        <Group gap="sm" role="status">
          <Loader size="sm" aria-hidden="true" />
          <Text>{pendingText}</Text>
        </Group>
      </AuthCard>
    );
  }
  if (request.isError) {
    return (
      <AuthCard title={title}>
        <Alert
          role="alert"
          color="red"
          variant="light"
          title={errorTitle}
          icon={<IconAlertTriangle size={20} aria-hidden="true" />}
        >
          {request.error?.message}
        </Alert>
        {afterError}
        {next}
      </AuthCard>
    );
  }
  return null;
}
