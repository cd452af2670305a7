import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberFts5Query } from '../../db/search-index.js';
import { meritFactor, profileRelevance, profileWords } from './people.query.js';
import { parseSearchQuery } from './search.query.js';

const doc = {
  name: 'Zoë Álvarez',
  handle: 'zoe-alvarez',
  headline: 'Senior data engineer',
  skills: ['postgres', 'data-migration'],
  bio: 'I move data between systems.',
};
const rel = (q: string, d = doc) => profileRelevance(d, parseSearchQuery(q));

describe('people matching in process', () => {
  it('splits at anything but letters and digits and removes diacritics, like the index', () => {
    expect(profileWords('Zoë Álvarez-Díaz, o’Neil 2nd')).toEqual([
      'zoe',
      'alvarez',
      'diaz',
      'o',
      'neil',
      '2nd',
    ]);
  });

  it('a word of 3+ letters matches a word by its start; a shorter one only the whole word', () => {
    expect(rel('alv')).toBeGreaterThan(0);
    expect(rel('zo')).toBe(0);
    expect(rel('da')).toBe(0);
    expect(rel('postgres')).toBeGreaterThan(0);
    expect(rel('gres')).toBe(0); // not the start of a word
    expect(memberFts5Query(parseSearchQuery('alv zo "data migration"'))).toBe('"alv"* "zo" "data migration"');
  });

  it('every term must match somewhere; phrases need their words in order', () => {
    expect(rel('zoe postgres')).toBeGreaterThan(0);
    expect(rel('zoe python')).toBe(0);
    expect(rel('"data migration"')).toBeGreaterThan(0);
    expect(rel('"migration data"')).toBe(0);
  });

  it('name and handle count more than the headline, the headline more than the bio', () => {
    const base = { name: 'A', handle: 'a', headline: '', skills: [], bio: '' };
    const inName = rel('quill', { ...base, name: 'Quill' });
    const inHeadline = rel('quill', { ...base, headline: 'quill' });
    const inBio = rel('quill', { ...base, bio: 'quill' });
    expect(inName).toBeGreaterThan(inHeadline);
    expect(inHeadline).toBeGreaterThan(inBio);
    expect(rel('quill', { ...base, name: 'Quill' })).toBeGreaterThan(rel('qui', { ...base, name: 'Quill' }));
  });

  it('the quick ASCII path agrees with the Unicode path (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.stringMatching(/^[a-z]{1,6}$/), (text, w) => {
        const ascii = profileRelevance({ ...doc, bio: text }, parseSearchQuery(w));
        const unicode = profileRelevance({ ...doc, bio: `${text} ß` }, parseSearchQuery(w));
        expect(ascii > 0).toBe(unicode > 0);
      }),
    );
  });

  it('merit lifts relevance by up to 2×, never below 1×', () => {
    expect(meritFactor(undefined)).toBe(1);
    expect(meritFactor(1)).toBe(1);
    expect(meritFactor(0.01)).toBeCloseTo(1.99);
  });
});
