import { describe, expect, it } from 'vitest';
import { CardRenderer, cardTree } from './pages.cards.js';
import type { SiteCard } from './pages.service.js';

const site = (name: string): SiteCard => ({
  kind: 'site',
  key: `site:${name}`,
  site: name,
  tagline: 'A work-first professional network.',
});

describe('CardRenderer', () => {
  it('draws one PNG per key at a time, shares a render in flight and keeps only the newest cards', async () => {
    const cards = new CardRenderer(2);
    const [a, again] = await Promise.all([cards.png(site('A')), cards.png(site('A'))]);
    expect(again).toBe(a);
    expect([...a.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    await cards.png(site('B'));
    await cards.png(site('C'));
    expect(cards.cached).toBe(2);
    // A was the least recently used: drawn again, a new buffer with the same bytes.
    const redrawn = await cards.png(site('A'));
    expect(redrawn).not.toBe(a);
    expect(redrawn.equals(a)).toBe(true);
  }, 30_000);
});

describe('cardTree', () => {
  it('clips long text before layout and leaves off skills Inter cannot draw', () => {
    const tree = JSON.stringify(
      cardTree({
        kind: 'member',
        key: 'k',
        handle: 'ada',
        name: 'N'.repeat(500),
        headline: 'H'.repeat(500),
        verifiedWork: 1,
        skills: ['typescript', '日本語'],
        site: 'Slipstream',
      }),
    );
    expect(tree).not.toContain('N'.repeat(61));
    expect(tree).not.toContain('H'.repeat(121));
    expect(tree).toContain('1 verified work record"');
    expect(tree).toContain('typescript');
    expect(tree).not.toContain('日本語');
  });
});
