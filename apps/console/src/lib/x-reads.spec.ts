import { xReadsTile } from './x-reads';

const poller = (source: string, used: number, budget: number | null, state: string) =>
  ({ source, month: '2026-11', used, budget, state }) as const;

describe('xReadsTile', () => {
  it('adds the pollers up and takes the worst state for its tone', () => {
    expect(
      xReadsTile([
        poller('x-mentions:1', 850, 1000, 'near'),
        poller('x-search:acme', 120, 2000, 'ok'),
      ] as never),
    ).toEqual({
      value: '970 / 3,000',
      tone: 'warn',
      detail:
        'x-mentions:1: 850 of 1,000 (near the budget (80 %)); x-search:acme: 120 of 2,000 (within budget)',
    });
    expect(xReadsTile([poller('x-mentions:1', 1000, 1000, 'exhausted')] as never).tone).toBe('bad');
  });

  it('shows the reads alone without a budget, and says when nothing was read', () => {
    expect(xReadsTile([poller('x-mentions:1', 12, null, 'unlimited')] as never)).toMatchObject({
      value: '12',
      tone: 'ok',
    });
    expect(xReadsTile([])).toEqual({
      value: '0',
      tone: 'ok',
      detail: 'no X posts read this month',
    });
  });
});
