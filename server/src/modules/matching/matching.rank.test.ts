import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandOf } from '../merit/merit.service.js';
import {
  compareHelpers,
  compareRecommendations,
  decodeRecommendationKey,
  encodeRecommendationKey,
  meritBand,
  meritBandLabel,
  recommendationKey,
} from './matching.rank.js';

describe('merit bands', () => {
  it('puts a place in the ranking in the band a profile shows (merit’s bandOf), never a bare number', () => {
    expect([0.001, 0.01, 0.011, 0.05, 0.1, 0.25, 0.26, 0.5, 1].map(meritBand)).toEqual([
      4, 4, 3, 3, 2, 1, 0, 0, 0,
    ]);
    expect(meritBand(null)).toBe(0);
    expect(meritBandLabel(0.03)).toBe('top 5 %');
    expect(meritBandLabel(0.2)).toBe('top 25 %');
    expect(meritBandLabel(0.4)).toBeNull(); // the profile shows no band there, so neither does a suggestion
    expect(meritBandLabel(undefined)).toBeNull();
  });

  it('says every place in the ranking exactly as the profile does', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (f) => {
        const band = bandOf(f);
        expect(meritBandLabel(f)).toBe(band === null ? null : `top ${band} %`);
        expect(meritBand(f) > 0).toBe(band !== null);
      }),
    );
  });

  it('ranks a higher band above a lower one', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, b) => (a <= b ? meritBand(a) >= meritBand(b) : meritBand(a) <= meritBand(b)),
      ),
    );
  });
});

describe('recommendation order', () => {
  const verified = new Set(['rust']);
  const declared = new Set(['design']);
  const key = (id: string, skills: string[], owner: number | null, at: string, due: string | null = null) =>
    recommendationKey({ id, created_at: at, due_on: due }, skills, verified, declared, owner);

  it('proof, then claims, then the owner’s merit, then the day, then the due date, then newest and id', () => {
    const keys = [
      key('g', ['design'], null, '2026-01-01T10:00:00.000Z'),
      key('f', ['design'], null, '2026-01-02T10:00:00.000Z'),
      key('h', ['design'], null, '2026-01-02T09:00:00.000Z', '2026-01-05'),
      key('e', ['design'], 0.01, '2026-01-01T10:00:00.000Z'),
      key('c', ['rust'], null, '2026-01-01T10:00:00.000Z'),
      key('b', ['rust', 'design'], null, '2026-01-01T10:00:00.000Z'),
      key('a', ['rust', 'design', 'rust'], null, '2026-01-01T10:00:00.000Z'),
      key('d', ['rust'], 0.2, '2026-01-01T09:00:00.000Z'),
      key('x', ['design'], null, '2026-01-02T10:00:00.000Z'),
    ];
    expect(keys.sort(compareRecommendations).map((k) => k.id)).toEqual([
      'a', // two proven (a duplicate skill counts for each place it holds)
      'b',
      'd',
      'c',
      'e',
      'h', // same day as f and x, due first
      'x', // same instant as f: id breaks the tie
      'f',
      'g',
    ]);
  });

  it('a key survives the cursor round trip; anything else is refused', () => {
    const k = key('id1', ['rust'], 0.05, '2026-01-01T10:00:00.000Z', '2026-02-01');
    expect(decodeRecommendationKey(encodeRecommendationKey(k), 'id1')).toEqual(k);
    for (const bad of ['', 'nope', '[1,2]', '[1,2,3,4,5,6]', '["1",0,0,"a","b","c"]', '{}']) {
      expect(decodeRecommendationKey(bad, 'x')).toBeNull();
    }
  });
});

describe('helper order', () => {
  it('merit in the skills, then overall merit, then verified work there, then handle', () => {
    const helpers = [
      { skillMerit: 0, overallMerit: 0, verifiedInSkills: 1, handle: 'e' },
      { skillMerit: 0, overallMerit: 0, verifiedInSkills: 2, handle: 'd' },
      { skillMerit: 0, overallMerit: 0.9, verifiedInSkills: 1, handle: 'c' },
      { skillMerit: 1.8, overallMerit: 0, verifiedInSkills: 1, handle: 'a' },
      { skillMerit: 0.9, overallMerit: 0.99, verifiedInSkills: 5, handle: 'b' },
      { skillMerit: 0, overallMerit: 0, verifiedInSkills: 1, handle: 'f' },
    ];
    expect(helpers.sort(compareHelpers).map((h) => h.handle)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});
