import { backoffDelay, rateLimitDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { initialMs: 500, maxMs: 8_000 };

  it('waits nothing before the first failure', () => {
    expect(backoffDelay(0, policy)).toBe(0);
  });

  it('doubles from the initial wait with each consecutive failure', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('never waits longer than the cap, however many failures', () => {
    expect(backoffDelay(6, policy)).toBe(8_000);
    expect(backoffDelay(5_000, policy)).toBe(8_000);
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
