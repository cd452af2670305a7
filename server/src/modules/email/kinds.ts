import type { EmailMode } from '../../db/schema.js';

export type { EmailMode };

/**
 * The kinds of email a member can choose about: one per event that may be emailed, and the digest itself.
 * Pure: the settings page, the email channel and the digest all read this one list.
 */
export const EMAIL_KINDS = [
  'offer_received',
  'offer_accepted',
  'offer_declined',
  'delivery_submitted',
  'revision_requested',
  'engagement_completed',
  'engagement_abandoned',
  'noticed_received',
  'thanks_received',
  'offer_invited',
  'tie_formed',
  'report_resolved',
  'digest',
] as const;

export type EmailKind = (typeof EMAIL_KINDS)[number];

/** The event kinds (everything but the digest), in the order the settings page shows them. */
export type EventEmailKind = Exclude<EmailKind, 'digest'>;
export const EVENT_EMAIL_KINDS = EMAIL_KINDS.filter((k): k is EventEmailKind => k !== 'digest');

export const EMAIL_MODES: readonly EmailMode[] = ['now', 'digest', 'off'];

interface KindInfo {
  label: string;
  description: string;
  /** What a member gets without choosing: urgent ones at once, the rest bundled into the digest. */
  defaultMode: EmailMode;
}

const INFO: Record<EmailKind, KindInfo> = {
  offer_received: {
    label: 'Offers on your overflow',
    description: 'Someone offers to help with work you posted.',
    defaultMode: 'now',
  },
  offer_accepted: {
    label: 'Your offer accepted',
    description: 'An owner accepts your offer and the engagement starts.',
    defaultMode: 'now',
  },
  offer_declined: {
    label: 'Your offer closed',
    description: 'An owner declines your offer, goes with another, or the overflow closes.',
    defaultMode: 'digest',
  },
  delivery_submitted: {
    label: 'Deliveries to review',
    description: 'A helper delivers work on your overflow.',
    defaultMode: 'now',
  },
  revision_requested: {
    label: 'Revisions asked for',
    description: 'An owner asks for a revision of your delivery.',
    defaultMode: 'now',
  },
  engagement_completed: {
    label: 'Engagements completed',
    description: 'An engagement you are part of is completed, by review or automatically.',
    defaultMode: 'digest',
  },
  engagement_abandoned: {
    label: 'Engagements abandoned',
    description: 'The other party stops an engagement you are part of, or leaves the network.',
    defaultMode: 'now',
  },
  noticed_received: {
    label: 'Noticed notes',
    description: 'Someone writes a note that they noticed your work.',
    defaultMode: 'digest',
  },
  thanks_received: {
    label: 'Thanks',
    description: 'Someone thanks you publicly.',
    defaultMode: 'digest',
  },
  offer_invited: {
    label: 'Invitations to offer',
    description: 'An owner invites you to offer on their overflow.',
    defaultMode: 'now',
  },
  tie_formed: {
    label: 'New ties',
    description: 'You and someone else now have a tie.',
    defaultMode: 'digest',
  },
  report_resolved: {
    label: 'Your reports',
    description: 'A moderator acts on content you reported.',
    defaultMode: 'digest',
  },
  digest: {
    label: 'Daily digest',
    description: 'One email a day at your chosen hour, only when there is something worth saying.',
    defaultMode: 'now',
  },
};

export function isEmailKind(v: string): v is EmailKind {
  return Object.hasOwn(INFO, v);
}

export function defaultMode(kind: EmailKind): EmailMode {
  return INFO[kind].defaultMode;
}

export function kindLabel(kind: EmailKind): string {
  return INFO[kind].label;
}

export function kindDescription(kind: EmailKind): string {
  return INFO[kind].description;
}

/** The modes a member may choose for a kind: the digest cannot be bundled into itself. */
export function modesOf(kind: EmailKind): EmailMode[] {
  return kind === 'digest' ? ['now', 'off'] : ['now', 'digest', 'off'];
}

/** The email kind of a notification type, or null when that notification is never emailed. */
export function emailKindOf(notificationType: string): EmailKind | null {
  if (notificationType === 'engagement_auto_completed') return 'engagement_completed';
  if (notificationType === 'digest') return null;
  return isEmailKind(notificationType) ? notificationType : null;
}
