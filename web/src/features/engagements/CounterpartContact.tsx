import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client';

type EngagementDetail = Schemas['EngagementDetail'];

/**
 * The other party's contact line, shown to the owner and the helper from acceptance on (active, delivered,
 * completed); the server sends it on the engagement detail only, never in lists or on profiles.
 */
export function CounterpartContact({ engagement }: { engagement: EngagementDetail }) {
  const role = engagement.viewerRole;
  if (role === 'admin' || engagement.status === 'abandoned') return null;
  const other = role === 'owner' ? engagement.helper : engagement.owner;
  const contact = engagement.counterpartContact;
  return (
    <Paper withBorder p="lg" bg="var(--app-surface)" component="section" aria-labelledby="contact-heading">
      <Stack gap="xs">
        <Title order={2} fz="md" id="contact-heading">
          How to reach {other.name}
        </Title>
        {contact ? (
          <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="counterpart-contact">
            {contact}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {other.name} has not added a contact line.
          </Text>
        )}
        <Text size="xs" c="dimmed">
          Only the two of you see each other’s contact line, while the engagement is active, delivered or
          completed.{' '}
          <Anchor
            component={Link}
            to="/settings/profile"
            inherit
            c="var(--app-accent-text)"
            underline="always"
          >
            Your own contact line
          </Anchor>
        </Text>
      </Stack>
    </Paper>
  );
}
