/**
 * Where a poller stands against its monthly X read budget (X bills reads per post):
 * `unlimited` without a budget; `exhausted` at or over it (polling stops until the month ends);
 * `near` from 80 % of it; `ok` below.
 */
export type ReadBudgetState = 'unlimited' | 'ok' | 'near' | 'exhausted';

/** A poller's reads this billing month (UTC `YYYY-MM`), its budget and state. */
export interface ReadBudget {
  month: string;
  used: number;
  budget: number | null;
  state: ReadBudgetState;
}

/** The share of the budget from which the state is `near`. */
export const NEAR_BUDGET_SHARE = 0.8;

export function readBudgetState(used: number, budget: number | null): ReadBudgetState {
  if (budget === null) return 'unlimited';
  if (used >= budget) return 'exhausted';
  return used >= budget * NEAR_BUDGET_SHARE ? 'near' : 'ok';
}

/** The budget view of a month's usage. */
export function readBudget(usage: {
  month: string;
  reads: number;
  budget: number | null;
}): ReadBudget {
  return {
    month: usage.month,
    used: usage.reads,
    budget: usage.budget,
    state: readBudgetState(usage.reads, usage.budget),
  };
}
