/**
 * The document head a page gets from the server: pure functions from what a page says to the HTML that goes
 * into index.html's <head>. Every value is escaped here, once, whatever it is.
 */
export interface PageHead {
  /** The page's own title; the document title is "<title> · <site name>" (the site name alone when null). */
  title: string | null;
  description: string;
  /** Absolute URL of the page (PUBLIC_URL + path). */
  canonical: string;
  siteName: string;
  type: 'website' | 'profile' | 'article';
  /** Absolute URL of a 1200×630 preview image, when the page has one. */
  image?: string;
  imageAlt?: string;
  /** Pages that are not for search engines (a private page, a not-found page). */
  noindex?: boolean;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a double- or single-quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Collapses whitespace (including newlines) and cuts at `max` characters with an ellipsis. */
export function clip(value: string, max: number): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = [...flat].slice(0, max - 1).join('');
  return `${cut.trimEnd()}…`;
}

export function documentTitle(head: Pick<PageHead, 'title' | 'siteName'>): string {
  return head.title ? `${head.title} · ${head.siteName}` : head.siteName;
}

/** The tags, one per line, in the order a reader of the source would expect. */
export function headTags(head: PageHead): string {
  const title = documentTitle(head);
  const meta = (attr: 'name' | 'property', key: string, content: string) =>
    `<meta ${attr}="${key}" content="${escapeHtml(content)}" />`;
  const card = head.image ? 'summary_large_image' : 'summary';
  const lines = [
    `<title>${escapeHtml(title)}</title>`,
    meta('name', 'description', head.description),
    `<link rel="canonical" href="${escapeHtml(head.canonical)}" />`,
    ...(head.noindex ? [meta('name', 'robots', 'noindex')] : []),
    meta('property', 'og:site_name', head.siteName),
    meta('property', 'og:type', head.type),
    meta('property', 'og:title', head.title ?? head.siteName),
    meta('property', 'og:description', head.description),
    meta('property', 'og:url', head.canonical),
    ...(head.image
      ? [
          meta('property', 'og:image', head.image),
          meta('property', 'og:image:width', '1200'),
          meta('property', 'og:image:height', '630'),
          ...(head.imageAlt ? [meta('property', 'og:image:alt', head.imageAlt)] : []),
        ]
      : []),
    meta('name', 'twitter:card', card),
    meta('name', 'twitter:title', head.title ?? head.siteName),
    meta('name', 'twitter:description', head.description),
    ...(head.image ? [meta('name', 'twitter:image', head.image)] : []),
  ];
  return lines.join('\n    ');
}

/** index.html cut where the head tags go, its own <title> and description taken out. */
export interface HeadTemplate {
  before: string;
  after: string;
}

export function headTemplate(indexHtml: string): HeadTemplate {
  const html = indexHtml
    .replace(/<title>[\s\S]*?<\/title>\s*/i, '')
    .replace(/<meta\s+name=["']description["'][^>]*>\s*/i, '');
  const at = html.search(/<\/head>/i);
  if (at < 0) return { before: html, after: '' };
  return { before: `${html.slice(0, at).trimEnd()}\n    `, after: html.slice(at) };
}

/** The app's HTML with this page's head. */
export function renderDocument(template: HeadTemplate, head: PageHead): string {
  return `${template.before}${headTags(head)}\n  ${template.after}`;
}
