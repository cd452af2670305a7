import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCalendarDue, IconClock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Overflow } from '../../api/overflow';
import { formatCalendarDate } from '../../lib/format';
import { OverflowStatusBadge, SkillBadges, VisibilityBadge } from './badges';
import { briefExcerpt } from './briefExcerpt';
import classes from './OverflowCard.module.css';
import { MemberLink } from '../../components/MemberLink';

export { briefExcerpt };

interface OverflowCardProps {
  overflow: Overflow;
  headingOrder?: 2 | 3;
  showStatus?: boolean;
  showOwner?: boolean;
  showMatch?: boolean;
  /** The viewer's matching skills, marked on the card with `showMatch` (For you). */
  mySkills?: ReadonlySet<string>;
  footer?: ReactNode;
}

export function effortLabel(hours: number): string {
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** One overflow on the board or in "My work": what it is, whose it is, how big, by when. */
export function OverflowCard({
  overflow,
  headingOrder = 2,
  showStatus = false,
  showOwner = true,
  showMatch = false,
  mySkills,
  footer,
}: OverflowCardProps) {
  return (
    <Paper component="article" withBorder p="lg" bg="var(--app-surface)" className={classes.card}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="nowrap">
          <Stack gap={4} miw={0}>
            <Title order={headingOrder} fz="lg" className={classes.title}>
              <Anchor
                component={Link}
                to={`/overflow/${overflow.id}`}
                inherit
                c="inherit"
                className={classes.link}
              >
                {overflow.title}
              </Anchor>
            </Title>
            {showOwner && (
              <Text size="sm" c="dimmed">
                Posted by{' '}
                <MemberLink handle={overflow.owner.handle} inherit fw={600} c="var(--app-accent-text)">
                  {overflow.owner.name}
                </MemberLink>
                {overflow.owner.headline && (
                  <span className={classes.headline}> · {overflow.owner.headline}</span>
                )}
              </Text>
            )}
          </Stack>
          <Group gap={6} wrap="nowrap" className={classes.chips}>
            {showStatus && <OverflowStatusBadge status={overflow.status} />}
          </Group>
        </Group>
        {overflow.brief && (
          <Text size="sm" c="var(--app-text-muted)" className={classes.excerpt}>
            {briefExcerpt(overflow.brief)}
          </Text>
        )}
        <SkillBadges skills={overflow.skills} highlight={showMatch ? mySkills : undefined} />
        <Group gap="md" className={classes.facts}>
          <Group gap={4} wrap="nowrap">
            <IconClock size={16} aria-hidden="true" />
            <Text size="sm">{effortLabel(overflow.effortHours)}</Text>
          </Group>
          <Group gap={4} wrap="nowrap">
            <IconCalendarDue size={16} aria-hidden="true" />
            <Text size="sm">
              {overflow.dueOn ? (
                <>
                  Due <time dateTime={overflow.dueOn}>{formatCalendarDate(overflow.dueOn)}</time>
                </>
              ) : (
                'No due date'
              )}
            </Text>
          </Group>
          <VisibilityBadge overflow={overflow} />
        </Group>
        {footer}
      </Stack>
    </Paper>
  );
}
