import { renderEmail } from '../../email/layout.js';
import type { OutgoingEmail } from '../../email/mailer.js';
import { kindLabel, type EmailKind } from './kinds.js';

/**
 * The event emails: what happened and on what in the subject, the notification's own sentence (the channel
 * passes describeNotification's, so the app and the email say the same), the member's words as a quote, one
 * button to the page where the member acts, and a footer that says why and how to stop. All text goes to
 * renderEmail unescaped; it escapes.
 */
export interface EventEmailInput {
  kind: EmailKind;
  /** The notification type (auto-completion shares the completion kind but says it differently). */
  type: string;
  instanceName: string;
  to: string;
  recipientName: string;
  actorName: string | null;
  /** The overflow's (or the work record's) title, when the event is about one. */
  title: string | null;
  sentence: string;
  quote?: string | null | undefined;
  /** Absolute URL of the page to act on. */
  actionUrl: string;
  settingsUrl: string;
  unsubscribeUrl: string;
}

/** Subjects are headers: no line breaks, and a title long enough to fit a phone's inbox row. */
function oneLine(s: string, max = 90): string {
  const flat = s.replace(/[\r\n\t]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function subjectOf(i: EventEmailInput): string {
  const who = i.actorName ?? 'Someone';
  const t = `“${oneLine(i.title ?? '', 70)}”`;
  switch (i.type) {
    case 'offer_received':
      return `${who} offered to help with ${t}`;
    case 'offer_accepted':
      return `${who} accepted your offer on ${t}`;
    case 'offer_declined':
      return `Your offer on ${t} is closed`;
    case 'delivery_submitted':
      return `${who} delivered ${t}: ready for your review`;
    case 'revision_requested':
      return `${who} asked for a revision on ${t}`;
    case 'engagement_completed':
      return `${t} is complete`;
    case 'engagement_auto_completed':
      return `${t} completed automatically`;
    case 'engagement_abandoned':
      return `${t} has stopped: ${who} stepped away`;
    case 'noticed_received':
      return `${who} noticed your work ${t}`;
    case 'thanks_received':
      return `${who} thanked you`;
    case 'offer_invited':
      return `${who} invites you to offer on ${t}`;
    case 'tie_formed':
      return `You and ${who} now have a tie`;
    case 'report_resolved':
      return `Your report was looked at`;
    default:
      return `News on ${i.instanceName}`;
  }
}

const ACTION: Record<EmailKind, string> = {
  offer_received: 'Review the offer',
  offer_accepted: 'Open the engagement',
  offer_declined: 'See the overflow',
  delivery_submitted: 'Review the delivery',
  revision_requested: 'Open the engagement',
  engagement_completed: 'Open the engagement',
  engagement_abandoned: 'Open the engagement',
  noticed_received: 'Read the note',
  thanks_received: 'See your thanks',
  offer_invited: 'See the overflow',
  tie_formed: 'See your ties',
  report_resolved: 'Open',
  digest: 'Open',
};

export function eventEmail(i: EventEmailInput): OutgoingEmail {
  const subject = oneLine(subjectOf(i), 140);
  const { html, text } = renderEmail({
    instanceName: i.instanceName,
    preheader: i.sentence,
    greeting: `Hi ${oneLine(i.recipientName, 80)},`,
    blocks: [
      { type: 'paragraph', text: i.sentence },
      ...(i.quote?.trim()
        ? [{ type: 'quote' as const, text: i.quote.trim(), by: i.actorName ?? undefined }]
        : []),
    ],
    action: { label: ACTION[i.kind], url: i.actionUrl },
    footer: {
      reason: `You get this because emails about “${kindLabel(i.kind)}” are on for your ${i.instanceName} account.`,
      settingsUrl: i.settingsUrl,
      unsubscribeUrl: i.unsubscribeUrl,
      unsubscribeLabel: 'Unsubscribe from these emails',
    },
  });
  return { to: i.to, subject, html, text };
}
