/** Small display rules shared by the console's pages. */

/** `@name` for a handle stored with or without its `@` (never `@@name`); `?` when unknown. */
export function handle(raw: string | null | undefined): string {
  const name = (raw ?? '').trim().replace(/^@+/, '');
  return name ? `@${name}` : '@?';
}

export type SlaState = 'none' | 'ok' | 'at-risk' | 'breached';

/**
 * Time left until `dueAt` as the agent's desk shows it (`12m 05s left`, `3m 10s over`), and its
 * state: at risk in the last `riskFraction` of the time from `since` to `dueAt` (or its last 5
 * minutes when `since` is unknown), breached once past due. Times are ISO strings or null.
 */
export function countdown(
  dueAt: string | null,
  now: number,
  since: string | null = null,
  riskFraction = 0.2,
): { text: string; state: SlaState } {
  if (!dueAt) return { text: 'no SLA', state: 'none' };
  const due = Date.parse(dueAt);
  const left = due - now;
  const span = since ? due - Date.parse(since) : 25 * 60_000;
  const state: SlaState =
    left <= 0 ? 'breached' : left <= Math.max(span * riskFraction, 0) ? 'at-risk' : 'ok';
  return { text: `${duration(Math.abs(left))} ${left <= 0 ? 'over' : 'left'}`, state };
}

/** `1h 02m`, `12m 05s`, `9s` for a duration in milliseconds. */
export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s % 60)}s`;
  return `${s % 60}s`;
}
