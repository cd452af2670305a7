import { describe, expect, it } from 'vitest';
import { clip, escapeHtml, headTags, headTemplate, renderDocument, type PageHead } from './pages.head.js';

const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta
      name="description"
      content="The default description."
    />
    <title>Slipstream</title>
    <script type="module" crossorigin src="/assets/index-abc.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>`;

const head: PageHead = {
  title: 'Ada Lovelace (@ada)',
  description: 'Analytical engines. 2 verified work records.',
  canonical: 'https://example.org/@ada',
  siteName: 'Slipstream',
  type: 'profile',
  image: 'https://example.org/cards/member/ada.png',
  imageAlt: 'Ada on Slipstream',
};

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml('日本語 · plain')).toBe('日本語 · plain');
  });
});

describe('clip', () => {
  it('flattens whitespace and cuts long text with an ellipsis, never splitting a surrogate pair', () => {
    expect(clip('  two\n\nlines  ', 50)).toBe('two lines');
    expect(clip('abcdefghij', 5)).toBe('abcd…');
    expect(clip('😀😀😀😀😀😀', 3)).toBe('😀😀…');
  });
});

describe('headTags', () => {
  it('has the title, description, canonical URL, OpenGraph and Twitter card tags', () => {
    const tags = headTags(head);
    expect(tags).toContain('<title>Ada Lovelace (@ada) · Slipstream</title>');
    expect(tags).toContain(
      '<meta name="description" content="Analytical engines. 2 verified work records." />',
    );
    expect(tags).toContain('<link rel="canonical" href="https://example.org/@ada" />');
    for (const [key, value] of [
      ['og:title', 'Ada Lovelace (@ada)'],
      ['og:type', 'profile'],
      ['og:url', 'https://example.org/@ada'],
      ['og:site_name', 'Slipstream'],
      ['og:image', 'https://example.org/cards/member/ada.png'],
      ['og:image:width', '1200'],
      ['og:image:height', '630'],
    ])
      expect(tags).toContain(`<meta property="${key}" content="${value}" />`);
    expect(tags).toContain('<meta name="twitter:card" content="summary_large_image" />');
    expect(tags).toContain(
      '<meta name="twitter:image" content="https://example.org/cards/member/ada.png" />',
    );
    expect(tags).not.toContain('robots');
  });

  it('without an image is a summary card; noindex pages say so; no title is the site name alone', () => {
    const tags = headTags({ ...head, title: null, image: undefined, noindex: true });
    expect(tags).toContain('<title>Slipstream</title>');
    expect(tags).toContain('<meta name="twitter:card" content="summary" />');
    expect(tags).toContain('<meta name="robots" content="noindex" />');
    expect(tags).not.toContain('og:image');
  });

  it('escapes every value', () => {
    const evil = `"><script>alert(1)</script>`;
    const tags = headTags({
      ...head,
      title: evil,
      description: evil,
      siteName: evil,
      canonical: `https://example.org/${evil}`,
      imageAlt: evil,
    });
    expect(tags).not.toContain('<script');
    expect(tags).not.toContain('">');
    expect(tags.match(/<(title|meta|link)\b/g)).toHaveLength(tags.split('\n').length);
  });
});

describe('renderDocument', () => {
  it('replaces index.html’s own title and description and keeps everything else', () => {
    const html = renderDocument(headTemplate(INDEX), head);
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.match(/name="description"/g)).toHaveLength(1);
    expect(html).not.toContain('The default description.');
    expect(html).toContain('<meta charset="UTF-8" />');
    expect(html).toContain('<script type="module" crossorigin src="/assets/index-abc.js"></script>');
    expect(html).toContain('<body><div id="root"></div></body>');
    expect(html.indexOf('<title>')).toBeLessThan(html.indexOf('</head>'));
  });
});
