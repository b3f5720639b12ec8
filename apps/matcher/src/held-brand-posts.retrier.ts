import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { BatchCaseMatcher, RuleSetProvider } from '@scb/matching';
import type { HeldBrandPostsStep } from './held-brand-posts.step';
import type { RecordMentionBatch } from './usecases/record-mention-batch/record-mention-batch.usecase';

/**
 * Retries the held brand posts every `everyMs` (the step decides which are due) with the rules
 * in use, so a held post is settled even when no new batch arrives. A failed round is logged and
 * retried on the next tick: the posts stay held.
 */
export class HeldBrandPostsRetrier implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(HeldBrandPostsRetrier.name);
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;

  constructor(
    private readonly step: HeldBrandPostsStep,
    private readonly matcher: BatchCaseMatcher,
    private readonly rules: RuleSetProvider,
    private readonly recordMentionBatch: Pick<RecordMentionBatch, 'retryHeld'>,
    private readonly everyMs: number,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.round ??= this.retry().finally(() => (this.round = null));
    }, this.everyMs);
    this.timer.unref();
  }

  private async retry(): Promise<void> {
    try {
      await this.step.retryDue(this.matcher.forBatch(this.rules.current()), (incoming, decider) =>
        this.recordMentionBatch.retryHeld(incoming, decider),
      );
    } catch (error) {
      this.logger.warn({
        message: 'held brand posts: retry failed; they stay held',
        error: (error as Error).message,
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.round;
  }
}
