import type { QueuedEmail } from './outbox.js';
import { renderEmail } from './layout.js';

/** The emails of a member's own account deletion (docs/account-deletion.md): sent because they asked. */

/** "Tuesday 9 December 2026, 14:05 UTC": the moment the deletion runs, unambiguous in every time zone. */
export function deletionDateText(dueAt: string): string {
  const d = new Date(dueAt);
  const day = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(d);
  return `${day}, ${time} UTC`;
}

export function deletionRequestedEmail(p: {
  instanceName: string;
  to: string;
  memberId: string;
  name: string;
  dueAt: string;
  accountUrl: string;
}): QueuedEmail {
  const when = deletionDateText(p.dueAt);
  const lines = [
    `Your ${p.instanceName} account will be deleted on ${when}.`,
    'Until then nothing changes. To keep your account, sign in before that date, or press "Cancel the deletion" on your account page.',
    'When it runs, your profile, work records, skills, messages and notes are removed; your open overflow is cancelled, your pending offers are withdrawn and your active engagements are abandoned with a notice to the other member. What other members own (their verified work and the ties and ledger of work done together) stays, and shows you as "a former member".',
  ];
  return {
    to: p.to,
    memberId: p.memberId,
    kind: 'account',
    subject: `Your ${p.instanceName} account will be deleted on ${when}`,
    ...renderEmail({
      instanceName: p.instanceName,
      preheader: lines[0],
      greeting: `Hi ${p.name},`,
      blocks: lines.map((text) => ({ type: 'paragraph' as const, text })),
      action: { label: 'Keep my account', url: p.accountUrl },
      footer: {
        reason: 'You asked to delete your account. If it was not you, sign in and change your password.',
      },
    }),
  };
}

export function deletionCancelledEmail(p: {
  instanceName: string;
  to: string;
  memberId: string;
  name: string;
  bySignIn: boolean;
  accountUrl: string;
}): QueuedEmail {
  const lines = [
    p.bySignIn
      ? `You signed in to ${p.instanceName}, so the deletion of your account is cancelled. Your account stays as it is.`
      : `The deletion of your ${p.instanceName} account is cancelled. Your account stays as it is.`,
    'If you still want to leave, you can ask again from your account page: the 7 days start over.',
  ];
  return {
    to: p.to,
    memberId: p.memberId,
    kind: 'account',
    subject: `Your ${p.instanceName} account will not be deleted`,
    ...renderEmail({
      instanceName: p.instanceName,
      preheader: lines[0],
      greeting: `Hi ${p.name},`,
      blocks: lines.map((text) => ({ type: 'paragraph' as const, text })),
      action: { label: 'Open my account page', url: p.accountUrl },
      footer: { reason: 'This is about your account, so it is sent whatever your email settings.' },
    }),
  };
}
