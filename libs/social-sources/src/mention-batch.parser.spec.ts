import { parseMentionBatch } from './mention-batch.parser';

const mention = (id: string) => ({
  platform: 'x',
  externalId: id,
  authorId: 'a1',
  text: '@Brand hello',
  createdAt: '2026-01-01T00:00:00Z',
});
const parse = (body: unknown, max = 10) =>
  parseMentionBatch(
    Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    'generic-webhook',
    max,
  );

describe('parseMentionBatch', () => {
  it('accepts one mention as an object and names its source', () => {
    expect(parse(mention('1'))).toEqual({
      ok: true,
      items: [
        {
          index: 0,
          ok: true,
          mention: expect.objectContaining({ externalId: '1', source: 'generic-webhook' }),
        },
      ],
    });
  });

  it('keeps the source a sender gives', () => {
    const result = parse([{ ...mention('1'), source: 'brandwatch' }]);
    expect(result.ok && result.items[0].ok && result.items[0].mention.source).toBe('brandwatch');
  });

  it('validates the items of a batch one by one, with field-level errors', () => {
    const result = parse([mention('1'), { ...mention('2'), createdAt: 'soon' }, 42]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.items.map((i) => i.ok)).toEqual([true, false, false]);
    expect(result.items[1]).toMatchObject({ index: 1, errors: [{ path: 'createdAt' }] });
    expect(result.items[2]).toMatchObject({ index: 2, errors: [{ path: '(root)' }] });
  });

  it('refuses malformed JSON, other shapes, an empty and an oversized batch as a whole', () => {
    expect(parse('{"platform":')).toMatchObject({
      ok: false,
      errors: [{ message: /malformed JSON/ }],
    });
    expect(parse('"text"')).toMatchObject({
      ok: false,
      errors: [{ message: /mention object or an array/ }],
    });
    expect(parse([])).toMatchObject({ ok: false, errors: [{ message: /empty/ }] });
    expect(parse([mention('1'), mention('2')], 1)).toMatchObject({
      ok: false,
      errors: [{ message: 'at most 1 mentions per request' }],
    });
    expect(parse('')).toMatchObject({ ok: false, errors: [{ message: /empty/ }] });
  });
});
