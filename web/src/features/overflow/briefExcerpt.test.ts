import { describe, expect, it } from 'vitest';
import { briefExcerpt } from './briefExcerpt';

describe('briefExcerpt', () => {
  it('keeps list items apart', () => {
    expect(briefExcerpt('Scope:\n\n- the guide\n- the **examples**\n* a checklist')).toBe(
      'Scope: • the guide • the examples • a checklist',
    );
    expect(briefExcerpt('1. first\n2) second\n- [x] done')).toBe('• first • second • done');
  });

  it('keeps table cells apart and drops the separator row', () => {
    expect(briefExcerpt('| Step | Hours |\n| --- | ---: |\n| Draft | 2 |')).toBe('Step · Hours Draft · 2');
  });

  it('drops headings, quotes, links and code, and cuts at a word', () => {
    expect(briefExcerpt('## Goal\n> Ship [the docs](https://x.test)\n```\ncode\n```\nSoon')).toBe(
      'Goal Ship the docs Soon',
    );
    expect(briefExcerpt('word '.repeat(100), 20)).toBe('word word word word…');
  });
});
