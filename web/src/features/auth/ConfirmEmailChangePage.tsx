import { Button, Group, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { useConfirmEmailChange } from '../../api/account';
import { useSession } from '../../api/session';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AuthCard } from './AuthCard';
import { EmailLinkStates } from './EmailLinkStates';

/** `/confirm-email?token=…`: the link sent to a new address applies the change of email address. */
export function ConfirmEmailChangePage() {
  useDocumentTitle('Confirm your new email');
  const [params] = useSearchParams();
  const token = params.get('token');
  const confirm = useConfirmEmailChange(token);
  const signedIn = Boolean(useSession().data?.member);

  if (!token || confirm.isPending || confirm.isError) {
    return (
      <EmailLinkStates
        title="Confirm your new email"
        token={token}
        pendingText="Changing your email address…"
        errorTitle="We could not change your email address"
        request={confirm}
        next={<Next signedIn={signedIn} />}
      />
    );
  }

  return (
    <AuthCard title="Email address changed">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" role="status">
          <IconCircleCheck
            size={28}
            color="var(--mantine-color-teal-8)"
            aria-hidden="true"
            style={{ flexShrink: 0 }}
          />
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            Your account now uses {confirm.data.email}.
          </Text>
        </Group>
        <Text c="dimmed" size="sm">
          Sign in with it from now on. We told your previous address about the change.
        </Text>
        <Next signedIn={signedIn} />
      </Stack>
    </AuthCard>
  );
}

function Next({ signedIn }: { signedIn: boolean }) {
  return signedIn ? (
    <Button component={Link} to="/settings/security" fullWidth>
      Go to your security settings
    </Button>
  ) : (
    <Button component={Link} to="/signin" fullWidth>
      Go to sign-in
    </Button>
  );
}
