import { isWellFormedUtf8, nulCharacterErrors, nulCharacterPaths } from './bad-bytes';

describe('nulCharacterPaths', () => {
  it('names every string and key holding a NUL, nested in objects and arrays', () => {
    expect(
      nulCharacterPaths({
        name: 'a\u0000b',
        ok: 'fine',
        list: ['x', '\u0000'],
        deep: { ['k\u0000']: 1, n: 5, t: true, z: null },
      }),
    ).toEqual(['name', 'list.1', 'deep.k\u0000']);
  });

  it('reports the value itself as (root), prefixes a given path, and passes clean values', () => {
    expect(nulCharacterPaths('\u0000')).toEqual(['(root)']);
    expect(nulCharacterPaths({ q: '\u0000' }, ['query'])).toEqual(['query.q']);
    expect(nulCharacterPaths({ a: ['ok', { b: 'émoji 👩‍👩‍👧' }] })).toEqual([]);
    expect(nulCharacterPaths(undefined)).toEqual([]);
  });

  it('gives field errors with a reason', () => {
    expect(nulCharacterErrors({ email: 'a\u0000@x' })).toEqual([
      { path: 'email', message: expect.stringMatching(/NUL/) },
    ]);
  });
});

describe('isWellFormedUtf8', () => {
  it.each([
    ['stray continuation byte', [0x7b, 0x80, 0x7d]],
    ['0xff', [0x22, 0xff, 0x22]],
    ['overlong slash', [0xc0, 0xaf]],
    ['UTF-16 surrogate half', [0xed, 0xa0, 0x80]],
    ['truncated sequence', [0xe2, 0x82]],
  ])('refuses %s', (_, bytes) => {
    expect(isWellFormedUtf8(Buffer.from(bytes))).toBe(false);
  });

  it('accepts ASCII, multi-byte text and emoji', () => {
    expect(isWellFormedUtf8(Buffer.from('{"t":"مرحبا 👩‍👩‍👧‍👦 €"}', 'utf8'))).toBe(true);
    expect(isWellFormedUtf8(Buffer.alloc(0))).toBe(true);
  });
});
