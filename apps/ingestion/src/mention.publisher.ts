import { mentionKey, type SocialMention } from '@scb/contracts';
import type { EventPublisher } from '@scb/messaging';

/** Puts normalized mentions on `social.mentions.v1`, keyed by author so their order holds. */
export class MentionPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly topic: string,
  ) {}

  async publish(mentions: SocialMention[]): Promise<void> {
    await this.publisher.publish(
      this.topic,
      mentions.map((m) => ({ key: mentionKey(m), value: JSON.stringify(m) })),
    );
  }
}
