import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds; spans 5 ms (a cached read) to 60 s (a mention waiting behind a slow batch). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Records per consumed batch, up to the largest MATCHER_BATCH_SIZE we run with. */
const BATCH_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

/**
 * The Prometheus metrics of one service, on a registry of its own (several services share one
 * process in tests) with the `service` default label. Names and labels are the contract with the
 * Grafana dashboard and alerts (deploy/k8s, docs/operations.md): change them only together.
 * Metric objects are created on first use, so a service exposes only what it measures.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly made = new Map<string, unknown>();
  private readonly refreshers: Array<() => Promise<void>> = [];
  private server: Server | null = null;

  constructor(service = 'unknown') {
    this.setService(service);
    // process_* and nodejs_* (event-loop lag included), per registry so no global state is shared.
    collectDefaultMetrics({ register: this.registry });
  }

  /** The `service` label on every series (api, ingestion, matcher, router). */
  setService(service: string): void {
    this.registry.setDefaultLabels({ service });
  }

  /** The separate metrics server (the api's), closed with the app. */
  attachServer(server: Server): void {
    this.server = server;
  }

  /** `http://127.0.0.1:<port>` of the separate metrics server, null when /metrics is on the app. */
  separateUrl(): string | null {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address ? `http://127.0.0.1:${address.port}` : null;
  }

  /** Nest calls this on app.close(): the separate server stops with the app. */
  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Runs `refresh` before every scrape, for gauges read from a store (outbox backlog, queue
   * depth). A failing refresh leaves the previous values and does not fail the scrape.
   */
  beforeScrape(refresh: () => Promise<void>): void {
    this.refreshers.push(refresh);
  }

  /** The exposition text and its content type, for `GET /metrics`. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    await Promise.allSettled(this.refreshers.map((refresh) => refresh()));
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** `http_request_duration_seconds{method, route, status_code}`; route is the path template. */
  get httpDuration(): Histogram<'method' | 'route' | 'status_code'> {
    return this.once('http', () => ({
      kind: Histogram,
      config: {
        name: 'http_request_duration_seconds',
        help: 'HTTP requests by route template, method and status code: duration in seconds.',
        labelNames: ['method', 'route', 'status_code'] as const,
        buckets: LATENCY_BUCKETS,
      },
    }));
  }

  get kafkaConsumerLag(): Gauge<'group' | 'topic' | 'partition'> {
    return this.once('lag', () => ({
      kind: Gauge,
      config: {
        name: 'scb_kafka_consumer_lag',
        help: 'Records behind the partition high watermark after the last consumed batch.',
        labelNames: ['group', 'topic', 'partition'] as const,
      },
    }));
  }

  get kafkaBatchMessages(): Histogram<'group' | 'topic'> {
    return this.once('batchMessages', () => ({
      kind: Histogram,
      config: {
        name: 'scb_kafka_batch_messages',
        help: 'Records per batch handed to the consumer handler.',
        labelNames: ['group', 'topic'] as const,
        buckets: BATCH_BUCKETS,
      },
    }));
  }

  get kafkaBatchDuration(): Histogram<'group' | 'topic'> {
    return this.once('batchDuration', () => ({
      kind: Histogram,
      config: {
        name: 'scb_kafka_batch_duration_seconds',
        help: 'Seconds to handle one batch and commit its offsets.',
        labelNames: ['group', 'topic'] as const,
        buckets: LATENCY_BUCKETS,
      },
    }));
  }

  /** outcome: published | ignored | refused | dead_lettered. */
  get ingestionMentions(): Counter<'source' | 'outcome' | 'reason'> {
    return this.once('ingestion', () => ({
      kind: Counter,
      config: {
        name: 'scb_ingestion_mentions_total',
        help: 'Mentions per source by outcome (published, ignored, refused, dead_lettered) and reason.',
        labelNames: ['source', 'outcome', 'reason'] as const,
      },
    }));
  }

  /** outcome: joined | new_case | ignored | outbound | dead_lettered. */
  get matcherDecisions(): Counter<'rule' | 'outcome'> {
    return this.once('matcher', () => ({
      kind: Counter,
      config: {
        name: 'scb_matcher_decisions_total',
        help: 'Matcher decisions by the rule that decided and the outcome.',
        labelNames: ['rule', 'outcome'] as const,
      },
    }));
  }

  get outboxBacklog(): Gauge {
    return this.once('outboxBacklog', () => ({
      kind: Gauge,
      config: { name: 'scb_outbox_backlog', help: 'Outbox rows not yet published to Kafka.' },
    }));
  }

  get outboxRelayLatency(): Histogram {
    return this.once('outboxLatency', () => ({
      kind: Histogram,
      config: {
        name: 'scb_outbox_relay_latency_seconds',
        help: 'Seconds from an outbox row being written to Kafka acknowledging it.',
        buckets: LATENCY_BUCKETS,
      },
    }));
  }

  get routerDecisions(): Counter<'queue' | 'outcome'> {
    return this.once('router', () => ({
      kind: Counter,
      config: {
        name: 'scb_router_decisions_total',
        help: 'Case events routed, by queue and outcome (queued, updated, held, dead_lettered).',
        labelNames: ['queue', 'outcome'] as const,
      },
    }));
  }

  get queueDepth(): Gauge<'queue' | 'channel'> {
    return this.once('queueDepth', () => ({
      kind: Gauge,
      config: {
        name: 'scb_queue_depth',
        help: 'Work items waiting in a queue, per channel (phone, social).',
        labelNames: ['queue', 'channel'] as const,
      },
    }));
  }

  get queueOldestAge(): Gauge<'queue' | 'channel'> {
    return this.once('queueOldest', () => ({
      kind: Gauge,
      config: {
        name: 'scb_queue_oldest_age_seconds',
        help: 'Age in seconds of the oldest waiting work item, per queue and channel.',
        labelNames: ['queue', 'channel'] as const,
      },
    }));
  }

  /** stage: at_risk | breached | escalated; clock: first_response | resolution. */
  get slaEvents(): Counter<'stage' | 'clock'> {
    return this.once('sla', () => ({
      kind: Counter,
      config: {
        name: 'scb_sla_events_total',
        help: 'SLA stages reached, by stage and clock.',
        labelNames: ['stage', 'clock'] as const,
      },
    }));
  }

  get mentionToQueue(): Histogram {
    return this.once('mentionToQueue', () => ({
      kind: Histogram,
      config: {
        name: 'scb_mention_to_queue_seconds',
        help: 'Seconds from a mention being published to Kafka to its work item being queued.',
        buckets: LATENCY_BUCKETS,
      },
    }));
  }

  /** table: outbox | processed_events. Rows the retention job deleted past their bound. */
  get retentionPrunedRows(): Counter<'table'> {
    return this.once('retentionPruned', () => ({
      kind: Counter,
      config: {
        name: 'scb_retention_pruned_rows_total',
        help: 'Rows deleted by the retention job past their retention bound, by table.',
        labelNames: ['table'] as const,
      },
    }));
  }

  private once<M>(key: string, make: () => { kind: new (config: never) => M; config: object }): M {
    const existing = this.made.get(key);
    if (existing) return existing as M;
    const { kind, config } = make();
    const metric = new kind({ ...config, registers: [this.registry] } as never);
    this.made.set(key, metric);
    return metric;
  }
}
