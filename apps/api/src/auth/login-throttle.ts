export interface ThrottleLimits {
  /** Failed logins allowed per email within the window before that email is refused. */
  perEmail: number;
  /** Failed logins allowed per client address within the window (many emails, one attacker). */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  perEmail: 10,
  perAddress: 50,
  windowMs: 15 * 60_000,
};

/**
 * Slows password guessing: after too many failed logins for one email or from one address in
 * the window, further attempts are refused (even with the right password) until the oldest
 * failure leaves the window. In memory, so per api process.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private calls = 0;

  constructor(
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait when refused; 0 when the attempt may go ahead. */
  retryAfterSeconds(email: string, address: string): number {
    this.sweepNowAndThen();
    const waits = [
      this.wait(`e:${email.toLowerCase()}`, this.limits.perEmail),
      this.wait(`a:${address}`, this.limits.perAddress),
    ];
    return Math.max(...waits);
  }

  failed(email: string, address: string): void {
    for (const key of [`e:${email.toLowerCase()}`, `a:${address}`])
      this.failures.set(key, [...this.recent(key), this.now()]);
  }

  /** A successful login clears the email's failures (not the address's). */
  succeeded(email: string): void {
    this.failures.delete(`e:${email.toLowerCase()}`);
  }

  private wait(key: string, limit: number): number {
    const recent = this.recent(key);
    if (recent.length < limit) return 0;
    const oldestCounted = recent[recent.length - limit];
    return Math.max(1, Math.ceil((oldestCounted + this.limits.windowMs - this.now()) / 1000));
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const recent = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.failures.delete(key);
    else this.failures.set(key, recent);
    return recent;
  }

  /** Forgets keys nobody retried, so the map stays bounded by the attempts of one window. */
  private sweepNowAndThen(): void {
    this.calls += 1;
    if (this.calls % 1_000 === 0) for (const key of [...this.failures.keys()]) this.recent(key);
  }
}
