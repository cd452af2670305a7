import { Anchor, Button, Group, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useRequestPasswordReset } from '../../api/session';
import { FormAlert } from '../../components/FormAlert';
import { splitApiError } from '../../lib/apiErrors';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import { checkEmail, collectErrors, hasErrors } from '../../lib/validation';
import { AuthCard } from './AuthCard';

export function ForgotPasswordPage() {
  useDocumentTitle('Reset your password');
  const request = useRequestPasswordReset();
  const formRef = useRef<HTMLFormElement>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState({ email: '' });

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const problems = collectErrors({ email: checkEmail(values.email) });
    setErrors(problems);
    if (hasErrors(problems)) return focusFirstInvalid(formRef.current);
    const email = values.email.trim();
    request.mutate(email, {
      onSuccess: () => setSentTo(email),
      onError: (error) => {
        const split = splitApiError(error, ['email']);
        setErrors(split.fields);
        setFormError(split.form);
      },
    });
  };

  const backToSignIn = (
    <Anchor component={Link} to="/signin" fw={600}>
      Back to sign-in
    </Anchor>
  );

  if (sentTo) {
    return (
      <AuthCard title="Check your inbox" footer={backToSignIn}>
        <Group gap="md" wrap="nowrap" align="flex-start" role="status">
          <ThemeIcon size={40} radius="xl" variant="light" aria-hidden="true">
            <IconMailForward size={22} />
          </ThemeIcon>
          <Stack gap={6}>
            <Text>
              If an account uses <strong>{sentTo}</strong>, a reset link is on its way. It works for one hour.
            </Text>
            <Text size="sm" c="dimmed">
              Nothing after a few minutes? Check your spam folder, or try again.
            </Text>
          </Stack>
        </Group>
        <Button variant="default" onClick={() => setSentTo(null)}>
          Use a different address
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Reset your password"
      description="Enter the email address you signed up with and we will send you a link to choose a new password."
      footer={backToSignIn}
    >
      <form ref={formRef} onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <FormAlert message={formError} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={values.email}
            onChange={(e) => setValue('email', e.currentTarget.value)}
            error={errors.email}
          />
          <Button type="submit" size="md" fullWidth loading={request.isPending}>
            Send reset link
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
