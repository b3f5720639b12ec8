import type { Rejected } from '@scb/messaging';
import { partitionKey, type SocialMention } from '@scb/contracts';
import type { ReplayItem } from './replay-file.reader';

/**
 * A mention ready for Kafka: validated, keyed and serialized, with the two facts the replay still
 * needs (whether the brand wrote it, and when). Replays prepare mentions in a worker thread, so
 * the main thread only publishes.
 */
export interface PreparedMention {
  key: string;
  /** The mention's JSON; as UTF-8 bytes once it has crossed from the replay worker. */
  value: string | Buffer;
  outbound: boolean;
  createdAt: string;
}

export type PreparedItem = { prepared: PreparedMention } | { rejected: Rejected };

export function prepareMention(mention: SocialMention): PreparedMention {
  return {
    key: partitionKey(mention),
    value: JSON.stringify(mention),
    outbound: mention.direction === 'outbound',
    createdAt: mention.createdAt,
  };
}

export async function* prepareItems(items: AsyncIterable<ReplayItem>): AsyncIterable<PreparedItem> {
  for await (const item of items)
    yield 'rejected' in item ? item : { prepared: prepareMention(item.mention) };
}
