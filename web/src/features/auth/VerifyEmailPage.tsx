import { Button, Group, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { useSession, useVerifyEmail } from '../../api/session';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AuthCard } from './AuthCard';
import { EmailLinkStates } from './EmailLinkStates';

export function VerifyEmailPage() {
  useDocumentTitle('Confirm your email');
  const [params] = useSearchParams();
  const token = params.get('token');
  const verify = useVerifyEmail(token);
  const member = useSession().data?.member;

  if (!token || verify.isPending || verify.isError) {
    return (
      <EmailLinkStates
        title="Confirm your email"
        token={token}
        pendingText="Confirming your email address…"
        errorTitle="We could not confirm your email"
        request={verify}
        next={<NextSteps signedIn={Boolean(member)} />}
        afterError={
          member &&
          !member.emailVerified && (
            <Text size="sm">Use “Resend link” in the yellow banner above to get a fresh link.</Text>
          )
        }
      />
    );
  }

  // The link signs its member in: the session is the confirmed member's now.
  const confirmed = verify.data.member;
  return (
    <AuthCard title="Email confirmed">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" role="status">
          <IconCircleCheck
            size={28}
            color="var(--mantine-color-teal-8)"
            aria-hidden="true"
            style={{ flexShrink: 0 }}
          />
          <Text fw={600}>Your email address is confirmed. You are signed in as @{confirmed.handle}.</Text>
        </Group>
        <Text c="dimmed" size="sm">
          Welcome, {confirmed.name}. Add your skills and work to your profile so members know what you do.
        </Text>
        <Button component={Link} to={`/@${confirmed.handle}`} fullWidth>
          Go to your profile
        </Button>
        <Button component={Link} to="/" variant="default" fullWidth>
          Continue to your home page
        </Button>
      </Stack>
    </AuthCard>
  );
}

function NextSteps({ signedIn }: { signedIn: boolean }) {
  return signedIn ? (
    <Button component={Link} to="/" fullWidth>
      Continue to your home page
    </Button>
  ) : (
    <Button component={Link} to="/signin" fullWidth>
      Go to sign-in
    </Button>
  );
}
