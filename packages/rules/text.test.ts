import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseSkill, stripInvisible } from './index.js';

const INVISIBLE = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200b',
  '\u200c',
  '\u200e',
  '\u200f',
  '\u2060',
  '\u2061',
  '\u2062',
  '\u2063',
  '\u2064',
  '\ufeff',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u00ad',
  '\u061c',
  '\u180e',
];
const invisible = fc.constantFrom(...INVISIBLE);
const visible = fc.string({ unit: 'grapheme' }).map((s) => stripInvisible(s, { multiline: true }));

describe('stripInvisible', () => {
  it('removes a right-to-left override that disguises a title', () => {
    expect(stripInvisible('Invoice \u202egnp.exe')).toBe('Invoice gnp.exe');
    expect(stripInvisible('Ada\u200b Lovelace\ufeff')).toBe('Ada Lovelace');
  });

  it('keeps ordinary text in every script, spaces and emoji sequences', () => {
    for (const s of [
      'Ada Lovelace',
      '日本語の翻訳',
      'مرحبا بالعالم',
      'Zoë  Brontë',
      'Dev 👩‍💻 team',
      '👨‍👩‍👧',
      'ok 🏳️‍🌈',
    ])
      expect(stripInvisible(s)).toBe(s);
  });

  it('drops a zero-width joiner outside an emoji sequence', () => {
    expect(stripInvisible('ad\u200dmin')).toBe('admin');
    expect(stripInvisible('\u200d👩')).toBe('👩');
  });

  it('single-line text turns tabs and newlines into spaces; multi-line keeps them', () => {
    expect(stripInvisible('a\tb\nc\r\nd\u2028e')).toBe('a b c d e');
    expect(stripInvisible('a\tb\r\nc\u0007', { multiline: true })).toBe('a\tb\nc');
  });

  it('property: no invisible character survives, wherever it is put', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), invisible)), fc.boolean(), (parts, multiline) => {
        const out = stripInvisible(parts.join(''), { multiline });
        for (const ch of INVISIBLE) expect(out).not.toContain(ch);
        // eslint-disable-next-line no-control-regex -- checking for them is the point
        expect(out).not.toMatch(multiline ? /[\u0000-\u0008\u000b-\u001f]/ : /[\u0000-\u001f]/);
      }),
    );
  });

  it('property: idempotent, and visible text with invisible characters inserted comes back as it was', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const once = stripInvisible(s);
        expect(stripInvisible(once)).toBe(once);
      }),
    );
    fc.assert(
      fc.property(visible, fc.array(fc.tuple(fc.nat(), invisible)), (text, inserts) => {
        let s = text;
        for (const [at, ch] of inserts) {
          const i = at % (s.length + 1);
          s = s.slice(0, i) + ch + s.slice(i);
        }
        // An inserted character may split a pair only where text had none to split (the grapheme strings
        // from fast-check are whole code points), so removing them gives the text back.
        expect(stripInvisible(s, { multiline: true })).toBe(text);
      }),
    );
  });
});

describe('non-Latin skills', () => {
  it('are kept as written (and composed), Latin accents dropped', () => {
    expect(normaliseSkill('日本語')).toBe('日本語');
    expect(normaliseSkill('Русский язык')).toBe('русский-язык');
    expect(normaliseSkill('हिन्दी')).toBe('हिन्दी');
    expect(normaliseSkill('Café Design')).toBe('cafe-design');
  });

  it('property: a normalised skill is a fixed point and has no spaces or uppercase', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const n = normaliseSkill(s);
        expect(normaliseSkill(n)).toBe(n);
        expect(n).not.toMatch(/\s/);
        expect(n).toBe(n.toLowerCase());
      }),
    );
  });
});
