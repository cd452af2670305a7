import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  PasswordInput,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceDesktop, IconMailForward } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import {
  useChangeEmail,
  useChangePassword,
  useRevokeSession,
  useSessions,
  type SessionItem,
} from '../../api/account';
import { useCurrentMember } from '../../api/session';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { splitApiError } from '../../lib/apiErrors';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import { checkNewPassword, collectErrors, hasErrors, LIMITS } from '../../lib/validation';

/** `/settings/security`: the password, the email address and the browsers signed in to the account. */
export function SecurityPage() {
  useDocumentTitle('Security');
  return (
    <>
      <PageHeader
        title="Security"
        description={
          <>
            Your password, your email address and where you are signed in. Every change here is listed in your{' '}
            <Anchor component={Link} to="/settings/activity" inherit fw={600}>
              activity
            </Anchor>
            ; scripts use{' '}
            <Anchor component={Link} to="/settings/tokens" inherit fw={600}>
              access tokens
            </Anchor>
            .
          </>
        }
      />
      <Stack gap="lg">
        <PasswordForm />
        <EmailForm />
        <SessionList />
      </Stack>
    </>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function PasswordForm() {
  const change = useChangePassword();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, setValue, setValues, errors, setErrors, formError, setFormError } = useFormState({
    currentPassword: '',
    newPassword: '',
  });

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const problems = collectErrors({
      currentPassword: values.currentPassword ? undefined : 'Enter your current password.',
      newPassword:
        checkNewPassword(values.newPassword) ??
        (values.newPassword === values.currentPassword
          ? 'Choose a password different from the current one.'
          : undefined),
    });
    setErrors(problems);
    if (hasErrors(problems)) return focusFirstInvalid(formRef.current);
    change.mutate(values, {
      onSuccess: (done) => {
        setValues({ currentPassword: '', newPassword: '' });
        notifications.show({
          color: 'teal',
          title: 'Password changed',
          message: `${plural(done.sessionsSignedOut, 'other session was', 'other sessions were')} signed out and ${plural(done.tokensRevoked, 'access token was', 'access tokens were')} revoked. This browser stays signed in.`,
        });
      },
      onError: (error) => {
        const split = splitApiError(error, ['currentPassword', 'newPassword'], {
          WRONG_PASSWORD: 'currentPassword',
          PASSWORD_UNCHANGED: 'newPassword',
        });
        setErrors(split.fields);
        setFormError(split.form);
        focusFirstInvalid(formRef.current);
      },
    });
  };

  return (
    <Card>
      <Title order={2} fz="lg" mb={4}>
        Change your password
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Every other browser is signed out and every access token stops working; this one stays signed in.
      </Text>
      <form ref={formRef} onSubmit={handleSubmit} noValidate aria-label="Change your password">
        <Stack gap="md" maw={440}>
          <FormAlert message={formError} />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            maxLength={LIMITS.passwordMax}
            value={values.currentPassword}
            onChange={(e) => setValue('currentPassword', e.currentTarget.value)}
            error={errors.currentPassword}
          />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            maxLength={LIMITS.passwordMax}
            description={`At least ${LIMITS.passwordMin} characters. Pick something you don't use anywhere else.`}
            value={values.newPassword}
            onChange={(e) => setValue('newPassword', e.currentTarget.value)}
            error={errors.newPassword}
          />
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function EmailForm() {
  const member = useCurrentMember();
  const change = useChangeEmail();
  const formRef = useRef<HTMLFormElement>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { values, setValue, setValues, errors, setErrors, formError, setFormError } = useFormState({
    newEmail: '',
    currentPassword: '',
  });

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const newEmail = values.newEmail.trim();
    const problems = collectErrors({
      newEmail: !EMAIL_PATTERN.test(newEmail)
        ? 'Enter a valid email address.'
        : newEmail.length > LIMITS.emailMax
          ? `Use at most ${LIMITS.emailMax} characters.`
          : newEmail.toLowerCase() === member?.email.toLowerCase()
            ? 'This is your current address. Enter a different one.'
            : undefined,
      currentPassword: values.currentPassword ? undefined : 'Enter your current password.',
    });
    setErrors(problems);
    if (hasErrors(problems)) return focusFirstInvalid(formRef.current);
    change.mutate(
      { newEmail, currentPassword: values.currentPassword },
      {
        onSuccess: (answer) => {
          setSentTo(answer.email);
          setValues({ newEmail: '', currentPassword: '' });
        },
        onError: (error) => {
          const split = splitApiError(error, ['newEmail', 'currentPassword'], {
            WRONG_PASSWORD: 'currentPassword',
            EMAIL_UNCHANGED: 'newEmail',
          });
          setErrors(split.fields);
          setFormError(split.form);
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  return (
    <Card>
      <Title order={2} fz="lg" mb={4}>
        Change your email address
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        You sign in with{' '}
        <Text span fw={650} c="var(--mantine-color-text)" style={{ overflowWrap: 'anywhere' }}>
          {member?.email}
        </Text>
        . A new address is used once you open the link we send to it; your current address is told.
      </Text>
      {sentTo && (
        <Alert
          color="teal"
          variant="light"
          mb="md"
          role="status"
          icon={<IconMailForward size={20} aria-hidden="true" />}
          title="Check your inbox"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setSentTo(null)}
        >
          We sent a confirmation link to {sentTo}. Your address changes when you open it (within 24 hours).
        </Alert>
      )}
      <form ref={formRef} onSubmit={handleSubmit} noValidate aria-label="Change your email address">
        <Stack gap="md" maw={440}>
          <FormAlert message={formError} />
          <TextInput
            label="New email address"
            type="email"
            autoComplete="email"
            required
            maxLength={LIMITS.emailMax}
            value={values.newEmail}
            onChange={(e) => setValue('newEmail', e.currentTarget.value)}
            error={errors.newEmail}
          />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            maxLength={LIMITS.passwordMax}
            value={values.currentPassword}
            onChange={(e) => setValue('currentPassword', e.currentTarget.value)}
            error={errors.currentPassword}
          />
          <Group>
            <Button type="submit" loading={change.isPending}>
              Send confirmation link
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function SessionList() {
  const sessions = useSessions();
  return (
    <section aria-labelledby="sessions-heading">
      <Title order={2} fz="lg" mb={4} id="sessions-heading">
        Where you are signed in
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Sign out a browser you don’t recognise, then change your password.
      </Text>
      {sessions.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading sessions">
          <Skeleton height={72} />
          <Skeleton height={72} />
        </Stack>
      ) : sessions.isError ? (
        <FormAlert message={sessions.error.message} />
      ) : (
        <Stack component="ul" gap="sm" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {sessions.data.items.map((session) => (
            <SessionRow key={session.id} session={session} />
          ))}
        </Stack>
      )}
    </section>
  );
}

function SessionRow({ session }: { session: SessionItem }) {
  const revoke = useRevokeSession();
  const handleRevoke = () =>
    revoke.mutate(session.id, {
      onSuccess: () =>
        notifications.show({
          color: 'teal',
          title: 'Signed out',
          message: `${session.device} is signed out.`,
        }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not sign it out', message: error.message }),
    });

  return (
    <Paper component="li" withBorder p="md">
      <Group justify="space-between" align="center" gap="sm" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" miw={0} align="flex-start">
          <IconDeviceDesktop size={22} aria-hidden="true" style={{ flexShrink: 0, marginTop: 2 }} />
          <Stack gap={4} miw={0}>
            <Group gap="xs" wrap="wrap">
              <Text fw={650}>{session.device}</Text>
              {session.current && (
                <Badge variant="light" color="teal" bg="teal.0" c="teal.9" tt="none">
                  This browser
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {session.ip ? `From ${session.ip} · ` : ''}Signed in {formatDateTime(session.createdAt)} · Last
              seen {formatDateTime(session.lastSeenAt)}
            </Text>
          </Stack>
        </Group>
        {!session.current && (
          <Button
            variant="default"
            c="var(--app-danger-text)"
            size="sm"
            onClick={handleRevoke}
            loading={revoke.isPending}
            aria-label={`Sign out ${session.device}`}
            style={{ flexShrink: 0 }}
          >
            Sign out
          </Button>
        )}
      </Group>
    </Paper>
  );
}
