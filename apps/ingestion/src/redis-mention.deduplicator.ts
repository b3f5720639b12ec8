import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import IORedis, { type Redis } from 'ioredis';
import { mentionEventKey, type SocialMention } from '@scb/contracts';

/**
 * Remembers `platform:externalId` for a window so a post seen twice (stream and polling, a
 * webhook retried by its sender) is published once. A post is marked only after Kafka has it, so
 * a failed publish is retried rather than forgotten; and when Redis is unreachable every mention
 * passes (fail open): a duplicate is harmless downstream, a lost mention is not.
 */
export class RedisMentionDeduplicator implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisMentionDeduplicator.name);
  private readonly redis: Redis;

  constructor(
    redisUrl: string,
    private readonly keyPrefix: string,
    private readonly windowSeconds: number,
  ) {
    // Fail fast instead of queueing commands while Redis is away: publishing must not wait on it.
    this.redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined); // reported through the calls that fail
  }

  /** The mentions not seen within the window, each once (duplicates inside the batch too). */
  async unseen(mentions: SocialMention[]): Promise<SocialMention[]> {
    const unique = new Map(mentions.map((m) => [this.key(m), m]));
    if (unique.size === 0) return [];
    try {
      const seen = await this.redis.mget(...unique.keys());
      return [...unique.values()].filter((_, i) => seen[i] === null);
    } catch (error) {
      this.logger.warn({
        message: 'dedup unavailable; publishing without it',
        error: String(error),
      });
      return [...unique.values()];
    }
  }

  async markSeen(mentions: SocialMention[]): Promise<void> {
    if (mentions.length === 0) return;
    const batch = this.redis.pipeline();
    for (const m of mentions) batch.set(this.key(m), '1', 'EX', this.windowSeconds);
    try {
      await batch.exec();
    } catch (error) {
      this.logger.warn({ message: 'could not record published mentions', error: String(error) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }

  private key(m: SocialMention): string {
    return `${this.keyPrefix}:${mentionEventKey(m)}`;
  }
}
