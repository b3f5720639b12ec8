import { parseRate, RatePacer } from './replay-rate';

describe('parseRate', () => {
  it('reads per-second and per-minute rates', () => {
    expect(parseRate('500/s')).toBe(500);
    expect(parseRate('120 / min')).toBe(2);
    expect(parseRate('2.5/sec')).toBe(2.5);
  });

  it('refuses what is not a positive rate', () => {
    for (const bad of ['500', '0/s', '-1/s', 'fast', '5/h']) expect(parseRate(bad)).toBeNull();
  });
});

describe('RatePacer', () => {
  it('spaces chunks so the total never runs ahead of the rate', () => {
    const pacer = new RatePacer(100);
    expect(pacer.delayBefore(50, 1_000)).toBe(0);
    // 50 sent at 100/s are due by 500 ms after the start.
    expect(pacer.delayBefore(50, 1_100)).toBe(400);
    expect(pacer.delayBefore(50, 1_500)).toBe(500);
  });

  it('does not wait when the producer is already slower than the rate', () => {
    const pacer = new RatePacer(100);
    pacer.delayBefore(10, 0);
    expect(pacer.delayBefore(10, 5_000)).toBe(0);
  });
});
