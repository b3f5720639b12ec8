import type { XReadUsage } from '../types';

/** What the X reads tile shows: all pollers' reads this month against their budgets. */
export interface XReadsTile {
  /** e.g. `850 / 1,000`, or `12` when no poller has a budget. */
  value: string;
  /** The worst state of any poller: the tile's colour. */
  tone: 'ok' | 'warn' | 'bad';
  /** One line per poller, for the tile's title and the screen reader. */
  detail: string;
}

const number = new Intl.NumberFormat('en');
const STATE_TEXT = {
  unlimited: 'no budget',
  ok: 'within budget',
  near: 'near the budget (80 %)',
  exhausted: 'budget used up: polling stopped until next month',
} as const;

export function xReadsTile(usage: XReadUsage[]): XReadsTile {
  const used = usage.reduce((sum, u) => sum + u.used, 0);
  const budgeted = usage.filter((u) => u.budget !== null);
  const budget = budgeted.reduce((sum, u) => sum + (u.budget ?? 0), 0);
  const tone = usage.some((u) => u.state === 'exhausted')
    ? 'bad'
    : usage.some((u) => u.state === 'near')
      ? 'warn'
      : 'ok';
  return {
    value:
      budgeted.length > 0
        ? `${number.format(used)} / ${number.format(budget)}`
        : number.format(used),
    tone,
    detail:
      usage.length === 0
        ? 'no X posts read this month'
        : usage
            .map(
              (u) =>
                `${u.source}: ${number.format(u.used)}${u.budget === null ? '' : ` of ${number.format(u.budget)}`} (${STATE_TEXT[u.state]})`,
            )
            .join('; '),
  };
}
