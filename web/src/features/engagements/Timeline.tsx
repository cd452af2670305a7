import { Anchor, Paper, Stack, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import {
  IconCircleCheck,
  IconDoorExit,
  IconExternalLink,
  IconMessageCircle,
  IconPackage,
  IconPlayerPlay,
  IconPoint,
  IconRobot,
} from '@tabler/icons-react';
import type { Engagement, EngagementEvent } from '../../api/engagements';
import { formatDateTime } from '../../lib/format';
import classes from './Timeline.module.css';

function describe(
  event: EngagementEvent,
  e: Engagement,
): { title: string; icon: React.ReactNode; color: string } {
  const who = event.actor?.name ?? 'Slipstream';
  switch (event.kind) {
    case 'started':
      return {
        title: `Engagement started: ${e.owner.name} accepted ${e.helper.name}’s offer`,
        icon: <IconPlayerPlay size={16} />,
        color: 'blue',
      };
    case 'delivered':
      return { title: `${who} delivered`, icon: <IconPackage size={16} />, color: 'violet' };
    case 'revision_requested':
      return { title: `${who} asked for a revision`, icon: <IconMessageCircle size={16} />, color: 'orange' };
    case 'completed':
      return {
        title: `${who} completed it with a review`,
        icon: <IconCircleCheck size={16} />,
        color: 'green',
      };
    case 'auto_completed':
      return {
        title: 'Completed automatically: the review window passed',
        icon: <IconRobot size={16} />,
        color: 'green',
      };
    case 'abandoned':
      return { title: `${who} abandoned the engagement`, icon: <IconDoorExit size={16} />, color: 'red' };
    default:
      return { title: event.kind.replace(/_/g, ' '), icon: <IconPoint size={16} />, color: 'gray' };
  }
}

/** Everything that happened, oldest first, with notes and links. */
export function Timeline({ engagement }: { engagement: Engagement }) {
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'xl' }}
      bg="white"
      component="section"
      aria-labelledby="timeline-heading"
    >
      <Title order={2} fz="lg" mb="md" id="timeline-heading">
        Timeline
      </Title>
      {engagement.events.length === 0 ? (
        <Text c="dimmed">Nothing has happened yet.</Text>
      ) : (
        <ol className={classes.timeline}>
          {engagement.events.map((event) => {
            const { title, icon, color } = describe(event, engagement);
            return (
              <li key={event.id} className={classes.item}>
                <ThemeIcon
                  variant="light"
                  color={color}
                  c={`${color}.9`}
                  radius="xl"
                  size={32}
                  className={classes.icon}
                  aria-hidden="true"
                >
                  {icon}
                </ThemeIcon>
                <Stack gap={4} className={classes.body}>
                  <Text fw={650}>{title}</Text>
                  <Text size="xs" c="dimmed">
                    <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
                  </Text>
                  {event.note && <Text className={classes.note}>{event.note}</Text>}
                  <DeliveryLinks links={event.links} />
                </Stack>
              </li>
            );
          })}
        </ol>
      )}
    </Paper>
  );
}

export function DeliveryLinks({ links }: { links: readonly string[] }) {
  if (links.length === 0) return null;
  return (
    <ul className={classes.links} aria-label="Links">
      {links.map((link) => (
        <li key={link}>
          <Anchor href={link} target="_blank" rel="noopener noreferrer nofollow ugc" size="sm" c="stream.9">
            {link}
            <IconExternalLink size={12} aria-hidden="true" className={classes.external} />
            <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
          </Anchor>
        </li>
      ))}
    </ul>
  );
}
