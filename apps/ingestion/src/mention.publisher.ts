import { mentionEventKey, partitionKey, type SocialMention } from '@scb/contracts';
import type { EventPublisher } from '@scb/messaging';
import type { PreparedMention } from './prepared-mention';

/** The dedup window, when there is one (live sources; a replay publishes what it is given). */
export interface MentionDeduplicator {
  unseen(mentions: SocialMention[]): Promise<SocialMention[]>;
  markSeen(mentions: SocialMention[]): Promise<void>;
}

export interface PublishResult {
  published: number;
  duplicates: number;
}

/** Puts normalized mentions on `social.mentions.v1`, keyed by customer party so an exchange keeps its order. */
export class MentionPublisher {
  /** Posts being published right now, by `platform:externalId`. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly publisher: EventPublisher,
    private readonly topic: string,
    private readonly dedup: MentionDeduplicator | null = null,
  ) {}

  /**
   * With a dedup window, a post that another source of this process is publishing at this moment
   * (the stream and a poller see the same tweet) waits for that publish to settle, so the window
   * check sees its outcome instead of both passing it: published once, and still published if
   * the other attempt failed.
   */
  async publish(mentions: SocialMention[]): Promise<PublishResult> {
    if (!this.dedup) return this.send(mentions);
    const ids = mentions.map(mentionEventKey);
    for (;;) {
      const busy = ids.flatMap((id) => this.inFlight.get(id) ?? []);
      if (busy.length === 0) break;
      await Promise.all(busy);
    }
    const work = this.send(mentions);
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    for (const id of ids) this.inFlight.set(id, settled);
    try {
      return await work;
    } finally {
      for (const id of ids) if (this.inFlight.get(id) === settled) this.inFlight.delete(id);
    }
  }

  /**
   * Mentions a replay has already keyed and serialized: published as they are, without the
   * dedup window (a replay publishes what it is given; downstream is idempotent anyway).
   */
  async publishPrepared(mentions: PreparedMention[]): Promise<PublishResult> {
    await this.publisher.publish(
      this.topic,
      mentions.map((m) => ({ key: m.key, value: m.value })),
    );
    return { published: mentions.length, duplicates: 0 };
  }

  private async send(mentions: SocialMention[]): Promise<PublishResult> {
    const fresh = this.dedup ? await this.dedup.unseen(mentions) : mentions;
    await this.publisher.publish(
      this.topic,
      fresh.map((m) => ({ key: partitionKey(m), value: JSON.stringify(m) })),
    );
    await this.dedup?.markSeen(fresh);
    return { published: fresh.length, duplicates: mentions.length - fresh.length };
  }
}
