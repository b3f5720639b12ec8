/** What a source is doing right now, as GET /v1/sources shows it. */
export type SourceState =
  | { state: 'starting' }
  | { state: 'running'; lastPollAt: string }
  /** The stream, connected since then. */
  | { state: 'running'; connectedSince: string }
  | { state: 'reconnecting'; attempt: number; retryAt: string; reason: string }
  | { state: 'rate-limited'; until: string }
  | { state: 'failing'; reason: string; retryAt: string }
  /** A push source (webhook) that waits for requests. */
  | { state: 'listening' }
  | { state: 'disabled'; reason: string }
  /** A replay run inside the service. */
  | { state: 'replaying'; since: string }
  | { state: 'idle' }
  | { state: 'stopped' };

export type SourceKind = 'x-polling' | 'x-stream' | 'meta-webhook' | 'generic-webhook' | 'replay';

export interface SourceMetricsSnapshot {
  /** Items handed over by the source (a retried publish counts again). */
  received: number;
  /** Mentions Kafka acknowledged. */
  published: number;
  /** Mentions dropped as already published within the dedup window. */
  duplicates: number;
  /** Items refused (contract, malformed) and sent to the dead-letter topic. */
  deadLettered: number;
  /** Failed attempts (X errors, Kafka unavailable, dropped connections). */
  errors: number;
  rateLimitWaits: number;
  reconnects: number;
  lastSuccessAt: string | null;
  lastError: { at: string; reason: string } | null;
  /** Milliseconds from the newest published post's creation to its publication. */
  lagMs: number | null;
}

export interface SourceReport {
  name: string;
  kind: SourceKind;
  status: SourceState;
  metrics: SourceMetricsSnapshot;
}

/** Told about every error as it happens, so the app can log it with the source's name. */
export type SourceErrorListener = (source: string, reason: string) => void;

/**
 * The counters of one source. Sources record what happened; nothing here does I/O, so every
 * source (pollers, the stream, webhooks, replay) reports the same fields in the same way.
 */
export class SourceMetrics {
  private readonly counts = {
    received: 0,
    published: 0,
    duplicates: 0,
    deadLettered: 0,
    errors: 0,
    rateLimitWaits: 0,
    reconnects: 0,
  };
  private lastSuccessAt: string | null = null;
  private lastError: { at: string; reason: string } | null = null;
  private lagMs: number | null = null;

  constructor(
    readonly name: string,
    private readonly onError: SourceErrorListener = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  received(count: number): void {
    this.counts.received += count;
  }

  /** Kafka acknowledged `published` mentions; `newestCreatedAt` gives the lag. */
  published(published: number, duplicates: number, newestCreatedAt?: string): void {
    this.counts.published += published;
    this.counts.duplicates += duplicates;
    if (newestCreatedAt) this.lagMs = Math.max(0, this.now() - Date.parse(newestCreatedAt));
    this.succeeded();
  }

  deadLettered(count: number): void {
    this.counts.deadLettered += count;
  }

  /** The source did its work (a poll cycle, a live connection), whether or not it found posts. */
  succeeded(): void {
    this.lastSuccessAt = new Date(this.now()).toISOString();
  }

  failed(reason: string): void {
    this.counts.errors += 1;
    this.lastError = { at: new Date(this.now()).toISOString(), reason };
    this.onError(this.name, reason);
  }

  rateLimited(): void {
    this.counts.rateLimitWaits += 1;
  }

  reconnected(): void {
    this.counts.reconnects += 1;
  }

  snapshot(): SourceMetricsSnapshot {
    return {
      ...this.counts,
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
      lagMs: this.lagMs,
    };
  }
}

/** Every source of the process, in registration order: the one place GET /v1/sources reads. */
export class SourceMetricsRegistry {
  private readonly sources = new Map<
    string,
    { kind: SourceKind; metrics: SourceMetrics; state: () => SourceState }
  >();

  constructor(
    private readonly onError: SourceErrorListener = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** The metrics of `name`, created on first use (a replay run twice adds to the same counters). */
  register(name: string, kind: SourceKind, state: () => SourceState): SourceMetrics {
    const existing = this.sources.get(name);
    if (existing) return existing.metrics;
    const metrics = new SourceMetrics(name, this.onError, this.now);
    this.sources.set(name, { kind, metrics, state });
    return metrics;
  }

  report(): SourceReport[] {
    return [...this.sources.entries()].map(([name, s]) => ({
      name,
      kind: s.kind,
      status: s.state(),
      metrics: s.metrics.snapshot(),
    }));
  }
}
