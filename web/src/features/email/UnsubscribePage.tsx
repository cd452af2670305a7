import { Alert, Anchor, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconMailOff } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  useDescribeUnsubscribe,
  useResubscribeByToken,
  useUnsubscribeByToken,
  type UnsubscribeInfo,
} from '../../api/email';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AuthCard } from '../auth/AuthCard';

/**
 * `/unsubscribe?token=…`, where the link in an email's footer leads; no sign-in needed. Opening the page
 * unsubscribes, from the page's script: a link scanner that only fetches the HTML changes nothing (the GET
 * that says what the link is for changes nothing either). Then it offers to re-subscribe.
 */
export function UnsubscribePage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const describe = useDescribeUnsubscribe(token);
  const unsubscribe = useUnsubscribeByToken();
  const resubscribe = useResubscribeByToken();
  const unsubscribeOnce = useRef<string | null>(null);
  const { mutate } = unsubscribe;

  useEffect(() => {
    if (!token || !describe.isSuccess || unsubscribeOnce.current === token) return;
    unsubscribeOnce.current = token;
    mutate(token);
  }, [token, describe.isSuccess, mutate]);

  useDocumentTitle(unsubscribe.isSuccess && !resubscribe.isSuccess ? 'You’re unsubscribed' : 'Unsubscribe');

  if (!token) {
    return (
      <BadLink message="This link is missing its code. Open the link from the email again, or copy the whole address into your browser." />
    );
  }
  if (describe.isError) return <BadLink message={describe.error.message} />;
  if (describe.isPending || unsubscribe.isIdle || unsubscribe.isPending) {
    return (
      <AuthCard title="Unsubscribe">
        <Group gap="sm" role="status">
          <Loader size="sm" aria-hidden="true" />
          <Text>Unsubscribing you…</Text>
        </Group>
      </AuthCard>
    );
  }

  const what = describe.data;
  if (unsubscribe.isError) {
    return (
      <AuthCard title="Unsubscribe">
        <Stack gap="md">
          <Alert
            role="alert"
            color="red"
            variant="light"
            title={`We could not unsubscribe you from ${emailsName(what)}`}
            icon={<IconAlertTriangle size={20} aria-hidden="true" />}
          >
            {unsubscribe.error.message}
          </Alert>
          <Button onClick={() => unsubscribe.mutate(token)}>Try again</Button>
          <SettingsLink />
        </Stack>
      </AuthCard>
    );
  }

  if (resubscribe.isSuccess) {
    return (
      <AuthCard title="You’re subscribed again">
        <Stack gap="md">
          <Confirmation>You’ll get {emailsName(what)} again, as before.</Confirmation>
          <Button
            variant="default"
            onClick={() => {
              resubscribe.reset();
              unsubscribe.mutate(token);
            }}
          >
            Unsubscribe again
          </Button>
          <SettingsLink />
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="You’re unsubscribed">
      <Stack gap="md">
        <Confirmation>You’re unsubscribed from {emailsName(what)}.</Confirmation>
        <Text c="dimmed" size="sm">
          {what.kind === 'digest'
            ? 'We won’t send you the daily digest any more. Everything still waits in your notifications on the site.'
            : 'We won’t email you about this any more. It still shows in your notifications on the site.'}
        </Text>
        <FormAlertLine message={resubscribe.error?.message} />
        <Button onClick={() => resubscribe.mutate(token)} loading={resubscribe.isPending}>
          Re-subscribe
        </Button>
        <SettingsLink />
      </Stack>
    </AuthCard>
  );
}

/** “Offer received” emails, or the daily digest. */
function emailsName(what: UnsubscribeInfo): string {
  return what.kind === 'digest' ? 'the daily digest' : `“${what.label}” emails`;
}

function Confirmation({ children }: { children: React.ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" role="status">
      <IconCircleCheck
        size={28}
        color="var(--mantine-color-teal-8)"
        aria-hidden="true"
        style={{ flexShrink: 0 }}
      />
      <Text fw={600}>{children}</Text>
    </Group>
  );
}

function FormAlertLine({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <Alert role="alert" color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden="true" />}>
      {message}
    </Alert>
  );
}

function SettingsLink() {
  return (
    <Text size="sm" ta="center">
      Choose exactly which emails you get in your{' '}
      <Anchor component={Link} to="/settings/email" fw={600}>
        email settings
      </Anchor>
      .
    </Text>
  );
}

function BadLink({ message }: { message: string }) {
  return (
    <AuthCard title="This unsubscribe link does not work">
      <Stack gap="md">
        <Alert role="alert" color="red" variant="light" icon={<IconMailOff size={20} aria-hidden="true" />}>
          {message}
        </Alert>
        <Text size="sm">You can still turn off any email in your email settings after signing in.</Text>
        <Button component={Link} to="/settings/email">
          Go to email settings
        </Button>
      </Stack>
    </AuthCard>
  );
}
