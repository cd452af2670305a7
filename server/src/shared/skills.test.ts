import { describe, expect, it } from 'vitest';
import { normaliseSkill, normaliseSkills } from './skills.js';

describe('normaliseSkill', () => {
  it.each([
    ['TypeScript', 'typescript'],
    ['Type Script', 'type-script'],
    ['  PYTHON ', 'python'],
    ['C++', 'cplusplus'],
    ['C#', 'csharp'],
    ['Node.js', 'node-js'],
    ['Café design', 'cafe-design'],
    ['--data__eng--', 'data-eng'],
  ])('%j → %j', (raw, slug) => {
    expect(normaliseSkill(raw)).toBe(slug);
  });

  it('gives an empty string for input without letters or digits', () => {
    expect(normaliseSkill(' -!- ')).toBe('');
  });

  it('caps the length at 40 without a trailing hyphen', () => {
    // The 40th character is the hyphen before "bcd": cut there, then the hyphen goes too.
    expect(normaliseSkill(`${'a'.repeat(39)} bcd`)).toBe('a'.repeat(39));
    expect(normaliseSkill('b'.repeat(45))).toBe('b'.repeat(40));
  });
});

describe('normaliseSkills', () => {
  it('drops empties and duplicates after normalising, keeping first-seen order', () => {
    expect(normaliseSkills(['Type Script', 'python', 'type-script', '', 'PYTHON', 'go'])).toEqual([
      'type-script',
      'python',
      'go',
    ]);
  });
});
