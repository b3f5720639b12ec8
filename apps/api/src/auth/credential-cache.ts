import type { Principal } from '@scb/auth';

interface Entry {
  principal: Principal;
  /** Epoch ms after which the entry is not used any more. */
  until: number;
}

/**
 * Principals of credentials (API keys, sessions) found valid a moment ago, by the secret's
 * digest, so that an agent's `next` → `complete` loop does not look its credential up in
 * Postgres on every request (issue 17).
 *
 * The bound: an entry is used for at most `ttlMs` after the lookup that found it valid (and
 * never past a session's own expiry). A credential revoked, a session ended or a user changed
 * through THIS process is forgotten at once (`forget`, `clear`); done elsewhere (another api
 * instance, the erase CLI, SQL) it is refused within `ttlMs`. Only valid credentials are kept:
 * an unknown, revoked or expired one is looked up every time. `ttlMs` 0 turns caching off.
 * At most `maxEntries` are kept (the oldest lookup is dropped first).
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The principal found for `digest` within the bound at `now` (epoch ms), else undefined. */
  get(digest: string, now: number): Principal | undefined {
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (now < entry.until) return entry.principal;
    this.entries.delete(digest);
    return undefined;
  }

  /** Keeps a principal just found valid at `now`, until `now + ttlMs` or `expiresAt` if sooner. */
  set(digest: string, principal: Principal, now: number, expiresAt = Infinity): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(digest); // re-inserted last: Map order is the eviction order
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(digest, { principal, until: Math.min(now + this.ttlMs, expiresAt) });
  }

  /** Forgets one credential (a session ended by its holder). */
  forget(digest: string): void {
    this.entries.delete(digest);
  }

  /** Forgets every credential (a key revoked, a user changed: rare, and it is always safe). */
  clear(): void {
    this.entries.clear();
  }
}
