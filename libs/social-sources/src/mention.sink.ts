import type { SocialMention } from '@scb/contracts';
import type { SourceMetrics } from './source-metrics';

export interface RejectedItem {
  reason: string;
  payload: string;
  code?: string;
}

/** Where a source hands its mentions (Kafka, behind the dedup window) and its refused input. */
export interface MentionSink {
  /** Resolves once Kafka has the mentions; says how many were dropped as already published. */
  publish(mentions: SocialMention[]): Promise<{ duplicates: number }>;
  /**
   * Refused items with the reason, for the dead-letter topic; `code` is the short reason the
   * source's counters group them by (`contract` when not given).
   */
  reject(items: RejectedItem[]): Promise<void>;
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
      const byCode = new Map<string, number>();
      for (const i of items)
        byCode.set(i.code ?? 'contract', (byCode.get(i.code ?? 'contract') ?? 0) + 1);
      for (const [code, n] of byCode) metrics.deadLettered(n, code);
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
