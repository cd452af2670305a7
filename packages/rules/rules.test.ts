import { describe, expect, it } from 'vitest';
import { LIMITS, normaliseSkill, normaliseSkills } from './index.js';

describe('LIMITS', () => {
  it('are positive whole numbers, every minimum below its maximum', () => {
    for (const [name, value] of Object.entries(LIMITS)) {
      expect(Number.isInteger(value) && value > 0, name).toBe(true);
      if (name.endsWith('Min')) {
        const max = LIMITS[name.replace(/Min$/, 'Max') as keyof typeof LIMITS];
        expect(max, `${name} has a matching maximum`).toBeGreaterThan(value);
      }
    }
  });
});

describe('skills', () => {
  it('are capped at LIMITS.skillMax', () => {
    expect(normaliseSkill('a'.repeat(LIMITS.skillMax + 5))).toHaveLength(LIMITS.skillMax);
  });

  it('normalise the same way for every caller', () => {
    expect(normaliseSkills(['Type Script', 'C++', 'type-script'])).toEqual(['type-script', 'cplusplus']);
  });
});
