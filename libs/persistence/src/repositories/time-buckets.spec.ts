import { timeBuckets } from './time-buckets';

const at = (iso: string) => new Date(iso);

describe('timeBuckets', () => {
  it('gives every minute of the range, the first one aligned below `from`', () => {
    expect(
      timeBuckets(at('2026-01-01T02:21:30Z'), at('2026-01-01T02:26:10Z'), 60).map((d) =>
        d.toISOString(),
      ),
    ).toEqual([
      '2026-01-01T02:21:00.000Z',
      '2026-01-01T02:22:00.000Z',
      '2026-01-01T02:23:00.000Z',
      '2026-01-01T02:24:00.000Z',
      '2026-01-01T02:25:00.000Z',
      '2026-01-01T02:26:00.000Z',
    ]);
  });

  it('leaves out a bucket that starts at `to` (the range is half-open)', () => {
    const buckets = timeBuckets(at('2026-01-01T00:00:00Z'), at('2026-01-01T01:00:00Z'), 600);
    expect(buckets).toHaveLength(6);
    expect(buckets[5].toISOString()).toBe('2026-01-01T00:50:00.000Z');
  });

  it('aligns buckets on the epoch as Postgres floors them', () => {
    const [first] = timeBuckets(at('2026-03-04T05:06:07Z'), at('2026-03-04T09:00:00Z'), 7_200);
    expect(first.getTime() % 7_200_000).toBe(0);
    expect(first.toISOString()).toBe('2026-03-04T04:00:00.000Z');
  });

  it('refuses a bucket under a second and a range of too many buckets', () => {
    expect(() => timeBuckets(at('2026-01-01'), at('2026-01-02'), 0)).toThrow(RangeError);
    expect(() => timeBuckets(at('2026-01-01'), at('2026-02-01'), 1, 100)).toThrow(RangeError);
  });
});
