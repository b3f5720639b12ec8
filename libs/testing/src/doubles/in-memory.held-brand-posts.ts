import type { HeldBrandPost, IncomingMention } from '@scb/persistence';
import type { SocialMention } from '@scb/contracts';

interface Entry extends HeldBrandPost {
  nextAttemptAt: Date;
  state: 'held' | 'ignored';
  reason: string | null;
}

const keyOf = (m: SocialMention) => `${m.platform}:${m.externalId}`;

/** HeldBrandPostRepository in memory, for unit tests of the hold-and-retry step. */
export class InMemoryHeldBrandPosts {
  readonly entries = new Map<string, Entry>();

  async hold(items: IncomingMention[], now: Date, retryAt: Date): Promise<number> {
    let held = 0;
    for (const item of items) {
      if (this.entries.has(keyOf(item.mention))) continue;
      this.entries.set(keyOf(item.mention), {
        ...item,
        attempts: 0,
        heldAt: now,
        nextAttemptAt: retryAt,
        state: 'held',
        reason: null,
      });
      held += 1;
    }
    return held;
  }

  async due(now: Date, limit: number): Promise<HeldBrandPost[]> {
    return [...this.entries.values()]
      .filter((e) => e.state === 'held' && e.nextAttemptAt <= now)
      .sort((a, b) => a.heldAt.getTime() - b.heldAt.getTime())
      .slice(0, limit)
      .map(({ mention, publishedAt, traceparent, attempts, heldAt }) => ({
        mention,
        publishedAt,
        traceparent,
        attempts,
        heldAt,
      }));
  }

  async release(items: Array<{ mention: SocialMention }>): Promise<number> {
    let n = 0;
    for (const i of items) if (this.entries.delete(keyOf(i.mention))) n += 1;
    return n;
  }

  async retryLater(items: Array<{ mention: SocialMention }>, retryAt: Date): Promise<void> {
    for (const entry of this.held(items)) {
      entry.attempts += 1;
      entry.nextAttemptAt = retryAt;
    }
  }

  async ignore(
    items: Array<{ mention: SocialMention }>,
    reason: string,
    _now: Date,
  ): Promise<void> {
    for (const entry of this.held(items)) {
      entry.attempts += 1;
      entry.state = 'ignored';
      entry.reason = reason;
    }
  }

  private held(items: Array<{ mention: SocialMention }>): Entry[] {
    return items.flatMap((i) => {
      const entry = this.entries.get(keyOf(i.mention));
      return entry && entry.state === 'held' ? [entry] : [];
    });
  }
}
