import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useResetPassword } from '../../api/session';
import { FormAlert } from '../../components/FormAlert';
import { splitApiError } from '../../lib/apiErrors';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import { checkNewPassword, collectErrors, hasErrors, LIMITS } from '../../lib/validation';
import { AuthCard } from './AuthCard';

export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const [params] = useSearchParams();
  const token = params.get('token');
  const reset = useResetPassword();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState({ password: '' });

  if (!token) {
    return (
      <AuthCard title="Choose a new password">
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden="true" />}>
          This link is missing its code. Open the link from the email again, or ask for a new one.
        </Alert>
        <Button component={Link} to="/forgot-password" fullWidth>
          Ask for a new link
        </Button>
      </AuthCard>
    );
  }

  if (reset.isSuccess) {
    return (
      <AuthCard title="Password changed">
        <Group gap="sm" wrap="nowrap" role="status">
          <IconCircleCheck size={28} color="var(--mantine-color-teal-8)" aria-hidden="true" />
          <Text fw={600}>Your password is changed.</Text>
        </Group>
        <Text c="dimmed" size="sm">
          For your safety we signed you out everywhere. Use your new password from now on.
        </Text>
        <Button component={Link} to="/signin" fullWidth>
          Continue to sign-in
        </Button>
      </AuthCard>
    );
  }

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const problems = collectErrors({ password: checkNewPassword(values.password) });
    setErrors(problems);
    if (hasErrors(problems)) return focusFirstInvalid(formRef.current);
    reset.mutate(
      { token, password: values.password },
      {
        onError: (error) => {
          const split = splitApiError(error, ['password']);
          setErrors(split.fields);
          setFormError(split.form);
        },
      },
    );
  };

  return (
    <AuthCard
      title="Choose a new password"
      description="Pick something you don't use anywhere else."
      footer={
        formError ? (
          <Anchor component={Link} to="/forgot-password" fw={600}>
            Ask for a new reset link
          </Anchor>
        ) : undefined
      }
    >
      <form ref={formRef} onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <FormAlert message={formError} />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            description={`At least ${LIMITS.passwordMin} characters.`}
            value={values.password}
            onChange={(e) => setValue('password', e.currentTarget.value)}
            error={errors.password}
          />
          <Button type="submit" size="md" fullWidth loading={reset.isPending}>
            Change password
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
