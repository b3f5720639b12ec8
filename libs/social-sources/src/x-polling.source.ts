import { describeErrors, parseWith, SocialMentionSchema, type SocialMention } from '@scb/contracts';
import { backoffDelay, rateLimitDelay } from './backoff';
import type { MentionSink } from './mention.sink';
import { SourceMetrics, type SourceState } from './source-metrics';
import { compareTweetIds, xTweetToMention, type XTweet, type XUser } from './x-tweet.normalizer';

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

  constructor(
    private readonly timeline: XTimeline,
    private readonly checkpoints: CheckpointStore,
    private readonly sink: MentionSink,
    private readonly options: XPollingOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.metrics = options.metrics ?? new SourceMetrics(options.name);
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

  /** One cycle; returns how many mentions were published. */
  async pollOnce(): Promise<number> {
    const sinceId = await this.checkpoints.load(this.options.name);
    const tweets = new Map<string, XTweet>();
    const users = new Map<string, XUser>();
    let pageToken: string | null = null;
    do {
      const page = await this.timeline.fetchPage({ sinceId, pageToken });
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
      published += await this.publishChunk(chunk, users);
      await this.checkpoints.save(this.options.name, chunk[chunk.length - 1].id);
    }
    return published;
  }

  private async publishChunk(chunk: XTweet[], users: Map<string, XUser>): Promise<number> {
    const valid: SocialMention[] = [];
    const rejected: Array<{ reason: string; payload: string }> = [];
    for (const tweet of chunk) {
      const input = xTweetToMention(tweet, users, this.options.name, this.options.targetAccount);
      const parsed = parseWith(SocialMentionSchema, input);
      if (parsed.ok) valid.push(parsed.value);
      else
        rejected.push({
          reason: `${this.options.name} tweet ${tweet.id}: ${describeErrors(parsed.errors)}`,
          payload: JSON.stringify(tweet),
        });
    }
    await this.sink.publish(valid);
    if (rejected.length > 0) await this.sink.reject(rejected);
    return valid.length;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let waitMs = this.options.intervalMs;
      try {
        await this.pollOnce();
        this.failures = 0;
        this.metrics.succeeded();
        this.status = { state: 'running', lastPollAt: new Date(this.now()).toISOString() };
      } catch (error) {
        if (error instanceof XRateLimitedError) {
          this.metrics.rateLimited();
          // Never earlier than X said; a second of slack for clock skew between us and X.
          waitMs = rateLimitDelay(error.resetAt, this.now());
          this.status = { state: 'rate-limited', until: error.resetAt.toISOString() };
        } else {
          const reason = error instanceof Error ? error.message : String(error);
          this.metrics.failed(reason);
          this.failures += 1;
          // The first retry waits twice the interval, as before: a failing X is not asked sooner.
          waitMs = backoffDelay(this.failures + 1, {
            initialMs: this.options.intervalMs,
            maxMs: this.options.maxBackoffMs,
          });
          this.status = {
            state: 'failing',
            reason,
            retryAt: new Date(this.now() + waitMs).toISOString(),
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
