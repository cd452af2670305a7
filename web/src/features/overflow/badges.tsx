import { Badge, VisuallyHidden, type BadgeProps } from '@mantine/core';
import { IconLock, IconUserShare, IconWorld } from '@tabler/icons-react';
import type { EngagementStatus } from '../../api/engagements';
import type { OfferStatus } from '../../api/offers';
import type { Overflow, OverflowStatus } from '../../api/overflow';

interface Tone {
  label: string;
  color: string;
  /** Text colour, when the colour's own darkest shade is too light on its lightest (yellow, orange). */
  text?: string;
}

/** A light badge whose text uses the darkest shade of its colour, so it stays readable (AA). */
function ToneBadge({ tone, ...props }: { tone: Tone } & Omit<BadgeProps, 'color' | 'children'>) {
  return (
    <Badge
      variant="light"
      color={tone.color}
      bg={`${tone.color}.0`}
      c={tone.text ?? `${tone.color}.9`}
      tt="none"
      // Next to a long title in a row that does not wrap, the state stays whole (never "Decl…").
      style={{ flexShrink: 0 }}
      {...props}
    >
      {tone.label}
    </Badge>
  );
}

const OVERFLOW_STATUS: Record<OverflowStatus, Tone> = {
  open: { label: 'Open', color: 'teal' },
  assigned: { label: 'Assigned', color: 'blue' },
  delivered: { label: 'Delivered', color: 'violet' },
  completed: { label: 'Completed', color: 'green', text: '#1e6b2f' },
  cancelled: { label: 'Cancelled', color: 'gray' },
  expired: { label: 'Expired', color: 'gray' },
  suspended: { label: 'Suspended', color: 'red' },
};

const OFFER_STATUS: Record<OfferStatus, Tone> = {
  pending: { label: 'Pending', color: 'yellow', text: 'dark.8' },
  accepted: { label: 'Accepted', color: 'green', text: '#1e6b2f' },
  declined: { label: 'Declined', color: 'gray' },
  withdrawn: { label: 'Withdrawn', color: 'gray' },
};

const ENGAGEMENT_STATUS: Record<EngagementStatus, Tone> = {
  active: { label: 'In progress', color: 'blue' },
  delivered: { label: 'Delivered', color: 'violet' },
  completed: { label: 'Completed', color: 'green', text: '#1e6b2f' },
  abandoned: { label: 'Abandoned', color: 'red' },
};

export function OverflowStatusBadge({
  status,
  ...props
}: { status: OverflowStatus } & Omit<BadgeProps, 'color'>) {
  return <ToneBadge tone={OVERFLOW_STATUS[status]} {...props} />;
}

export function OfferStatusBadge({ status, ...props }: { status: OfferStatus } & Omit<BadgeProps, 'color'>) {
  return <ToneBadge tone={OFFER_STATUS[status]} {...props} />;
}

export function EngagementStatusBadge({
  status,
  ...props
}: { status: EngagementStatus } & Omit<BadgeProps, 'color'>) {
  return <ToneBadge tone={ENGAGEMENT_STATUS[status]} {...props} />;
}

export function engagementStatusLabel(status: EngagementStatus): string {
  return ENGAGEMENT_STATUS[status].label;
}

/** Who can see an overflow, in words. */
export function visibilityLabel(overflow: Pick<Overflow, 'visibility' | 'askMember'>): string {
  if (overflow.visibility === 'public') return 'Public';
  if (overflow.visibility === 'members') return 'Members only';
  return overflow.askMember ? `Asked of ${overflow.askMember.name}` : 'Direct ask';
}

export function VisibilityBadge({ overflow }: { overflow: Pick<Overflow, 'visibility' | 'askMember'> }) {
  const Icon =
    overflow.visibility === 'public'
      ? IconWorld
      : overflow.visibility === 'members'
        ? IconLock
        : IconUserShare;
  return (
    <Badge
      variant="outline"
      color="gray"
      c="var(--app-text-muted)"
      tt="none"
      leftSection={<Icon size={12} aria-hidden="true" />}
    >
      {visibilityLabel(overflow)}
    </Badge>
  );
}

export function SkillBadges({
  skills,
  label = 'Skills',
  highlight,
}: {
  skills: readonly string[];
  label?: string;
  /** Skills to mark as matching the viewer's own (shown filled, and named for screen readers). */
  highlight?: ReadonlySet<string>;
}) {
  return (
    <ul
      aria-label={label}
      style={{ display: 'flex', flexWrap: 'wrap', gap: 6, listStyle: 'none', margin: 0, padding: 0 }}
    >
      {skills.map((skill) => {
        const match = highlight?.has(skill) ?? false;
        return (
          <li key={skill}>
            <Badge
              variant={match ? 'light' : 'outline'}
              color={match ? 'stream' : 'gray'}
              bg={match ? 'var(--app-accent-surface)' : undefined}
              c={match ? 'var(--app-accent-text)' : 'var(--app-text-muted)'}
              size="sm"
              tt="none"
            >
              {skill}
              {match && <VisuallyHidden> (one of your skills)</VisuallyHidden>}
            </Badge>
          </li>
        );
      })}
    </ul>
  );
}
