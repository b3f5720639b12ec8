import { mentionKey, type SocialMention } from '@scb/contracts';
import type { EventPublisher } from '@scb/messaging';

/** The dedup window, when there is one (live sources; a replay publishes what it is given). */
export interface MentionDeduplicator {
  unseen(mentions: SocialMention[]): Promise<SocialMention[]>;
  markSeen(mentions: SocialMention[]): Promise<void>;
}

export interface PublishResult {
  published: number;
  duplicates: number;
}

/** Puts normalized mentions on `social.mentions.v1`, keyed by author so their order holds. */
export class MentionPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly topic: string,
    private readonly dedup: MentionDeduplicator | null = null,
  ) {}

  async publish(mentions: SocialMention[]): Promise<PublishResult> {
    const fresh = this.dedup ? await this.dedup.unseen(mentions) : mentions;
    await this.publisher.publish(
      this.topic,
      fresh.map((m) => ({ key: mentionKey(m), value: JSON.stringify(m) })),
    );
    await this.dedup?.markSeen(fresh);
    return { published: fresh.length, duplicates: mentions.length - fresh.length };
  }
}
