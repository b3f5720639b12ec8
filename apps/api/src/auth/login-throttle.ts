import { createHash } from 'node:crypto';

export interface ThrottleLimits {
  /** Failed logins allowed for one email from one client address within the window. */
  perPair: number;
  /**
   * Failed logins allowed for one email from all addresses together (a guess spread over many
   * addresses). Well above `perPair`, so one attacking address never locks the owner out.
   */
  perEmail: number;
  /** Failed logins allowed from one client address, any emails (one attacker, many emails). */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  perPair: 10,
  perEmail: 100,
  perAddress: 50,
  windowMs: 15 * 60_000,
};

/**
 * The sign-in throttle, a port: every attempt is counted (atomically, before its password is
 * evaluated) against its email+address pair, its email and its address; an attempt over any
 * limit is refused without evaluating it. A right password clears its pair and email and gives
 * back its address's count, so what stays counted is failures.
 */
export interface LoginThrottle {
  /** 0 when the attempt may go ahead (it is now counted); else the seconds to wait (not counted). */
  reserve(email: string, address: string): Promise<number>;
  /** The attempt had the right password. */
  succeeded(email: string, address: string): Promise<void>;
}

/**
 * Counter names for one attempt, in limit order (pair, email, address). Emails are hashed so
 * the counter store never holds personal data; addresses are kept (they are not secret and a
 * readable key helps an operator).
 */
export function throttleKeys(email: string, address: string): [string, string, string] {
  const normalized = email.trim().toLowerCase();
  const digest = (value: string) => createHash('sha256').update(value).digest('base64url');
  return [
    `pair:${digest(`${normalized}\n${address}`)}`,
    `email:${digest(normalized)}`,
    `addr:${address}`,
  ];
}

/** Whole seconds to wait for a window that ends in `ms` milliseconds (at least 1). */
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * One process's throttle with the same fixed windows as the Redis one: for unit tests of the
 * auth logic and for tools that run without Redis. Not for several api instances.
 */
export class InMemoryLoginThrottle implements LoginThrottle {
  private readonly counters = new Map<string, { count: number; endsAt: number }>();

  constructor(
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  reserve(email: string, address: string): Promise<number> {
    const keys = throttleKeys(email, address);
    const limits = [this.limits.perPair, this.limits.perEmail, this.limits.perAddress];
    for (const [i, key] of keys.entries()) {
      const counter = this.live(key);
      if (counter && counter.count >= limits[i])
        return Promise.resolve(retryAfterSeconds(counter.endsAt - this.now()));
    }
    for (const key of keys) {
      const counter = this.live(key) ?? { count: 0, endsAt: this.now() + this.limits.windowMs };
      this.counters.set(key, { ...counter, count: counter.count + 1 });
    }
    return Promise.resolve(0);
  }

  succeeded(email: string, address: string): Promise<void> {
    const [pair, byEmail, byAddress] = throttleKeys(email, address);
    this.counters.delete(pair);
    this.counters.delete(byEmail);
    const counter = this.live(byAddress);
    if (counter && counter.count > 0)
      this.counters.set(byAddress, { ...counter, count: counter.count - 1 });
    return Promise.resolve();
  }

  private live(key: string): { count: number; endsAt: number } | undefined {
    const counter = this.counters.get(key);
    if (counter && counter.endsAt <= this.now()) {
      this.counters.delete(key);
      return undefined;
    }
    return counter;
  }
}
