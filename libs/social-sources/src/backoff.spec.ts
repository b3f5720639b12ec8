import { backoffDelay, rateLimitDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { initialMs: 500, maxMs: 8_000 };
  const withRandom = (value: number, run: () => number[]): number[] => {
    const random = jest.spyOn(Math, 'random').mockReturnValue(value);
    try {
      return run();
    } finally {
      random.mockRestore();
    }
  };
  const attempts = [1, 2, 3, 4, 5, 6, 5_000];

  it('waits nothing before the first failure', () => {
    expect(backoffDelay(0, policy)).toBe(0);
  });

  it('doubles the nominal wait with each failure up to the cap, jittered down to half of it', () => {
    const shortest = withRandom(0, () => attempts.map((n) => backoffDelay(n, policy)));
    const longest = withRandom(0.999999, () => attempts.map((n) => backoffDelay(n, policy)));
    expect(shortest).toEqual([250, 500, 1_000, 2_000, 4_000, 4_000, 4_000]);
    expect(longest).toEqual([499, 999, 1_999, 3_999, 7_999, 7_999, 7_999]);
  });

  it('spreads the waits of sources failing together (jitter), within the bounds', () => {
    const waits = Array.from({ length: 50 }, () => backoffDelay(4, policy));
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(2_000);
      expect(wait).toBeLessThan(4_000);
    }
    expect(new Set(waits).size).toBeGreaterThan(10);
  });
});

describe('rateLimitDelay', () => {
  it('waits until the announced reset plus the slack', () => {
    expect(rateLimitDelay(new Date(10_000), 4_000)).toBe(7_000);
    expect(rateLimitDelay(new Date(10_000), 4_000, 0)).toBe(6_000);
  });

  it('waits only the slack when the reset is already past', () => {
    expect(rateLimitDelay(new Date(1_000), 4_000)).toBe(1_000);
  });
});
