import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import satori from 'satori';
import { clip } from './pages.head.js';
import type { Card } from './pages.service.js';

/**
 * Link preview images: a 1200×630 PNG per profile, per public overflow and one for the instance, laid out
 * by satori (text as paths, in Inter from @fontsource/inter's .woff files: satori does not read woff2) and
 * rasterised by resvg on libuv's thread pool. Text is clipped before layout, so a render is bounded (tens of
 * milliseconds); one layout runs at a time, a second request for the same card waits for the first, and
 * finished cards stay in a small in-memory LRU keyed by what they show (id, updated_at and the figures).
 */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
const CACHE_SIZE = 100;
/** Renders waiting beyond this are refused (503) rather than queued without end. */
const MAX_WAITING = 16;

const require = createRequire(import.meta.url);
const font = (weight: 400 | 600 | 700) =>
  readFileSync(require.resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff`));
let fonts: { name: string; data: Buffer; weight: 400 | 600 | 700; style: 'normal' }[] | undefined;
const loadFonts = () =>
  (fonts ??= ([400, 600, 700] as const).map((weight) => ({
    name: 'Inter',
    data: font(weight),
    weight,
    style: 'normal' as const,
  })));

const TEAL_DARK = '#0a4654';
const TEAL = '#1f7386';
const TEAL_LIGHT = '#d3eaee';

interface Node {
  type: string;
  props: Record<string, unknown> & { children?: unknown };
}
const h = (type: string, props: Record<string, unknown>, ...children: unknown[]): Node => ({
  type,
  props: { ...props, children: children.length === 1 ? children[0] : children },
});

/** The mark from favicon.svg, drawn white on a lighter teal square. */
function mark(size: number): Node {
  return h(
    'svg',
    { width: size, height: size, viewBox: '0 0 32 32' },
    h('rect', { width: 32, height: 32, rx: 9, fill: '#2b8a9e' }),
    h('path', {
      d: 'M7 11.5h11.5a3.5 3.5 0 1 0-3.3-4.7M7 16.5h16.5M7 21.5h9.5a3.5 3.5 0 1 1-3.3 4.7',
      fill: 'none',
      stroke: '#fff',
      strokeWidth: 2.4,
      strokeLinecap: 'round',
      strokeLinejoin: 'round',
    }),
  );
}

function pill(text: string): Node {
  return h(
    'div',
    {
      style: {
        display: 'flex',
        padding: '8px 20px',
        borderRadius: 999,
        backgroundColor: TEAL_LIGHT,
        color: TEAL_DARK,
        fontSize: 28,
        fontWeight: 600,
        marginRight: 14,
        marginTop: 14,
      },
    },
    clip(text, 24),
  );
}

function frame(site: string, body: Node[], footer: Node[]): Node {
  return h(
    'div',
    {
      style: {
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        boxSizing: 'border-box',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'space-between',
        padding: '64px 72px',
        backgroundColor: TEAL,
        backgroundImage: `linear-gradient(135deg, ${TEAL} 0%, ${TEAL_DARK} 100%)`,
        color: '#ffffff',
        fontFamily: 'Inter',
      },
    },
    h(
      'div',
      { style: { display: 'flex', alignItems: 'center' } },
      mark(56),
      h('div', { style: { display: 'flex', marginLeft: 20, fontSize: 32, fontWeight: 600 } }, clip(site, 40)),
    ),
    h('div', { style: { display: 'flex', flexDirection: 'column' } }, ...body),
    h('div', { style: { display: 'flex', flexWrap: 'wrap', alignItems: 'center' } }, ...footer),
  );
}

const big = (text: string, size: number) =>
  h(
    'div',
    { style: { display: 'block', fontSize: size, fontWeight: 700, lineHeight: 1.15, lineClamp: 2 } },
    text,
  );
const sub = (text: string) =>
  h(
    'div',
    {
      style: {
        display: 'block',
        marginTop: 20,
        fontSize: 34,
        color: TEAL_LIGHT,
        lineClamp: 2,
        lineHeight: 1.3,
      },
    },
    text,
  );
const figure = (text: string) =>
  h(
    'div',
    { style: { display: 'flex', fontSize: 30, fontWeight: 600, marginRight: 28, marginTop: 14 } },
    text,
  );

/** Inter's files here cover Latin scripts; a skill in another script would draw as boxes, so it is left off. */
const drawable = (text: string) => /^[\p{Script=Latin}\p{Script=Common}\p{M}]+$/u.test(text);

export function cardTree(card: Card): Node {
  switch (card.kind) {
    case 'member': {
      const work = `${card.verifiedWork} verified work ${card.verifiedWork === 1 ? 'record' : 'records'}`;
      return frame(
        card.site,
        [
          big(clip(card.name, 60), 76),
          sub(clip(card.headline ? `@${card.handle} · ${card.headline}` : `@${card.handle}`, 120)),
        ],
        [figure(work), ...card.skills.filter(drawable).map(pill)],
      );
    }
    case 'overflow': {
      const effort = `${card.effortHours} ${card.effortHours === 1 ? 'hour' : 'hours'}`;
      return frame(
        card.site,
        [
          big(clip(card.title, 110), 64),
          sub(`${card.status === 'open' ? 'Open overflow' : 'Overflow'} from ${clip(card.ownerName, 60)}`),
        ],
        [figure(effort), ...card.skills.filter(drawable).map(pill)],
      );
    }
    case 'site':
      return frame(card.site, [big(clip(card.site, 40), 88), sub(card.tagline)], []);
  }
}

export class CardsBusyError extends Error {}

/** Renders cards one layout at a time, with an LRU of finished PNGs and one render per key in flight. */
export class CardRenderer {
  private readonly cache = new Map<string, Buffer>();
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private queue: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly size = CACHE_SIZE) {}

  async png(card: Card): Promise<Buffer> {
    const hit = this.cache.get(card.key);
    if (hit) {
      this.cache.delete(card.key);
      this.cache.set(card.key, hit);
      return hit;
    }
    const pending = this.inFlight.get(card.key);
    if (pending) return pending;
    if (this.waiting >= MAX_WAITING) throw new CardsBusyError('Too many cards are being drawn.');
    this.waiting += 1;
    const run = this.queue.then(() => render(card));
    this.queue = run.catch(() => undefined);
    const done = run
      .then((png) => {
        this.cache.set(card.key, png);
        while (this.cache.size > this.size) this.cache.delete(this.cache.keys().next().value!);
        return png;
      })
      .finally(() => {
        this.waiting -= 1;
        this.inFlight.delete(card.key);
      });
    this.inFlight.set(card.key, done);
    return done;
  }

  get cached(): number {
    return this.cache.size;
  }
}

async function render(card: Card): Promise<Buffer> {
  const svg = await satori(cardTree(card) as unknown as Parameters<typeof satori>[0], {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    fonts: loadFonts(),
  });
  const image = await renderAsync(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } });
  return image.asPng();
}
