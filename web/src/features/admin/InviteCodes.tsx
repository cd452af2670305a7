import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconTicket } from '@tabler/icons-react';
import { useState } from 'react';
import type { Instance, Invite } from '../../api/client';
import { useCreateInvite } from '../../api/instance';
import { FormAlert } from '../../components/FormAlert';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { formatDateTime } from '../../lib/format';

export function InviteCodes({ signupMode }: { signupMode: Instance['signupMode'] }) {
  const create = useCreateInvite();
  const [invite, setInvite] = useState<Invite | null>(null);

  return (
    <Card>
      <Title order={2} fz="lg" mb={4}>
        Invite codes
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Each code works once, for 14 days.
        {signupMode !== 'invite' && ' Codes are only asked for while sign-up is set to “Invite only”.'}
      </Text>
      <Stack gap="md">
        {invite && (
          <OneTimeSecret
            title="New invite code"
            label="Invite code"
            secret={invite.code}
            onDismiss={() => setInvite(null)}
          >
            Send it to the person you are inviting. It is shown only once and works until{' '}
            {formatDateTime(invite.expiresAt)}.
          </OneTimeSecret>
        )}
        <FormAlert message={create.error?.message} />
        <Group>
          <Button
            variant="light"
            leftSection={<IconTicket size={18} aria-hidden="true" />}
            loading={create.isPending}
            onClick={() => create.mutate(undefined, { onSuccess: setInvite })}
          >
            Create invite code
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
