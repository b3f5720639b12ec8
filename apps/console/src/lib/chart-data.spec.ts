import { bucketRows } from './chart-data';

describe('bucketRows', () => {
  it('gives one row per bucket of the range, quiet ones as zeros', () => {
    const { platforms, rows } = bucketRows({
      buckets: ['t1', 't2', 't3'],
      mentionsPerBucket: [
        { at: 't1', platform: 'x', count: 2 },
        { at: 't1', platform: 'facebook', count: 0 },
        { at: 't3', platform: 'facebook', count: 1 },
      ],
      sentiment: [
        { at: 't1', average: -1.5, count: 2 },
        { at: 't2', average: null, count: 0 },
        { at: 't3', average: 3, count: 1 },
      ],
    });
    expect(platforms).toEqual(['facebook', 'x']);
    expect(rows).toEqual([
      { at: 't1', counts: { facebook: 0, x: 2 }, total: 2, sentiment: -1.5 },
      { at: 't2', counts: { facebook: 0, x: 0 }, total: 0, sentiment: null },
      { at: 't3', counts: { facebook: 1, x: 0 }, total: 1, sentiment: 3 },
    ]);
  });
  it('reads an answer without `buckets` from its busy buckets', () => {
    const { rows } = bucketRows({
      mentionsPerBucket: [{ at: 't2', platform: 'x', count: 1 }],
      sentiment: [{ at: 't1', average: 1, count: 1 }],
    });
    expect(rows.map((r) => r.at)).toEqual(['t1', 't2']);
  });
});
