import type { DeadLetterPublisher } from '@scb/messaging';
import type { SourceCheckpointRepository } from '@scb/persistence';
import { XPollingSource, type PollingSink } from '@scb/social-sources';
import type { IngestionConfig } from './ingestion.config';
import type { MentionPublisher } from './mention.publisher';
import { XApiGateway } from './x-api.gateway';

/** True when the configuration asks for any X polling (and so needs Postgres for checkpoints). */
export function wantsXPolling(config: IngestionConfig): boolean {
  return config.X_MENTIONS_ACCOUNTS.length + config.X_SEARCH_QUERIES.length > 0;
}

/** One polling source per configured account mention timeline and per search query. */
export function createXSources(
  config: IngestionConfig,
  checkpoints: SourceCheckpointRepository,
  mentions: MentionPublisher,
  deadLetters: DeadLetterPublisher,
): XPollingSource[] {
  if (!wantsXPolling(config) || !config.X_BEARER_TOKEN) return [];
  const api = new XApiGateway({
    baseUrl: config.X_API_BASE_URL,
    bearerToken: config.X_BEARER_TOKEN,
    pageSize: config.X_PAGE_SIZE,
  });
  const sink: PollingSink = {
    publish: (items) => mentions.publish(items),
    reject: (items) =>
      deadLetters.publish(items.map((i) => ({ ...i, key: null, partition: null, offset: null }))),
  };
  const options = {
    intervalMs: config.X_POLL_INTERVAL_MS,
    chunkSize: config.X_PUBLISH_CHUNK,
    maxBackoffMs: Math.max(config.X_POLL_INTERVAL_MS, 5 * 60_000),
  };
  return [
    ...config.X_MENTIONS_ACCOUNTS.map(
      (account) =>
        new XPollingSource(api.mentions(account.id), checkpoints, sink, {
          ...options,
          name: `x-mentions:${account.id}`,
          targetAccount: account.handle ?? account.id,
        }),
    ),
    ...config.X_SEARCH_QUERIES.map(
      (query) =>
        new XPollingSource(api.search(query), checkpoints, sink, {
          ...options,
          name: `x-search:${query}`,
          targetAccount: null,
        }),
    ),
  ];
}
