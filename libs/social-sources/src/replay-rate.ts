const RATE = /^(\d+(?:\.\d+)?)\s*\/\s*(s|sec|second|m|min|minute)$/i;

/** `--rate 500/s` (or `/min`) as messages per second; null when the text is not a rate. */
export function parseRate(value: string): number | null {
  const m = RATE.exec(value.trim());
  if (!m) return null;
  const amount = Number(m[1]);
  if (!(amount > 0)) return null;
  return m[2].toLowerCase().startsWith('s') ? amount : amount / 60;
}

/**
 * Paces a producer at a steady rate: `delayBefore(n)` says how long to wait before sending the
 * next `n` messages so the total never runs ahead of `rate × elapsed`. Time is passed in, so the
 * arithmetic is testable without sleeping.
 */
export class RatePacer {
  private sent = 0;
  private startedAt: number | null = null;

  constructor(private readonly perSecond: number) {}

  delayBefore(count: number, now: number): number {
    this.startedAt ??= now;
    const dueAt = this.startedAt + (this.sent / this.perSecond) * 1000;
    this.sent += count;
    return Math.max(0, dueAt - now);
  }
}
