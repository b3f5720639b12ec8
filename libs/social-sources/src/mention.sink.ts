import type { SocialMention } from '@scb/contracts';
import type { SourceMetrics } from './source-metrics';

/** Where a source hands its mentions (Kafka, behind the dedup window) and its refused input. */
export interface MentionSink {
  /** Resolves once Kafka has the mentions; says how many were dropped as already published. */
  publish(mentions: SocialMention[]): Promise<{ duplicates: number }>;
  /** Refused items with the reason, for the dead-letter topic. */
  reject(items: Array<{ reason: string; payload: string }>): Promise<void>;
}

/**
 * The sink with the source's counters kept on the way through, so every source counts
 * received / published / duplicates / dead-lettered the same way. Failures are left to the
 * source, which knows whether it retries.
 */
export function countingSink(sink: MentionSink, metrics: SourceMetrics): MentionSink {
  return {
    async publish(mentions) {
      metrics.received(mentions.length);
      const result = await sink.publish(mentions);
      metrics.published(mentions.length - result.duplicates, result.duplicates, newest(mentions));
      return result;
    },
    async reject(items) {
      if (items.length === 0) return;
      metrics.received(items.length);
      await sink.reject(items);
      metrics.deadLettered(items.length);
    },
  };
}

function newest(mentions: SocialMention[]): string | undefined {
  let best: string | undefined;
  let bestMs = -Infinity;
  for (const m of mentions) {
    const ms = Date.parse(m.createdAt);
    if (ms > bestMs) [best, bestMs] = [m.createdAt, ms];
  }
  return best;
}
