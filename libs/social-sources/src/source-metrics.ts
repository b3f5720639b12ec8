import { type Clock, systemClock } from '@scb/core';
import { readBudget, type ReadBudget } from './read-budget';

/** What a source is doing right now, as GET /v1/sources shows it. */
export type SourceState =
  | { state: 'starting' }
  | { state: 'running'; lastPollAt: string }
  /** The stream, connected since then. */
  | { state: 'running'; connectedSince: string }
  | { state: 'reconnecting'; attempt: number; retryAt: string; reason: string }
  | { state: 'rate-limited'; until: string }
  /** A poller that used its monthly X read budget: no polling until the month ends. */
  | { state: 'budget-exhausted'; month: string; reads: number; budget: number }
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
  /** Posts read from the X API (billed per post), since start; per month in `readUsage`. */
  reads: number;
  /** X pollers: posts read in the current billing month (UTC) and the monthly budget, if any. */
  readUsage: { month: string; reads: number; budget: number | null } | null;
  /** Posts found below the checkpoint by the overlap window that had never been published. */
  lateFound: number;
  /**
   * Every event the source handled, by outcome and reason: `published` (handed to the matcher,
   * which stores it on a case or as ignored), `ignored` (not a post to act on: a like, a read
   * receipt), `refused` (answered 4xx: bad signature, not a delivery), `deadLettered` (one bad
   * event, with its reason, on the dead-letter topic), `duplicates` (already published).
   */
  outcomes: SourceOutcomes;
}

export interface SourceOutcomes {
  published: number;
  duplicates: number;
  ignored: Record<string, number>;
  refused: Record<string, number>;
  deadLettered: Record<string, number>;
}

export interface SourceReport {
  name: string;
  kind: SourceKind;
  status: SourceState;
  metrics: SourceMetricsSnapshot;
  /** X pollers: this month's reads against the budget, with its state; null for other sources. */
  readBudget: ReadBudget | null;
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
  private reads = 0;
  private late = 0;
  private usage: SourceMetricsSnapshot['readUsage'] = null;
  private readonly byReason = {
    ignored: new Map<string, number>(),
    refused: new Map<string, number>(),
    deadLettered: new Map<string, number>(),
  };

  constructor(
    readonly name: string,
    private readonly onError: SourceErrorListener = () => undefined,
    private readonly clock: Clock = systemClock,
  ) {}

  received(count: number): void {
    this.counts.received += count;
  }

  /** Kafka acknowledged `published` mentions; `newestCreatedAt` gives the lag. */
  published(published: number, duplicates: number, newestCreatedAt?: string): void {
    this.counts.published += published;
    this.counts.duplicates += duplicates;
    if (newestCreatedAt)
      this.lagMs = Math.max(0, this.clock.now().getTime() - Date.parse(newestCreatedAt));
    this.succeeded();
  }

  /** `count` items dead-lettered for `reason` (a short code: `contract`, `bad-created-time`...). */
  deadLettered(count: number, reason = 'invalid'): void {
    this.counts.deadLettered += count;
    bump(this.byReason.deadLettered, reason, count);
  }

  /** Valid events that are nothing to act on (a like, a read receipt), by reason. */
  ignored(count: number, reason: string): void {
    bump(this.byReason.ignored, reason, count);
  }

  /** A request answered with a refusal (4xx) for `reason`; counted as an error too. */
  refused(reason: string): void {
    bump(this.byReason.refused, reason, 1);
  }

  /** Posts the X API returned (and billed). */
  read(count: number): void {
    this.reads += count;
  }

  /** The month's read total as the usage store has it (kept across restarts). */
  monthReads(month: string, reads: number, budget: number | null): void {
    this.usage = { month, reads, budget };
  }

  /** Posts the overlap window found that had not been published: X indexed them late. */
  lateFound(count: number): void {
    this.late += count;
  }

  /** The source did its work (a poll cycle, a live connection), whether or not it found posts. */
  succeeded(): void {
    this.lastSuccessAt = new Date(this.clock.now().getTime()).toISOString();
  }

  failed(reason: string): void {
    this.counts.errors += 1;
    this.lastError = { at: new Date(this.clock.now().getTime()).toISOString(), reason };
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
      reads: this.reads,
      readUsage: this.usage,
      lateFound: this.late,
      outcomes: {
        published: this.counts.published,
        duplicates: this.counts.duplicates,
        ignored: Object.fromEntries(this.byReason.ignored),
        refused: Object.fromEntries(this.byReason.refused),
        deadLettered: Object.fromEntries(this.byReason.deadLettered),
      },
    };
  }
}

function bump(map: Map<string, number>, reason: string, count: number): void {
  if (count > 0) map.set(reason, (map.get(reason) ?? 0) + count);
}

/** Every source of the process, in registration order: the one place GET /v1/sources reads. */
export class SourceMetricsRegistry {
  private readonly sources = new Map<
    string,
    { kind: SourceKind; metrics: SourceMetrics; state: () => SourceState }
  >();

  constructor(
    private readonly onError: SourceErrorListener = () => undefined,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The metrics of `name`, created on first use (a replay run twice adds to the same counters). */
  register(name: string, kind: SourceKind, state: () => SourceState): SourceMetrics {
    const existing = this.sources.get(name);
    if (existing) return existing.metrics;
    const metrics = new SourceMetrics(name, this.onError, this.clock);
    this.sources.set(name, { kind, metrics, state });
    return metrics;
  }

  report(): SourceReport[] {
    return [...this.sources.entries()].map(([name, s]) => {
      const metrics = s.metrics.snapshot();
      return {
        name,
        kind: s.kind,
        status: s.state(),
        metrics,
        readBudget: metrics.readUsage ? readBudget(metrics.readUsage) : null,
      };
    });
  }
}
