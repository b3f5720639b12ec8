import { describeErrors, parseWith, SocialMentionSchema, type SocialMention } from '@scb/contracts';
import { backoffDelay, rateLimitDelay, type BackoffPolicy } from './backoff';
import type { MentionSink } from './mention.sink';
import { SourceMetrics, type SourceState } from './source-metrics';
import { XRateLimitedError } from './x-polling.source';
import {
  diffStreamRules,
  targetAccountOf,
  type XStreamRule,
  type XStreamRuleDiff,
  type XStreamRuleSpec,
} from './x-stream-rules';
import { xTweetToMention, type XTweet, type XUser } from './x-tweet.normalizer';
import { type Clock, systemClock } from '@scb/core';

/** One post from the filtered stream, with its expansions and the rules it matched. */
export interface XStreamPost {
  tweet: XTweet;
  users: XUser[];
  matchingRules: Array<{ id: string; tag?: string }>;
}

export interface XStreamHandlers {
  onPost(post: XStreamPost): void;
  /** A keep-alive newline: the connection is alive with nothing to say. */
  onHeartbeat(): void;
  /** A line that is not a post (unreadable JSON, an error payload). */
  onMalformed(payload: string, reason: string): void;
}

export interface XStreamConnection {
  /** Settles when the connection ends (dropped, stalled, or closed by us), with the reason. */
  readonly closed: Promise<string>;
  close(): void;
}

/** The filtered stream endpoints; `connect` throws `XRateLimitedError` on 429. */
export interface XFilteredStream {
  rules(): Promise<XStreamRule[]>;
  addRules(rules: XStreamRuleSpec[]): Promise<void>;
  deleteRules(ids: string[]): Promise<void>;
  connect(handlers: XStreamHandlers): Promise<XStreamConnection>;
}

export interface XStreamOptions {
  name: string;
  rules: XStreamRuleSpec[];
  /** Reconnects and publish retries: initial wait, doubling, capped. */
  backoff: BackoffPolicy;
  chunkSize: number;
  /** Posts waiting for Kafka beyond this close the stream until they drain (polling recovers). */
  maxPending: number;
  metrics?: SourceMetrics;
  /** The brand's own X user ids: their posts are outbound, never customers. */
  brandIds?: ReadonlySet<string>;
}

/**
 * The X filtered stream: keeps X's rules equal to configuration, stays connected (reconnecting
 * with exponential backoff when the connection drops, waiting for the announced reset on 429),
 * and publishes each post through the same sink as polling, so a post seen by both is published
 * once. The stream has no checkpoint: what is missed while disconnected or while Kafka is down is
 * recovered by the polling sources, and posts not yet published are retried in order meanwhile.
 */
export class XStreamSource {
  readonly metrics: SourceMetrics;
  private status: SourceState = { state: 'starting' };
  private stopped = false;
  private rulesInSync = false;
  private connection: XStreamConnection | null = null;
  private loop: Promise<void> | null = null;
  private readonly pending: XStreamPost[] = [];
  private draining: Promise<void> | null = null;
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly stream: XFilteredStream,
    private readonly sink: MentionSink,
    private readonly options: XStreamOptions,
    private readonly clock: Clock = systemClock,
  ) {
    this.metrics = options.metrics ?? new SourceMetrics(options.name, undefined, clock);
  }

  get name(): string {
    return this.options.name;
  }

  state(): SourceState {
    return this.status;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connection?.close();
    for (const wake of [...this.sleepers]) wake();
    await this.loop;
    await this.draining;
    this.status = { state: 'stopped' };
  }

  /** Makes X hold exactly the configured rules; returns what it changed. */
  async syncRules(): Promise<XStreamRuleDiff> {
    const diff = diffStreamRules(await this.stream.rules(), this.options.rules);
    // Deletions first: X refuses a rule whose value it already holds under another tag.
    if (diff.delete.length > 0) await this.stream.deleteRules(diff.delete);
    if (diff.add.length > 0) await this.stream.addRules(diff.add);
    return diff;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      let waitMs: number;
      try {
        if (!this.rulesInSync) {
          await this.syncRules();
          this.rulesInSync = true;
        }
        await this.waitForRoom();
        if (this.stopped) break;
        this.connection = await this.stream.connect({
          onPost: (post) => this.enqueue(post),
          onHeartbeat: () => this.metrics.succeeded(),
          onMalformed: (payload, reason) => this.enqueueRejected(payload, reason),
        });
        // Stopped while connecting: close at once, or the wait below would never end.
        if (this.stopped) this.connection.close();
        if (attempt > 0) this.metrics.reconnected();
        attempt = 0;
        this.metrics.succeeded();
        this.status = {
          state: 'running',
          connectedSince: new Date(this.clock.now().getTime()).toISOString(),
        };
        const reason = await this.connection.closed;
        this.connection = null;
        if (this.stopped) break;
        attempt += 1;
        this.metrics.failed(`stream disconnected: ${reason}`);
        waitMs = backoffDelay(attempt, this.options.backoff);
        this.status = { state: 'reconnecting', attempt, retryAt: this.at(waitMs), reason };
      } catch (error) {
        this.connection = null;
        attempt += 1;
        if (error instanceof XRateLimitedError) {
          this.metrics.rateLimited();
          waitMs = rateLimitDelay(error.resetAt, this.clock.now().getTime());
          this.status = { state: 'rate-limited', until: error.resetAt.toISOString() };
        } else {
          const reason = error instanceof Error ? error.message : String(error);
          this.metrics.failed(reason);
          waitMs = backoffDelay(attempt, this.options.backoff);
          this.status = { state: 'failing', reason, retryAt: this.at(waitMs) };
        }
      }
      await this.sleep(waitMs);
    }
  }

  private enqueue(post: XStreamPost): void {
    this.pending.push(post);
    // Kafka is not keeping up: stop reading rather than hold posts without bound.
    if (this.pending.length >= this.options.maxPending) this.connection?.close();
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  private enqueueRejected(payload: string, reason: string): void {
    this.sink
      .reject([{ reason: `${this.options.name}: ${reason}`, payload, code: 'malformed' }])
      .catch((error: unknown) => this.metrics.failed(`dead-letter failed: ${String(error)}`));
  }

  /** Publishes pending posts in arrival order; a failed chunk is retried with backoff. */
  private async drain(): Promise<void> {
    let failures = 0;
    while (this.pending.length > 0) {
      const chunk = this.pending.slice(0, this.options.chunkSize);
      try {
        await this.publish(chunk);
        this.pending.splice(0, chunk.length);
        failures = 0;
      } catch (error) {
        this.metrics.failed(
          `publish failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        // Stopping with Kafka down: polling will bring these posts back on the next start.
        if (this.stopped) return;
        failures += 1;
        await this.sleep(backoffDelay(failures, this.options.backoff));
      }
    }
  }

  private async publish(posts: XStreamPost[]): Promise<void> {
    const valid: SocialMention[] = [];
    const rejected: Array<{ reason: string; payload: string }> = [];
    for (const post of posts) {
      const users = new Map(post.users.map((u) => [u.id, u]));
      const target = targetAccountOf(post.matchingRules);
      const input = xTweetToMention(
        post.tweet,
        users,
        this.options.name,
        target,
        this.options.brandIds,
      );
      const parsed = parseWith(SocialMentionSchema, input);
      if (parsed.ok) valid.push(parsed.value);
      else
        rejected.push({
          reason: `${this.options.name} tweet ${post.tweet.id}: ${describeErrors(parsed.errors)}`,
          payload: JSON.stringify(post.tweet),
        });
    }
    await this.sink.publish(valid);
    if (rejected.length > 0) await this.sink.reject(rejected);
  }

  private async waitForRoom(): Promise<void> {
    while (!this.stopped && this.pending.length >= this.options.maxPending) await this.sleep(100);
  }

  private at(waitMs: number): string {
    return new Date(this.clock.now().getTime() + waitMs).toISOString();
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped && ms > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}
