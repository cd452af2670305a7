/**
 * One look for every email: the app's teal, a single column that reads on a phone, no images (so nothing is
 * lost in a client that blocks them), and a plain-text part written alongside, not stripped from the HTML.
 * Every string is escaped here: callers pass member-supplied text as it is and never build HTML themselves.
 */

/** The app's primary teal (web/src/lib/theme.ts, shade 7): passes AA with white text. */
export const TEAL = '#1f7386';
const TEAL_DARK = '#155d6d';
const INK = '#1a1b1e';
const MUTED = '#495057';
const RULE = '#dee2e6';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A link item in a list: a title that links, and a line of facts under it. */
export interface EmailItem {
  title: string;
  url: string;
  meta?: string | undefined;
}

export type EmailBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'items'; items: EmailItem[] }
  /** A quotation of member-supplied text (a note, a message): shown as a quote, escaped. */
  | { type: 'quote'; text: string; by?: string | undefined };

export interface EmailContent {
  instanceName: string;
  /** Hidden preview line shown by inboxes after the subject. */
  preheader?: string | undefined;
  greeting?: string | undefined;
  blocks: EmailBlock[];
  action?: { label: string; url: string } | undefined;
  /** Why the member gets this email, and how to change it. */
  footer?:
    | {
        reason: string;
        settingsUrl?: string | undefined;
        unsubscribeUrl?: string | undefined;
        unsubscribeLabel?: string | undefined;
      }
    | undefined;
}

const p = (text: string, style = '') =>
  `<p style="margin:0 0 16px;line-height:1.5;${style}">${escapeHtml(text)}</p>`;

function blockHtml(b: EmailBlock): string {
  switch (b.type) {
    case 'paragraph':
      return p(b.text);
    case 'heading':
      return `<h2 style="margin:24px 0 8px;font-size:17px;line-height:1.3;color:${TEAL_DARK}">${escapeHtml(b.text)}</h2>`;
    case 'quote':
      return `<blockquote style="margin:0 0 16px;padding:8px 14px;border-left:3px solid ${TEAL};color:${INK};white-space:pre-wrap">${escapeHtml(b.text)}${
        b.by ? `<br><span style="color:${MUTED};font-size:13px">— ${escapeHtml(b.by)}</span>` : ''
      }</blockquote>`;
    case 'items':
      return `<ul style="margin:0 0 16px;padding:0;list-style:none">${b.items
        .map(
          (i) =>
            `<li style="margin:0 0 12px;padding:0 0 12px;border-bottom:1px solid ${RULE}"><a href="${escapeHtml(i.url)}" style="color:${TEAL};font-weight:600;text-decoration:underline">${escapeHtml(i.title)}</a>${
              i.meta ? `<br><span style="color:${MUTED};font-size:14px">${escapeHtml(i.meta)}</span>` : ''
            }</li>`,
        )
        .join('')}</ul>`;
  }
}

function blockText(b: EmailBlock): string {
  switch (b.type) {
    case 'paragraph':
      return b.text;
    case 'heading':
      return `${b.text.toUpperCase()}\n${'-'.repeat(Math.min(60, b.text.length))}`;
    case 'quote':
      return `${b.text
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n')}${b.by ? `\n> — ${b.by}` : ''}`;
    case 'items':
      return b.items.map((i) => `* ${i.title}${i.meta ? `\n  ${i.meta}` : ''}\n  ${i.url}`).join('\n\n');
  }
}

export function renderEmail(c: EmailContent): { html: string; text: string } {
  const body = [
    c.greeting ? p(c.greeting) : '',
    ...c.blocks.map(blockHtml),
    c.action
      ? `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 16px"><tr><td style="background:${TEAL};border-radius:6px"><a href="${escapeHtml(c.action.url)}" style="display:inline-block;padding:11px 20px;color:#ffffff;font-weight:600;text-decoration:none">${escapeHtml(c.action.label)}</a></td></tr></table>` +
        p(`Or paste this address into your browser: ${c.action.url}`, `color:${MUTED};font-size:13px`)
      : '',
  ].join('');
  const footer = c.footer
    ? `<div style="margin-top:32px;padding-top:16px;border-top:1px solid ${RULE};color:${MUTED};font-size:13px;line-height:1.5">${escapeHtml(c.footer.reason)}${
        c.footer.settingsUrl
          ? ` <a href="${escapeHtml(c.footer.settingsUrl)}" style="color:${TEAL}">Email settings</a>.`
          : ''
      }${
        c.footer.unsubscribeUrl
          ? ` <a href="${escapeHtml(c.footer.unsubscribeUrl)}" style="color:${TEAL}">${escapeHtml(c.footer.unsubscribeLabel ?? 'Unsubscribe')}</a>.`
          : ''
      }</div>`
    : '';
  const preheader = c.preheader
    ? `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${escapeHtml(c.preheader)}</div>`
    : '';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light"><title>${escapeHtml(c.instanceName)}</title></head><body style="margin:0;padding:0;background:#f1f3f5">${preheader}<div style="max-width:560px;margin:0 auto;padding:24px 16px"><div style="background:#ffffff;border-radius:8px;border-top:4px solid ${TEAL};padding:24px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;color:${INK}"><div style="margin:0 0 20px;font-size:15px;font-weight:700;color:${TEAL};letter-spacing:.02em">${escapeHtml(c.instanceName)}</div>${body}${footer}</div></div></body></html>`;

  const text = [
    c.greeting ?? '',
    ...c.blocks.map(blockText),
    c.action ? `${c.action.label}: ${c.action.url}` : '',
    c.footer
      ? [
          '--',
          c.footer.reason,
          c.footer.settingsUrl ? `Email settings: ${c.footer.settingsUrl}` : '',
          c.footer.unsubscribeUrl
            ? `${c.footer.unsubscribeLabel ?? 'Unsubscribe'}: ${c.footer.unsubscribeUrl}`
            : '',
        ]
          .filter(Boolean)
          .join('\n')
      : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return { html, text: `${text}\n` };
}
