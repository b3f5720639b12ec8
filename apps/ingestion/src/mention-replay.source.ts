import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  describeErrors,
  parseJsonWith,
  SocialMentionSchema,
  type SocialMention,
} from '@scb/contracts';
import type { DeadLetterPublisher, Rejected } from '@scb/messaging';
import type { MentionPublisher } from './mention.publisher';

export interface ReplayOptions {
  limit?: number;
  dryRun?: boolean;
}

export interface ReplayReport {
  read: number;
  published: number;
  rejected: number;
}

/**
 * Replays a JSONL file of `SocialMention`s (backfill, demos, benchmarks). Lines that break the
 * contract go to the dead-letter topic with their line number; the rest are published in chunks,
 * each awaited, so a failure stops the replay instead of skipping ahead.
 */
export class MentionReplaySource {
  constructor(
    private readonly mentions: MentionPublisher,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly chunkSize: number,
  ) {}

  async replayFile(path: string, options: ReplayOptions = {}): Promise<ReplayReport> {
    const report: ReplayReport = { read: 0, published: 0, rejected: 0 };
    let valid: SocialMention[] = [];
    let rejected: Rejected[] = [];
    const flush = async () => {
      if (!options.dryRun) {
        await this.mentions.publish(valid);
        if (rejected.length > 0) await this.deadLetters.publish(rejected);
      }
      report.published += valid.length;
      report.rejected += rejected.length;
      valid = [];
      rejected = [];
    };
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      if (options.limit !== undefined && report.read >= options.limit) break;
      report.read += 1;
      const parsed = parseJsonWith(SocialMentionSchema, line);
      if (parsed.ok) valid.push(parsed.value);
      else
        rejected.push({
          reason: `line ${lineNumber}: ${describeErrors(parsed.errors)}`,
          key: null,
          payload: line,
          partition: null,
          offset: null,
        });
      if (valid.length + rejected.length >= this.chunkSize) await flush();
    }
    await flush();
    return report;
  }
}
