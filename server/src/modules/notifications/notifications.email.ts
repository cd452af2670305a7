import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { enqueueEmail } from '../../email/outbox.js';
import * as adminRepo from '../admin/admin.repository.js';
import { eventEmail } from '../email/event-templates.js';
import { emailFactsOf, emailSettingsUrl, modesOfMany, unsubscribeLinks } from '../email/email.service.js';
import { emailKindOf, type EmailKind } from '../email/kinds.js';
import { describeNotification, type Data } from './notifications.describe.js';
import type { Channel, NotificationInput } from './notifications.service.js';

/**
 * The email channel: an event whose kind the member wants 'now' becomes an outbox row in the event's own
 * transaction (so it is sent if and only if the event commits). 'digest' and 'off' write nothing here: the
 * digest reads the in-app notifications. Only confirmed addresses get mail, and nobody is emailed about what
 * they did themselves.
 */
export const emailChannel: Channel = {
  async deliver(ctx, db, now, items) {
    const candidates = items.flatMap((n) => {
      const kind = emailKindOf(n.type);
      return kind && n.memberId !== n.actorId ? [{ n, kind }] : [];
    });
    if (candidates.length === 0) return;
    const modes = await modesOfMany(
      db,
      candidates.map(({ n, kind }) => ({ memberId: n.memberId, kind })),
    );
    const due = candidates.filter(({ n, kind }) => modes.get(`${n.memberId}:${kind}`) === 'now');
    if (due.length === 0) return;
    const people = await emailFactsOf(db, [
      ...due.map(({ n }) => n.memberId),
      ...due.flatMap(({ n }) => (n.actorId ? [n.actorId] : [])),
    ]);
    let instanceName: string | undefined;
    let queued = 0;
    for (const { n, kind } of due) {
      const to = people.get(n.memberId);
      if (!to?.verified) continue;
      instanceName ??= (await adminRepo.getInstanceSettings(db)).name;
      const actorName = n.actorId ? (people.get(n.actorId)?.name ?? null) : null;
      await enqueueEmail(ctx, db, await render(ctx, db, n, kind, to, actorName, instanceName), now);
      queued++;
    }
    if (queued > 0) kickAfterCommit(ctx);
  },
};

async function render(
  ctx: AppContext,
  db: Db,
  n: NotificationInput,
  kind: EmailKind,
  to: { email: string; name: string },
  actorName: string | null,
  instanceName: string,
) {
  const data: Data = { ...n.data };
  // A decline's note is quoted on its own, not run into the sentence as the in-app list does.
  const quote = n.quote ?? (n.type === 'offer_declined' ? (data.note as string | null | undefined) : null);
  if (n.type === 'offer_declined') delete data.note;
  const { text, path } = describeNotification(n.type, data, actorName);
  const links = await unsubscribeLinks(ctx, db, n.memberId, kind);
  const title = (data.title ?? data.overflowTitle ?? data.workTitle ?? null) as string | null;
  return {
    ...eventEmail({
      kind,
      type: n.type,
      instanceName,
      to: to.email,
      recipientName: to.name,
      actorName,
      title,
      sentence: text,
      quote,
      actionUrl: `${ctx.config.publicUrl}${path}`,
      settingsUrl: emailSettingsUrl(ctx),
      unsubscribeUrl: links.pageUrl,
    }),
    memberId: n.memberId,
    kind,
    headers: links.headers,
  };
}

/**
 * The channel runs inside the event's transaction, which commits after notify() returns: a drain started
 * now may look before the commit (PostgreSQL), so the outbox is asked again shortly after. The job's 15 s
 * drain remains the backstop.
 */
function kickAfterCommit(ctx: AppContext): void {
  for (const ms of [0, 50, 500]) ctx.outbox.kick(ms);
}
