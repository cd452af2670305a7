import { describe, expect, it } from 'vitest';
import { fts5Query } from '../../db/search-index.js';
import { parseSearchQuery, plainText, relevance, snippetOf } from './search.query.js';

describe('parseSearchQuery', () => {
  it('reads words, prefixes and phrases; everything else separates', () => {
    expect(parseSearchQuery('Typ* "data  migration" title:foo -bar NEAR(a b)')).toEqual([
      { kind: 'prefix', text: 'typ' },
      { kind: 'phrase', text: 'data migration' },
      { kind: 'word', text: 'title' },
      { kind: 'word', text: 'foo' },
      { kind: 'word', text: 'bar' },
      { kind: 'word', text: 'near' },
      { kind: 'word', text: 'a' },
      { kind: 'word', text: 'b' },
    ]);
    expect(parseSearchQuery('ab*')).toEqual([{ kind: 'word', text: 'ab' }]); // too short to be a prefix
    expect(parseSearchQuery('"open quote runs on')).toEqual([{ kind: 'phrase', text: 'open quote runs on' }]);
  });

  it('refuses nothing-to-search and too many terms with their codes', () => {
    for (const q of ['', '*', '"', '- + ( )']) {
      expect(() => parseSearchQuery(q)).toThrow(expect.objectContaining({ code: 'SEARCH_QUERY_EMPTY' }));
    }
    expect(() => parseSearchQuery('a b c d e f g h i j k l m')).toThrow(
      expect.objectContaining({ code: 'SEARCH_QUERY_INVALID' }),
    );
  });

  it('builds an FTS5 query of quoted terms only', () => {
    expect(fts5Query(parseSearchQuery('typ* "a b" c'))).toBe('"typ"* "a b" "c"');
  });
});

describe('snippets and relevance', () => {
  it('marks the matching words of a plain-text excerpt', () => {
    const s = snippetOf(plainText('Fix the **importer**: it drops rows. Importers are hard.'), [
      { kind: 'word', text: 'importer' },
    ]);
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(['importer', 'Importers']);
  });

  it('counts a title match over a brief match, and a short brief over a long one', () => {
    const t = [{ kind: 'word' as const, text: 'parser' }];
    const title = relevance({ title: 'parser', skills: [], brief: 'x' }, t);
    const short = relevance({ title: 'x', skills: [], brief: 'parser bug' }, t);
    const long = relevance({ title: 'x', skills: [], brief: `parser ${'word '.repeat(200)}` }, t);
    expect(title).toBeGreaterThan(short);
    expect(short).toBeGreaterThan(long);
  });
});
