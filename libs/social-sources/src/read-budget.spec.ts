import { readBudget, readBudgetState } from './read-budget';

describe('readBudgetState', () => {
  it.each([
    [0, null, 'unlimited'],
    [79, 100, 'ok'],
    [80, 100, 'near'],
    [99, 100, 'near'],
    [100, 100, 'exhausted'],
    [130, 100, 'exhausted'],
  ] as const)('%d reads of %p: %s', (used, budget, state) => {
    expect(readBudgetState(used, budget)).toBe(state);
  });

  it('names the month, the reads used and the budget', () => {
    expect(readBudget({ month: '2026-11', reads: 5, budget: 5 })).toEqual({
      month: '2026-11',
      used: 5,
      budget: 5,
      state: 'exhausted',
    });
  });
});
