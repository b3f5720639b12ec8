import { packBatch, unpackBatch } from './prepared-batch.codec';
import type { PreparedItem } from './prepared-mention';

const prepared = (n: number, text: string): PreparedItem => ({
  prepared: {
    key: `x:author-${n}`,
    value: JSON.stringify({ n, text }),
    outbound: n % 3 === 0,
    createdAt: `2026-11-25T10:00:0${n % 10}.000Z`,
  },
});
const rejected = (n: number): PreparedItem => ({
  rejected: {
    reason: `line ${n}: bad`,
    key: null,
    payload: `row ${n}`,
    partition: null,
    offset: null,
  },
});

describe('prepared batch codec', () => {
  it('round-trips mentions and refusals in file order, multi-byte text included', () => {
    const items = [
      rejected(0),
      prepared(1, 'plain'),
      prepared(2, 'مرحبا 👩‍👩‍👧‍👦 zero\u200Bwidth'),
      rejected(3),
      rejected(4),
      prepared(5, ''),
      prepared(6, 'last'),
      rejected(7),
    ];
    const unpacked = unpackBatch(packBatch(items));
    expect(
      unpacked.map((i) =>
        'rejected' in i
          ? i
          : { prepared: { ...i.prepared, value: (i.prepared.value as Buffer).toString('utf8') } },
      ),
    ).toEqual(items);
  });

  it('packs the values into one buffer of their own, transferable to another thread', () => {
    const batch = packBatch([prepared(1, 'a'), prepared(2, 'b')]);
    expect(batch.data.byteLength).toBe(
      Buffer.byteLength(JSON.stringify({ n: 1, text: 'a' })) +
        Buffer.byteLength(JSON.stringify({ n: 2, text: 'b' })),
    );
    expect(Array.from(batch.ends)).toEqual([
      Buffer.byteLength(JSON.stringify({ n: 1, text: 'a' })),
      batch.data.byteLength,
    ]);
  });

  it('handles a batch of refusals only and an empty batch', () => {
    expect(unpackBatch(packBatch([rejected(1), rejected(2)]))).toEqual([rejected(1), rejected(2)]);
    expect(unpackBatch(packBatch([]))).toEqual([]);
  });
});
