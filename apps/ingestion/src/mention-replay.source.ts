import { type Clock, systemClock } from '@scb/core';
import type { DeadLetterPublisher, Rejected } from '@scb/messaging';
import { RatePacer, type SourceMetrics, type SourceState } from '@scb/social-sources';
import type { MentionPublisher } from './mention.publisher';
import { prepareItems, type PreparedItem, type PreparedMention } from './prepared-mention';
import { ReplayFileReader, type ReplayFormat, type ReplayItem } from './replay-file.reader';
import { ReplayWorkerReader } from './replay-worker.reader';

export interface ReplayOptions {
  limit?: number;
  dryRun?: boolean;
  /** Mentions per second, for load generation; unpaced when absent. */
  rate?: number;
  /** Publish the brand's own replies (direction `outbound`) too; by default they are counted only. */
  includeOutbound?: boolean;
  /** Called after every published chunk (the CLI's progress line). */
  onProgress?: (report: ReplayReport) => void;
}

export interface ReplayReport {
  read: number;
  published: number;
  rejected: number;
  /** Brand replies seen; published only with `includeOutbound`. */
  outbound: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Replays a file of mentions (backfill, demos, benchmarks). Records that break the contract go to
 * the dead-letter topic with their line number; the rest are published in chunks, each awaited
 * before the next is sent, so a failure stops the replay instead of skipping ahead.
 */
export class MentionReplaySource {
  private running = 0;
  private since: string | null = null;

  constructor(
    private readonly mentions: MentionPublisher,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly chunkSize: number,
    /** Counters when the replay runs inside the service (GET /v1/sources). */
    private readonly metrics: SourceMetrics | null = null,
    private readonly clock: Clock = systemClock,
  ) {}

  state(): SourceState {
    return this.running > 0 && this.since
      ? { state: 'replaying', since: this.since }
      : { state: 'idle' };
  }

  async replayFile(
    path: string,
    options: ReplayOptions & { format?: ReplayFormat } = {},
  ): Promise<ReplayReport> {
    const format = options.format ?? ReplayFileReader.formatOf(path);
    const worker = ReplayWorkerReader.script();
    return this.run(
      worker
        ? ReplayWorkerReader.read(worker, path, format)
        : prepareItems(ReplayFileReader.read(path, format)),
      options,
    );
  }

  /** Mentions from any source (tests, evaluations), prepared on this thread. */
  async replay(
    items: AsyncIterable<ReplayItem>,
    options: ReplayOptions = {},
  ): Promise<ReplayReport> {
    return this.run(prepareItems(items), options);
  }

  private async run(
    items: AsyncIterable<PreparedItem>,
    options: ReplayOptions,
  ): Promise<ReplayReport> {
    if (this.running++ === 0) this.since = this.clock.now().toISOString();
    try {
      return await this.replayItems(items, options);
    } catch (error) {
      this.metrics?.failed(
        `replay failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw error;
    } finally {
      this.running -= 1;
    }
  }

  private async replayItems(
    items: AsyncIterable<PreparedItem>,
    options: ReplayOptions,
  ): Promise<ReplayReport> {
    const report: ReplayReport = { read: 0, published: 0, rejected: 0, outbound: 0 };
    const pacer = options.rate ? new RatePacer(options.rate) : null;
    // A paced replay sends small chunks, about ten a second, so the rate is smooth.
    const chunkSize = options.rate
      ? Math.max(1, Math.min(this.chunkSize, Math.ceil(options.rate / 10)))
      : this.chunkSize;
    let valid: PreparedMention[] = [];
    let rejected: Rejected[] = [];
    const send = async (chunk: PreparedMention[], refused: Rejected[]) => {
      if (!options.dryRun) {
        this.metrics?.received(chunk.length + refused.length);
        const { published, duplicates } = await this.mentions.publishPrepared(chunk);
        this.metrics?.published(published, duplicates, chunk.at(-1)?.createdAt);
        if (refused.length > 0) await this.deadLetters.publish(refused);
        this.metrics?.deadLettered(refused.length);
      }
      report.published += chunk.length;
      report.rejected += refused.length;
      options.onProgress?.({ ...report });
    };
    // One chunk in flight while the next is read and validated: order and backpressure are kept
    // (a chunk starts only after the previous one is acknowledged), and parsing overlaps the wait.
    let inFlight: Promise<void> = Promise.resolve();
    const flush = async () => {
      const chunk = valid;
      const refused = rejected;
      valid = [];
      rejected = [];
      await inFlight;
      if (pacer) await sleep(pacer.delayBefore(chunk.length, this.clock.now().getTime()));
      inFlight = send(chunk, refused);
      // Handled here so a failure waits for the next `await inFlight` instead of crashing.
      inFlight.catch(() => undefined);
    };
    for await (const item of items) {
      if (options.limit !== undefined && report.read >= options.limit) break;
      report.read += 1;
      if ('rejected' in item) rejected.push(item.rejected);
      else if (item.prepared.outbound) {
        report.outbound += 1;
        if (options.includeOutbound) valid.push(item.prepared);
      } else valid.push(item.prepared);
      if (valid.length + rejected.length >= chunkSize) await flush();
    }
    await flush();
    await inFlight;
    return report;
  }
}
