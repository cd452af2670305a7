import { Button, Card, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../api/client';
import { useMemberTrust, useSetMemberTrusted } from '../../api/instance';
import { FormAlert } from '../../components/FormAlert';

/**
 * Trusted members: with the admins, the seeds merit flows from. Look a member up by handle and switch
 * their trust; it takes effect at the next merit recomputation (every few minutes).
 */
export function TrustedMembers() {
  const [input, setInput] = useState('');
  const [handle, setHandle] = useState<string | null>(null);
  const member = useMemberTrust(handle);
  const setTrusted = useSetMemberTrusted();

  const lookUp = (e: FormEvent) => {
    e.preventDefault();
    const h = input.trim().replace(/^@/, '');
    setTrusted.reset();
    setHandle(h.length > 0 ? h : null);
  };

  const notFound = member.isError && isApiError(member.error, 404);

  return (
    <Card>
      <Title order={2} fz="lg" mb={4}>
        Trusted members
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Merit flows from administrators and trusted members along completed engagements. Trust people whose
        judgement of work you would vouch for; changes show in rankings within minutes.
      </Text>
      <Stack gap="md">
        <form onSubmit={lookUp}>
          <Group align="flex-end" gap="sm">
            <TextInput
              label="Member handle"
              placeholder="ada"
              leftSection="@"
              value={input}
              onChange={(e) => setInput(e.currentTarget.value)}
              style={{ flex: '1 1 200px' }}
              maxLength={40}
            />
            <Button
              type="submit"
              variant="light"
              leftSection={<IconSearch size={18} aria-hidden="true" />}
              loading={member.isFetching}
            >
              Look up
            </Button>
          </Group>
        </form>
        {notFound && <FormAlert message={`No member called @${handle}.`} />}
        {member.isError && !notFound && <FormAlert message={member.error.message} />}
        <FormAlert message={setTrusted.error?.message} />
        {member.data && (
          <Group justify="space-between" wrap="wrap" gap="sm" aria-live="polite">
            <div>
              <Text fw={600}>
                <Link to={`/@${member.data.handle}`}>{member.data.name}</Link>{' '}
                <Text span c="dimmed">
                  @{member.data.handle}
                </Text>
              </Text>
              {member.data.role === 'admin' && (
                <Text size="sm" c="dimmed">
                  An administrator: always a seed of merit.
                </Text>
              )}
            </div>
            <Switch
              label="Trusted"
              checked={member.data.trusted}
              disabled={setTrusted.isPending}
              onChange={(e) =>
                setTrusted.mutate({ handle: member.data.handle, trusted: e.currentTarget.checked })
              }
            />
          </Group>
        )}
      </Stack>
    </Card>
  );
}
