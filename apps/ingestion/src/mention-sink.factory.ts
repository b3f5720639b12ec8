import type { DeadLetterPublisher } from '@scb/messaging';
import { countingSink, type MentionSink, type SourceMetrics } from '@scb/social-sources';
import type { MentionPublisher } from './mention.publisher';

/**
 * The sink every live source publishes through: the shared publisher (one dedup window, so a post
 * seen by the stream and by polling goes out once), the dead-letter topic, and the source's
 * counters on the way.
 */
export function mentionSink(
  mentions: MentionPublisher,
  deadLetters: DeadLetterPublisher,
  metrics: SourceMetrics,
): MentionSink {
  return countingSink(
    {
      publish: (items) => mentions.publish(items),
      reject: (items) =>
        deadLetters.publish(items.map((i) => ({ ...i, key: null, partition: null, offset: null }))),
    },
    metrics,
  );
}
