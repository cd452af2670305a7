// One rule in one place: what a notification says, wherever the member reads it.

export type Data = Record<string, string | number | boolean | null | undefined>;

/** What a report was about, with its article. */
const REPORTED: Record<string, [string, string]> = {
  member: ['a', 'profile'],
  overflow: ['an', 'overflow'],
  offer: ['an', 'offer'],
  message: ['a', 'message'],
  question: ['a', 'question'],
  noticed: ['a', 'noticed note'],
  thanks: ['a', 'thanks note'],
};

/** The sentence and the web path for a notification: shared by the in-app list and the email channel. */
export function describeNotification(
  type: string,
  data: Data,
  actorName: string | null,
): { text: string; path: string } {
  const who = actorName ?? 'Someone';
  const t = `“${data.title ?? data.overflowTitle ?? ''}”`;
  const engagement = `/engagements/${data.engagementId}`;
  const overflow = `/overflow/${data.overflowId}`;
  switch (type) {
    case 'offer_received':
      return data.withdrawn
        ? { text: `${who} withdrew their offer on ${t}.`, path: overflow }
        : { text: `${who} offered to help with ${t}.`, path: overflow };
    case 'question_asked':
      return { text: `${who} asked a question about ${t}. Answer it on the posting.`, path: overflow };
    case 'question_answered':
      return { text: `${who} answered your question about ${t}.`, path: overflow };
    case 'offer_accepted':
      return { text: `${who} accepted your offer on ${t}. The engagement has started.`, path: engagement };
    case 'offer_declined':
      return {
        text:
          data.reason === 'cancelled'
            ? `${t} was cancelled by its owner, so your offer is closed. Thank you for offering.`
            : data.reason === 'narrowed'
              ? `${t} is now a direct ask to someone else, so your offer is closed. Thank you for offering.`
              : data.reason === 'expired'
                ? `${t} expired before anyone was assigned, so your offer is closed.`
                : data.reason === 'other_accepted'
                  ? `${who} went with another offer on ${t}. Thank you for offering — your help is noticed.`
                  : `${who} declined your offer on ${t}.${data.note ? ` Their note: “${data.note}”` : ''}`,
        path: overflow,
      };
    case 'delivery_submitted':
      return {
        text: `${who} delivered ${t}. Review it, then complete the engagement or ask for a revision.`,
        path: engagement,
      };
    case 'revision_requested':
      return { text: `${who} asked for a revision on ${t}.`, path: engagement };
    case 'engagement_completed':
      return {
        text:
          data.recipient === 'owner'
            ? `${t} is complete. Thank you for reviewing it: it is now verified work on ${data.detailsPublic === false ? 'their profile, with its details private' : 'their profile'}.`
            : `${t} is complete. It is now verified work on your profile${data.detailsPublic === false ? ' (its details show only to you and the owner)' : ''}.`,
        path: engagement,
      };
    case 'engagement_auto_completed':
      return {
        text: `${t} completed automatically: the owner did not respond within the review window after delivery.`,
        path: engagement,
      };
    case 'engagement_abandoned':
      return {
        text: `${who} stepped away from ${t}.${data.reason ? ` Reason: “${data.reason}”` : ''}`,
        path: engagement,
      };
    case 'ask_closed':
      return {
        text: `${t} was closed: the member you asked directly has left Slipstream. You can post it again, to someone else or on the board.`,
        path: overflow,
      };
    case 'overflow_asked':
      return { text: `${who} asked you directly for help with ${t}.`, path: overflow };
    case 'offer_invited':
      return {
        text: `${who} invites you to offer on ${t}. Your call: offer if it fits you and your capacity.`,
        path: overflow,
      };
    case 'noticed_received':
      return { text: `${who} noticed your work “${data.workTitle}”.`, path: '/ties?tab=noticed' };
    case 'noticed_accepted':
      return {
        text: `${who} accepted your note about “${data.workTitle}”. You now have a tie.`,
        path: '/ties',
      };
    case 'thanks_received':
      return { text: `${who} thanked you publicly.`, path: `/@${data.recipientHandle}` };
    case 'tie_formed':
      return { text: `You and ${who} now have a tie (${data.label}).`, path: '/ties' };
    case 'engagement_message': {
      const n = Number(data.count ?? 1);
      return {
        text:
          n > 1 ? `${n} new messages on ${t}, the latest from ${who}.` : `${who} sent you a message on ${t}.`,
        path: engagement,
      };
    }
    case 'report_resolved': {
      // The reporter hears the outcome; never who moderated, nor what the author was told.
      const [article, what] = REPORTED[String(data.subjectType)] ?? ['some', 'content'];
      const about = data.title ? ` about “${data.title}”` : '';
      const outcome =
        data.outcome === 'hidden'
          ? `A moderator removed the ${what}.`
          : data.outcome === 'suspended'
            ? `A moderator suspended the member's account.`
            : `A moderator looked at it and took no action.`;
      return {
        text: `Thank you for your report of ${article} ${what}${about}. ${outcome}`,
        path: data.overflowId ? overflow : '/notifications',
      };
    }
    default:
      return { text: `${who} did something on ${t}.`, path: '/' };
  }
}
