import type { Clock } from '@scb/core';
import type { DeadLetterPublisher } from '@scb/messaging';
import type { SourceCheckpointRepository } from '@scb/persistence';
import {
  desiredStreamRules,
  XPollingSource,
  XStreamSource,
  type ReadUsageStore,
  type SourceMetricsRegistry,
} from '@scb/social-sources';
import { brandAccountSets } from './brand-accounts.refresher';
import { streamHandles, type IngestionConfig } from './ingestion.config';
import type { LiveSource } from './live-sources.lifecycle';
import type { MentionPublisher } from './mention.publisher';
import { mentionSink } from './mention-sink.factory';
import { XApiGateway } from './x-api.gateway';
import { XStreamGateway } from './x-stream.gateway';

/**
 * The brand's own X user ids: the accounts whose mentions we poll, X_BRAND_USER_IDS, and those
 * learnt from replies (a live set the BrandAccountsRefresher grows).
 */
export function xBrandIds(config: IngestionConfig): ReadonlySet<string> {
  return brandAccountSets(config).x;
}

/** True when the configuration asks for any X polling (and so needs Postgres for checkpoints). */
export function wantsXPolling(config: IngestionConfig): boolean {
  return config.X_MENTIONS_ACCOUNTS.length + config.X_SEARCH_QUERIES.length > 0;
}

export interface XSourceDeps {
  mentions: MentionPublisher;
  deadLetters: DeadLetterPublisher;
  registry: SourceMetricsRegistry;
  /** The sources' time (billing month, backoff instants, their state); system clock by default. */
  clock?: Clock;
}

/** One polling source per configured account mention timeline and per search query. */
export function createXPollingSources(
  config: IngestionConfig,
  checkpoints: SourceCheckpointRepository,
  deps: XSourceDeps,
  readUsage?: ReadUsageStore,
): XPollingSource[] {
  if (!wantsXPolling(config)) return [];
  const api = new XApiGateway({
    baseUrl: config.X_API_BASE_URL,
    bearerToken: config.X_BEARER_TOKEN ?? null,
    userAccessToken: config.X_USER_ACCESS_TOKEN ?? null,
    pageSize: config.X_PAGE_SIZE,
  });
  const options = {
    intervalMs: config.X_POLL_INTERVAL_MS,
    chunkSize: config.X_PUBLISH_CHUNK,
    maxBackoffMs: Math.max(config.X_POLL_INTERVAL_MS, 5 * 60_000),
    brandIds: xBrandIds(config),
    overlapMs: config.X_POLL_OVERLAP_MS,
    monthlyReadBudget: config.X_MONTHLY_READ_BUDGET ?? null,
    readUsage,
  };
  const poller = (
    timeline: ReturnType<XApiGateway['search']>,
    name: string,
    targetAccount: string | null,
  ) => {
    let source: XPollingSource | null = null;
    const metrics = deps.registry.register(name, 'x-polling', () =>
      source ? source.state() : { state: 'starting' },
    );
    const sink = mentionSink(deps.mentions, deps.deadLetters, metrics);
    source = new XPollingSource(
      timeline,
      checkpoints,
      sink,
      {
        ...options,
        name,
        targetAccount,
        metrics,
      },
      deps.clock,
    );
    return source;
  };
  return [
    ...config.X_MENTIONS_ACCOUNTS.map((account) =>
      poller(api.mentions(account.id), `x-mentions:${account.id}`, account.handle ?? account.id),
    ),
    ...config.X_SEARCH_QUERIES.map((query) => poller(api.search(query), `x-search:${query}`, null)),
  ];
}

/** The filtered stream, when enabled, with its rules from the handles and keywords. */
export function createXStreamSources(config: IngestionConfig, deps: XSourceDeps): LiveSource[] {
  if (!config.X_STREAM_ENABLED || !config.X_BEARER_TOKEN) return [];
  const name = 'x-stream';
  let source: XStreamSource | null = null;
  const metrics = deps.registry.register(name, 'x-stream', () =>
    source ? source.state() : { state: 'starting' },
  );
  source = new XStreamSource(
    new XStreamGateway({
      baseUrl: config.X_API_BASE_URL,
      bearerToken: config.X_BEARER_TOKEN,
      stallMs: config.X_STREAM_STALL_MS,
    }),
    mentionSink(deps.mentions, deps.deadLetters, metrics),
    {
      name,
      rules: desiredStreamRules({
        handles: streamHandles(config),
        keywords: config.X_STREAM_KEYWORDS,
      }),
      backoff: { initialMs: config.X_STREAM_BACKOFF_MS, maxMs: config.X_STREAM_MAX_BACKOFF_MS },
      chunkSize: config.X_PUBLISH_CHUNK,
      maxPending: config.X_STREAM_MAX_PENDING,
      metrics,
      brandIds: xBrandIds(config),
    },
    deps.clock,
  );
  return [source];
}
