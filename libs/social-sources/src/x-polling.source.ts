import { describeErrors, parseWith, SocialMentionSchema, type SocialMention } from '@scb/contracts';
import { backoffDelay, rateLimitDelay } from './backoff';
import type { MentionSink } from './mention.sink';
import { SourceMetrics, type SourceState } from './source-metrics';
import { compareTweetIds, xTweetToMention, type XTweet, type XUser } from './x-tweet.normalizer';
import { type Clock, systemClock } from '@scb/core';

export interface XPage {
  tweets: XTweet[];
  users: XUser[];
  nextToken: string | null;
}

/** One pollable X endpoint (mentions of an account, or a recent search). */
export interface XTimeline {
  fetchPage(request: { sinceId: string | null; pageToken: string | null }): Promise<XPage>;
}

/** Thrown by a timeline on HTTP 429: nothing may be asked before `resetAt`. */
export class XRateLimitedError extends Error {
  constructor(readonly resetAt: Date) {
    super(`rate limited until ${resetAt.toISOString()}`);
    this.name = 'XRateLimitedError';
  }
}

export interface CheckpointStore {
  load(source: string): Promise<string | null>;
  /** Must only ever move forward. */
  save(source: string, sinceId: string): Promise<void>;
}

export interface XPollingOptions {
  name: string;
  /** The brand account a mention is addressed to, when the endpoint says (mention timelines). */
  targetAccount: string | null;
  intervalMs: number;
  chunkSize: number;
  maxBackoffMs: number;
  /** Where errors, rate-limit waits and successful cycles are counted. */
  metrics?: SourceMetrics;
  /** The brand's own X user ids: their posts are outbound (the brand's replies), never customers. */
  brandIds?: ReadonlySet<string>;
  /**
   * How far below the checkpoint each cycle reads again (ms of snowflake time, 0 = none): X
   * indexes some posts late, so one newer than an already-read post may appear below `since_id`.
   * What is read again is dropped by the dedup window; what was not seen before is a gap found.
   */
  overlapMs?: number;
  /**
   * X bills reads per post with a monthly cap: when this many posts were read by this source in
   * the calendar month (UTC), polling stops (state `budget-exhausted`) until the next month.
   */
  monthlyReadBudget?: number | null;
  /** Where reads are counted per month; in memory when not given. */
  readUsage?: ReadUsageStore;
}

/** Posts read per source and calendar month (`YYYY-MM`, UTC), kept across restarts. */
export interface ReadUsageStore {
  /** Adds `reads` and returns the month's total; `budget` is kept for the dashboard. */
  add(source: string, month: string, reads: number, budget?: number | null): Promise<number>;
  get(source: string, month: string): Promise<number>;
}

/** A store for one process (tests, and when no database is wired). */
export class InMemoryReadUsage implements ReadUsageStore {
  private readonly counts = new Map<string, number>();
  async add(source: string, month: string, reads: number): Promise<number> {
    const total = (this.counts.get(`${source}|${month}`) ?? 0) + reads;
    this.counts.set(`${source}|${month}`, total);
    return total;
  }
  async get(source: string, month: string): Promise<number> {
    return this.counts.get(`${source}|${month}`) ?? 0;
  }
}

/** Twitter snowflake ids carry their creation time in ms since this epoch, shifted left 22 bits. */
const SNOWFLAKE_SHIFT = 22n;

/**
 * The `since_id` to ask for, `overlapMs` of snowflake time below the checkpoint (never below 1).
 * Format: https://developer.x.com/en/docs/twitter-ids
 */
export function overlappedSinceId(checkpoint: string, overlapMs: number): string {
  if (overlapMs <= 0) return checkpoint;
  const lowered = BigInt(checkpoint) - (BigInt(Math.floor(overlapMs)) << SNOWFLAKE_SHIFT);
  return (lowered > 0n ? lowered : 1n).toString();
}

/** `YYYY-MM` of an instant, in UTC: the X API's billing month. */
export function billingMonth(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/**
 * Polls one X endpoint with a `since_id` checkpoint. A cycle reads every page newer than the
 * checkpoint (X pages newest first), then publishes oldest first in chunks and moves the
 * checkpoint after each chunk is acknowledged: a crash at any point resumes right after the last
 * acknowledged tweet, so nothing is lost and nothing acknowledged is fetched again. On 429 it
 * sleeps until the reset X announced; other failures back off exponentially.
 */
export class XPollingSource {
  private status: SourceState = { state: 'starting' };
  private stopped = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private failures = 0;
  readonly metrics: SourceMetrics;
  private readonly usage: ReadUsageStore;

  constructor(
    private readonly timeline: XTimeline,
    private readonly checkpoints: CheckpointStore,
    private readonly sink: MentionSink,
    private readonly options: XPollingOptions,
    private readonly clock: Clock = systemClock,
  ) {
    this.metrics = options.metrics ?? new SourceMetrics(options.name, undefined, clock);
    this.usage = options.readUsage ?? new InMemoryReadUsage();
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
    this.wake?.();
    await this.loop;
    this.status = { state: 'stopped' };
  }

  /** Posts read this month and the budget, for GET /v1/sources. */
  async readUsage(): Promise<{ month: string; reads: number; budget: number | null }> {
    const month = billingMonth(this.clock.now().getTime());
    return {
      month,
      reads: await this.usage.get(this.options.name, month),
      budget: this.options.monthlyReadBudget ?? null,
    };
  }

  /** True (and the state says so) when this month's read budget is used up. */
  private async budgetExhausted(): Promise<boolean> {
    const budget = this.options.monthlyReadBudget;
    if (budget === null || budget === undefined) return false;
    const month = billingMonth(this.clock.now().getTime());
    const reads = await this.usage.get(this.options.name, month);
    this.metrics.monthReads(month, reads, budget);
    if (reads < budget) return false;
    this.status = { state: 'budget-exhausted', month, reads, budget };
    return true;
  }

  /** One cycle; returns how many mentions were published. */
  async pollOnce(): Promise<number> {
    const checkpoint = await this.checkpoints.load(this.options.name);
    const sinceId = checkpoint && overlappedSinceId(checkpoint, this.options.overlapMs ?? 0);
    const tweets = new Map<string, XTweet>();
    const users = new Map<string, XUser>();
    let pageToken: string | null = null;
    do {
      const page = await this.timeline.fetchPage({ sinceId, pageToken });
      // Every post returned is billed, whether or not it was new to us.
      const month = billingMonth(this.clock.now().getTime());
      const total = await this.usage.add(
        this.options.name,
        month,
        page.tweets.length,
        this.options.monthlyReadBudget ?? null,
      );
      this.metrics.read(page.tweets.length);
      this.metrics.monthReads(month, total, this.options.monthlyReadBudget ?? null);
      for (const t of page.tweets) tweets.set(t.id, t);
      for (const u of page.users) users.set(u.id, u);
      pageToken = page.nextToken;
    } while (pageToken && !this.stopped);
    if (this.stopped) return 0;
    const oldestFirst = [...tweets.values()].sort((a, b) => compareTweetIds(a.id, b.id));
    let published = 0;
    for (let i = 0; i < oldestFirst.length; i += this.options.chunkSize) {
      if (this.stopped) break;
      const chunk = oldestFirst.slice(i, i + this.options.chunkSize);
      published += await this.publishChunk(chunk, users, checkpoint);
      const last = chunk[chunk.length - 1].id;
      // Only forward: a chunk wholly inside the overlap must not move the checkpoint back.
      if (!checkpoint || compareTweetIds(last, checkpoint) > 0)
        await this.checkpoints.save(this.options.name, last);
    }
    return published;
  }

  private async publishChunk(
    chunk: XTweet[],
    users: Map<string, XUser>,
    checkpoint: string | null,
  ): Promise<number> {
    const valid: SocialMention[] = [];
    const rejected: Array<{ reason: string; payload: string; code: string }> = [];
    for (const tweet of chunk) {
      const input = xTweetToMention(
        tweet,
        users,
        this.options.name,
        this.options.targetAccount,
        this.options.brandIds,
      );
      const parsed = parseWith(SocialMentionSchema, input);
      if (parsed.ok) valid.push(parsed.value);
      else
        rejected.push({
          reason: `${this.options.name} tweet ${tweet.id}: ${describeErrors(parsed.errors)}`,
          payload: JSON.stringify(tweet),
          code: 'contract',
        });
    }
    // Posts at or below the checkpoint were read again by the overlap: published separately, so
    // the ones the dedup window had never seen are counted as gaps found (posts X indexed late).
    const late = checkpoint
      ? valid.filter((m) => compareTweetIds(m.revisionId ?? m.externalId, checkpoint) <= 0)
      : [];
    const onTime = late.length === 0 ? valid : valid.filter((m) => !late.includes(m));
    if (late.length > 0) {
      const { duplicates } = await this.sink.publish(late);
      this.metrics.lateFound(late.length - duplicates);
    }
    await this.sink.publish(onTime);
    if (rejected.length > 0) await this.sink.reject(rejected);
    return valid.length;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let waitMs = this.options.intervalMs;
      try {
        if (await this.budgetExhausted()) {
          await this.sleep(waitMs);
          continue;
        }
        await this.pollOnce();
        this.failures = 0;
        this.metrics.succeeded();
        this.status = {
          state: 'running',
          lastPollAt: new Date(this.clock.now().getTime()).toISOString(),
        };
      } catch (error) {
        if (error instanceof XRateLimitedError) {
          this.metrics.rateLimited();
          // Never earlier than X said; a second of slack for clock skew between us and X.
          waitMs = rateLimitDelay(error.resetAt, this.clock.now().getTime());
          this.status = { state: 'rate-limited', until: error.resetAt.toISOString() };
        } else {
          const reason = error instanceof Error ? error.message : String(error);
          this.metrics.failed(reason);
          this.failures += 1;
          // Never sooner than twice the interval after the first failure, doubling after each
          // further one: the jitter only lengthens waits (nominal 2^(n+1) intervals, drawn from
          // its upper half), so a failing X or Kafka is never polled in a tight loop.
          waitMs = backoffDelay(this.failures + 2, {
            initialMs: this.options.intervalMs,
            maxMs: this.options.maxBackoffMs,
          });
          this.status = {
            state: 'failing',
            reason,
            retryAt: new Date(this.clock.now().getTime() + waitMs).toISOString(),
          };
        }
      }
      await this.sleep(waitMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
