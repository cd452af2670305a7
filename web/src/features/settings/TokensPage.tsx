import {
  Anchor,
  Button,
  Card,
  Code,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { AccessToken, CreatedAccessToken } from '../../api/client';
import { useAccessTokens, useCreateAccessToken, useRevokeAccessToken } from '../../api/tokens';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { PageHeader } from '../../components/PageHeader';
import { splitApiError } from '../../lib/apiErrors';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import { collectErrors, hasErrors, LIMITS } from '../../lib/validation';

const EXPIRY_OPTIONS = [
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
  { value: 'never', label: 'Never (not recommended)' },
];
/** Preselected, as the API's default: a forgotten script's token should stop working by itself. */
const DEFAULT_EXPIRY = '90';

export function TokensPage() {
  useDocumentTitle('Access tokens');
  const [created, setCreated] = useState<CreatedAccessToken | null>(null);

  return (
    <>
      <PageHeader
        title="Access tokens"
        description={
          <>
            Personal access tokens let scripts use the{' '}
            <Anchor href="/api/docs" inherit fw={600}>
              HTTP API
            </Anchor>{' '}
            as you. Send one as <Code>Authorization: Bearer …</Code>. Treat it like a password.
          </>
        }
      />
      <Stack gap="lg">
        {created && (
          <OneTimeSecret
            title={`Your new token “${created.name}”`}
            label="Token"
            secret={created.token}
            onDismiss={() => setCreated(null)}
          >
            Copy it now and keep it somewhere safe: you won’t be able to see it again.
          </OneTimeSecret>
        )}
        <CreateTokenForm onCreated={setCreated} />
        <TokenList />
      </Stack>
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedAccessToken) => void }) {
  const create = useCreateAccessToken();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, setValue, setValues, errors, setErrors, formError, setFormError } = useFormState({
    name: '',
    expiry: DEFAULT_EXPIRY,
  });

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const name = values.name.trim();
    const problems = collectErrors({
      name: !name
        ? 'Name the token after what will use it.'
        : name.length > LIMITS.tokenNameMax
          ? `Use at most ${LIMITS.tokenNameMax} characters.`
          : undefined,
    });
    setErrors(problems);
    if (hasErrors(problems)) return focusFirstInvalid(formRef.current);
    create.mutate(
      { name, expiresInDays: values.expiry === 'never' ? null : Number(values.expiry) },
      {
        onSuccess: (token) => {
          onCreated(token);
          setValues({ name: '', expiry: DEFAULT_EXPIRY });
        },
        onError: (error) => {
          const split = splitApiError(error, ['name', 'expiresInDays']);
          setErrors(split.fields);
          setFormError(split.form);
        },
      },
    );
  };

  return (
    <Card>
      <Title order={2} fz="lg" mb={4}>
        Create a token
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        One token per script or machine, so you can revoke one without breaking the others.
      </Text>
      <form ref={formRef} onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <FormAlert message={formError} />
          <Group align="flex-start" gap="md" wrap="wrap">
            <TextInput
              label="Token name"
              placeholder="e.g. Weekly report script"
              required
              maxLength={LIMITS.tokenNameMax}
              value={values.name}
              onChange={(e) => setValue('name', e.currentTarget.value)}
              error={errors.name}
              style={{ flex: '1 1 260px' }}
            />
            <Select
              label="Expires"
              data={EXPIRY_OPTIONS}
              value={values.expiry}
              onChange={(expiry) => setValue('expiry', expiry ?? DEFAULT_EXPIRY)}
              allowDeselect={false}
              description={
                values.expiry === 'never'
                  ? 'It works until you revoke it.'
                  : 'It stops working by itself then.'
              }
              error={errors.expiresInDays}
              style={{ flex: '0 1 200px' }}
            />
          </Group>
          <Group>
            <Button
              type="submit"
              leftSection={<IconPlus size={18} aria-hidden="true" />}
              loading={create.isPending}
            >
              Create token
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function TokenList() {
  const tokens = useAccessTokens();

  return (
    <section aria-labelledby="active-tokens">
      <Title order={2} fz="lg" mb="sm" id="active-tokens">
        Active tokens
      </Title>
      {tokens.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading tokens">
          <Skeleton height={72} />
          <Skeleton height={72} />
        </Stack>
      ) : tokens.isError ? (
        <FormAlert message={tokens.error.message} />
      ) : tokens.data.items.length === 0 ? (
        <EmptyState icon={<IconKey size={26} />} title="No tokens yet">
          Create one above when a script needs to act as you.
        </EmptyState>
      ) : (
        <Stack component="ul" gap="sm" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {tokens.data.items.map((token) => (
            <TokenRow key={token.id} token={token} />
          ))}
        </Stack>
      )}
    </section>
  );
}

function TokenRow({ token }: { token: AccessToken }) {
  const revoke = useRevokeAccessToken();
  const handleRevoke = () =>
    revoke.mutate(token.id, {
      onSuccess: () =>
        notifications.show({
          color: 'teal',
          title: 'Token revoked',
          message: `“${token.name}” stopped working.`,
        }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not revoke the token', message: error.message }),
    });

  return (
    <Paper component="li" withBorder p="md" bg="var(--app-surface)">
      <Group justify="space-between" align="center" gap="sm" wrap="nowrap">
        <Stack gap={4} miw={0}>
          <Group gap="xs" wrap="wrap">
            <Text fw={650} truncate>
              {token.name}
            </Text>
            <Code>{token.prefix}…</Code>
          </Group>
          <Text size="sm" c="dimmed">
            Created {formatDateTime(token.createdAt)} ·{' '}
            {token.lastUsedAt ? `Last used ${formatDateTime(token.lastUsedAt)}` : 'Never used'}
            {' · '}
            {token.expiresAt ? `Expires ${formatDateTime(token.expiresAt)}` : 'No expiry'}
          </Text>
        </Stack>
        <Button
          variant="default"
          c="var(--mantine-color-error)"
          size="sm"
          onClick={handleRevoke}
          loading={revoke.isPending}
          aria-label={`Revoke ${token.name}`}
          style={{ flexShrink: 0 }}
        >
          Revoke
        </Button>
      </Group>
    </Paper>
  );
}
