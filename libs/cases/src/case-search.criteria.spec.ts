import {
  InvalidSearch,
  namePrefixQuery,
  normalizeEmail,
  normalizeHandle,
  parseCaseSort,
} from './case-search.criteria';

describe('case search criteria', () => {
  it('parses sorts with aliases and directions; defaults by whether text is searched', () => {
    expect(parseCaseSort('-updatedAt', false)).toEqual([
      { field: 'lastActivityAt', descending: true },
    ]);
    expect(parseCaseSort('priority, -createdAt', false)).toEqual([
      { field: 'priority', descending: false },
      { field: 'openedAt', descending: true },
    ]);
    expect(parseCaseSort(undefined, false)).toEqual([
      { field: 'lastActivityAt', descending: true },
    ]);
    expect(parseCaseSort('', true).map((k) => k.field)).toEqual(['relevance', 'lastActivityAt']);
    expect(parseCaseSort('-relevance', true)).toEqual([{ field: 'relevance', descending: true }]);
  });

  it('refuses unknown, repeated (also through an alias) and text-less relevance sorts', () => {
    for (const sort of ['colour', 'updatedAt,-lastActivityAt', 'relevance', '-', 'toString'])
      expect(() => parseCaseSort(sort, false)).toThrow(InvalidSearch);
  });

  it('normalises handles and emails; builds safe name prefix queries', () => {
    expect(normalizeHandle(' @@Ana_L ')).toBe('ana_l');
    expect(normalizeEmail(' Ana@Example.COM ')).toBe('ana@example.com');
    expect(normalizeEmail('ana@')).toBeNull();
    expect(namePrefixQuery("Ana O'Brien")).toBe('ana:* & o:* & brien:*');
    expect(namePrefixQuery("'):* | !x")).toBe('x:*');
    expect(namePrefixQuery(' -- ')).toBeNull();
  });
});
