import { Anchor, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useInstanceName } from '../../api/instance';
import { useSignIn } from '../../api/session';
import { FormAlert } from '../../components/FormAlert';
import { splitApiError } from '../../lib/apiErrors';
import { safeNextPath } from '../../lib/safeRedirect';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import { checkEmail, collectErrors, hasErrors } from '../../lib/validation';
import { AuthCard } from './AuthCard';

export function SignInPage() {
  useDocumentTitle('Sign in');
  const instanceName = useInstanceName();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const signIn = useSignIn();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState({
    email: '',
    password: '',
  });

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const problems = collectErrors({
      email: checkEmail(values.email),
      password: values.password ? undefined : 'Enter your password.',
    });
    setErrors(problems);
    if (hasErrors(problems)) return focusFirstInvalid(formRef.current);
    signIn.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onSuccess: () => void navigate(next, { replace: true }),
        onError: (error) => {
          const split = splitApiError(error, ['email', 'password']);
          setErrors(split.fields);
          setFormError(split.form);
        },
      },
    );
  };

  return (
    <AuthCard
      title="Sign in"
      description={`Welcome back to ${instanceName}.`}
      footer={
        <>
          New here?{' '}
          <Anchor component={Link} to="/signup" fw={600}>
            Create an account
          </Anchor>
        </>
      }
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
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={values.password}
            onChange={(e) => setValue('password', e.currentTarget.value)}
            error={errors.password}
          />
          <Group justify="flex-end" mt={-6}>
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot your password?
            </Anchor>
          </Group>
          <Button type="submit" size="md" fullWidth loading={signIn.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
