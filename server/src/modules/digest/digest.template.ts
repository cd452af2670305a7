import { renderEmail, type EmailBlock, type EmailItem } from '../../email/layout.js';

/**
 * The digest email from what was found for a member: pure, so the preview, the job and the tests render
 * alike. Sections in the order, each left out when empty; the subject says what is inside.
 */

export interface DigestContent {
  offers: { overflowId: string; title: string; pendingOffers: number }[];
  offersTotal: number;
  deliveries: { engagementId: string; title: string; helperName: string; autoCompleteAt: string }[];
  deliveriesTotal: number;
  due: { engagementId: string; title: string; ownerName: string; dueOn: string; overdue: boolean }[];
  dueTotal: number;
  forYou: { overflowId: string; title: string; skills: string[]; dueOn: string | null }[];
  noticed: { kind: 'noticed' | 'thanks' | 'endorsement'; from: string; text: string; about: string; url: string }[];
  giveBack: {
    member: { handle: string; name: string };
    overflow: { id: string; title: string; dueOn: string | null }[];
  } | null;
  updates: { title: string; path: string; at: string }[];
}

export interface DigestSummary {
  offers: number;
  deliveries: number;
  due: number;
  forYou: number;
  noticed: number;
  giveBack: number;
  updates: number;
}

export function summaryOf(c: DigestContent): DigestSummary {
  return {
    offers: c.offersTotal,
    deliveries: c.deliveriesTotal,
    due: c.dueTotal,
    forYou: c.forYou.length,
    noticed: c.noticed.length,
    giveBack: c.giveBack ? c.giveBack.overflow.length : 0,
    updates: c.updates.length,
  };
}

/** Nothing to say: no email, an 'empty' digest row. */
export const isEmpty = (s: DigestSummary): boolean => Object.values(s).every((n) => n === 0);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What is inside, most pressing first: the first two things found, e.g. "2 offers wait for you · 3 new postings for you". */
export function digestSubject(s: DigestSummary): string {
  const parts: string[] = [];
  if (s.offers) parts.push(`${plural(s.offers, 'offer waits', 'offers wait')} for you`);
  if (s.deliveries) parts.push(`${plural(s.deliveries, 'delivery', 'deliveries')} to review`);
  if (s.due) parts.push(`${plural(s.due, 'engagement', 'engagements')} due soon`);
  if (s.forYou) parts.push(`${plural(s.forYou, 'new posting', 'new postings')} for you`);
  if (s.noticed) parts.push('your work was noticed');
  if (s.giveBack) parts.push('a way to give back');
  if (s.updates) parts.push(plural(s.updates, 'update', 'updates'));
  const subject = parts.slice(0, 2).join(' · ');
  return subject.charAt(0).toUpperCase() + subject.slice(1);
}

export interface DigestEnvelope {
  instanceName: string;
  publicUrl: string;
  name: string;
  settingsUrl: string;
  unsubscribeUrl?: string | undefined;
}

export function renderDigest(
  c: DigestContent,
  env: DigestEnvelope,
): { subject: string; html: string; text: string; summary: DigestSummary } {
  const url = (path: string) => `${env.publicUrl}${path}`;
  const blocks: EmailBlock[] = [];
  const section = (heading: string, items: EmailItem[], more?: string) => {
    if (items.length === 0) return;
    blocks.push({ type: 'heading', text: heading }, { type: 'items', items });
    if (more) blocks.push({ type: 'paragraph', text: more });
  };

  const needs: EmailItem[] = [
    ...c.offers.map((o) => ({
      title: o.title,
      url: url(`/overflow/${o.overflowId}`),
      meta: `${plural(o.pendingOffers, 'offer waits', 'offers wait')} for your decision`,
    })),
    ...c.deliveries.map((d) => ({
      title: d.title,
      url: url(`/engagements/${d.engagementId}`),
      meta: `${d.helperName} delivered: review it by ${d.autoCompleteAt.slice(0, 10)} or it completes by itself`,
    })),
    ...c.due.map((d) => ({
      title: d.title,
      url: url(`/engagements/${d.engagementId}`),
      meta: `${d.overdue ? 'Was due' : 'Due'} ${d.dueOn}, for ${d.ownerName}`,
    })),
  ];
  section('Needs you', needs);
  section(
    'For you',
    c.forYou.map((o) => ({
      title: o.title,
      url: url(`/overflow/${o.overflowId}`),
      meta: [o.skills.join(', '), o.dueOn ? `due ${o.dueOn}` : ''].filter(Boolean).join(' · ') || undefined,
    })),
  );
  section(
    'Your work was noticed',
    c.noticed.map((n) => ({
      title:
        n.kind === 'noticed'
          ? `${n.from} noticed “${n.about}”`
          : n.kind === 'thanks'
            ? `${n.from} thanked you`
            : `${n.from} endorsed your work on “${n.about}”`,
      url: url(n.url),
      meta: n.text || undefined,
    })),
  );
  if (c.giveBack && c.giveBack.overflow.length > 0) {
    const g = c.giveBack;
    blocks.push(
      { type: 'heading', text: 'Give back' },
      {
        type: 'paragraph',
        text: `You have received from ${g.member.name} and not given back yet. They could use a hand with:`,
      },
      {
        type: 'items',
        items: g.overflow.map((o) => ({
          title: o.title,
          url: url(`/overflow/${o.id}`),
          meta: o.dueOn ? `due ${o.dueOn}` : undefined,
        })),
      },
    );
  }
  section(
    'Also since your last digest',
    c.updates.map((u) => ({ title: u.title, url: url(u.path) })),
  );

  const summary = summaryOf(c);
  const subject = digestSubject(summary);
  const { html, text } = renderEmail({
    instanceName: env.instanceName,
    preheader: subject,
    greeting: `Good morning ${env.name},`,
    blocks,
    action: { label: 'Open your home page', url: url('/') },
    footer: {
      reason: `You get this digest at most once a day, only when there is something for you on ${env.instanceName}.`,
      settingsUrl: env.settingsUrl,
      unsubscribeUrl: env.unsubscribeUrl,
      unsubscribeLabel: 'Stop the daily digest',
    },
  });
  return { subject, html, text, summary };
}
