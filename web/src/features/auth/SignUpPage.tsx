import { Alert, Anchor, Button, List, PasswordInput, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle, IconMailCheck } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Instance } from '../../api/client';
import { useInstance } from '../../api/instance';
import { useSignUp } from '../../api/session';
import { FormAlert } from '../../components/FormAlert';
import { splitApiError } from '../../lib/apiErrors';
import { browserTimeZone } from '../../lib/timeZones';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import {
  checkEmail,
  checkHandle,
  checkName,
  checkNewPassword,
  collectErrors,
  hasErrors,
  LIMITS,
} from '../../lib/validation';
import { AuthCard } from './AuthCard';

const FIELDS = ['name', 'handle', 'email', 'password', 'inviteCode'] as const;

/** Error codes that belong to one field, so the message shows where the fix is. */
const FIELDS_BY_CODE: Record<string, string> = {
  HANDLE_TAKEN: 'handle',
  SIGNUP_DOMAIN_NOT_ALLOWED: 'email',
  INVITE_REQUIRED: 'inviteCode',
  INVITE_INVALID: 'inviteCode',
};

export function SignUpPage() {
  const instance = useInstance();
  // Set once the sign-up is sent: the address the confirmation link goes to.
  const [sentTo, setSentTo] = useState<string | null>(null);
  useDocumentTitle(sentTo ? 'Check your inbox' : 'Create your account');

  if (sentTo) return <CheckYourInbox email={sentTo} onChangeAddress={() => setSentTo(null)} />;

  return (
    <AuthCard
      title="Create your account"
      description={
        instance.data
          ? `Join ${instance.data.name}: show your work, help with others' overflow, and let the network follow.`
          : 'Show your work, help with others’ overflow, and let the network follow.'
      }
      footer={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to="/signin" fw={600}>
            Go to sign-in
          </Anchor>
        </>
      }
    >
      {instance.data ? <SignUpForm instance={instance.data} onSent={setSentTo} /> : <SignUpFormSkeleton />}
    </AuthCard>
  );
}

/**
 * After sign-up: nobody is signed in yet. The same screen whether or not the address already had an account
 * (the server answers the same), so it promises only what is true either way.
 */
function CheckYourInbox({ email, onChangeAddress }: { email: string; onChangeAddress: () => void }) {
  return (
    <AuthCard
      title="Check your inbox"
      footer={
        <>
          Already confirmed?{' '}
          <Anchor component={Link} to="/signin" fw={600}>
            Go to sign-in
          </Anchor>
        </>
      }
    >
      <Stack gap="md">
        <Alert
          role="status"
          variant="light"
          color="stream"
          title="One more step"
          icon={<IconMailCheck size={20} aria-hidden="true" />}
        >
          We sent a link to{' '}
          <Text span inherit fw={700} style={{ overflowWrap: 'anywhere' }}>
            {email}
          </Text>{' '}
          to confirm it and sign you in. Open it in this browser or any other.
        </Alert>
        <Text size="sm" fw={600}>
          No email after a few minutes?
        </Text>
        <List size="sm" spacing={6} c="dimmed">
          <List.Item>Look in your spam or junk folder.</List.Item>
          <List.Item>The link works once, for 48 hours.</List.Item>
          <List.Item>
            You can also sign in with your password and ask for a new link from the banner at the top.
          </List.Item>
        </List>
        <Button variant="default" fullWidth onClick={onChangeAddress}>
          Use a different address
        </Button>
      </Stack>
    </AuthCard>
  );
}

function SignUpForm({ instance, onSent }: { instance: Instance; onSent: (email: string) => void }) {
  const signUp = useSignUp();
  const formRef = useRef<HTMLFormElement>(null);
  const needsInvite = instance.signupMode === 'invite';
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState({
    name: '',
    handle: '',
    email: '',
    password: '',
    inviteCode: '',
  });

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const problems = collectErrors({
      name: checkName(values.name),
      handle: checkHandle(values.handle),
      email: checkEmail(values.email),
      password: checkNewPassword(values.password),
      inviteCode:
        needsInvite && !values.inviteCode.trim() ? 'Enter the invite code you were given.' : undefined,
    });
    setErrors(problems);
    if (hasErrors(problems)) return focusFirstInvalid(formRef.current);

    const timeZone = browserTimeZone();
    signUp.mutate(
      {
        name: values.name.trim(),
        handle: values.handle,
        email: values.email.trim(),
        password: values.password,
        ...(timeZone && { timeZone }),
        ...(needsInvite && { inviteCode: values.inviteCode.trim() }),
      },
      {
        onSuccess: (answer) => onSent(answer.email),
        onError: (error) => {
          const split = splitApiError(error, FIELDS, FIELDS_BY_CODE);
          setErrors(split.fields);
          setFormError(split.form);
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <SignupRules instance={instance} />
        <FormAlert message={formError} />
        <TextInput
          label="Name"
          autoComplete="name"
          required
          maxLength={LIMITS.nameMax}
          value={values.name}
          onChange={(e) => setValue('name', e.currentTarget.value)}
          error={errors.name}
        />
        <TextInput
          label="Handle"
          description={
            values.handle && !checkHandle(values.handle)
              ? `Your profile will be at /@${values.handle}`
              : '3–30 characters: letters a–z, digits, _ and -.'
          }
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          leftSection={
            <Text span c="dimmed" fw={600} aria-hidden="true">
              @
            </Text>
          }
          maxLength={LIMITS.handleMax}
          value={values.handle}
          onChange={(e) => setValue('handle', e.currentTarget.value.toLowerCase())}
          error={errors.handle}
        />
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          required
          description={
            instance.signupMode === 'domains' && instance.allowedDomains.length > 0
              ? `Use an address at ${formatDomains(instance.allowedDomains)}.`
              : 'We’ll send a link to confirm it.'
          }
          value={values.email}
          onChange={(e) => setValue('email', e.currentTarget.value)}
          error={errors.email}
        />
        <PasswordInput
          label="Password"
          autoComplete="new-password"
          required
          description={`At least ${LIMITS.passwordMin} characters. A short sentence works well.`}
          value={values.password}
          onChange={(e) => setValue('password', e.currentTarget.value)}
          error={errors.password}
        />
        {needsInvite && (
          <TextInput
            label="Invite code"
            autoComplete="off"
            spellCheck={false}
            required
            value={values.inviteCode}
            onChange={(e) => setValue('inviteCode', e.currentTarget.value)}
            error={errors.inviteCode}
          />
        )}
        <Button type="submit" size="md" fullWidth loading={signUp.isPending} mt="xs">
          Create account
        </Button>
        <Text size="xs" c="dimmed" ta="center">
          Your time zone ({browserTimeZone() ?? 'UTC'}) is set from this device; you can change it later.
        </Text>
      </Stack>
    </form>
  );
}

function SignupRules({ instance }: { instance: Instance }) {
  if (instance.signupMode === 'open') return null;
  const message =
    instance.signupMode === 'invite'
      ? 'Joining is by invitation. Ask a member or an administrator for an invite code.'
      : `Joining is open to email addresses at ${formatDomains(instance.allowedDomains)}.`;
  return (
    <Alert variant="light" color="stream" icon={<IconInfoCircle size={20} aria-hidden="true" />}>
      {message}
    </Alert>
  );
}

function formatDomains(domains: readonly string[]): string {
  if (domains.length === 0) return 'approved domains';
  if (domains.length === 1) return domains[0] ?? '';
  return `${domains.slice(0, -1).join(', ')} or ${domains[domains.length - 1]}`;
}

function SignUpFormSkeleton() {
  return (
    <Stack gap="md" aria-hidden="true">
      {[0, 1, 2, 3].map((i) => (
        <Skeleton key={i} height={64} />
      ))}
      <Skeleton height={42} />
    </Stack>
  );
}
