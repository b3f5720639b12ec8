import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@scb/config';
import { createAppLogger } from '@scb/observability';
import { ensureProjectTopics, runMain } from '@scb/platform';
import { IngestionConfigSchema } from './ingestion.config';
import { IngestionModule } from './ingestion.module';
import { MentionReplaySource, type ReplayReport } from './mention-replay.source';
import { parseReplayArgs } from './replay-args';

/**
 * `npm run replay -- file.jsonl|file.csv`: publishes a JSONL file of mentions, or a CSV in the
 * "Customer Support on Twitter" layout, onto Kafka.
 */
runMain(async () => {
  const args = parseReplayArgs(process.argv.slice(2));
  const config = loadConfig(IngestionConfigSchema);
  await ensureProjectTopics(config);
  const app = await NestFactory.createApplicationContext(
    IngestionModule.register(config, { polling: false }),
    {
      logger: createAppLogger('replay', config.LOG_LEVEL, config.LOG_FORMAT),
    },
  );
  const started = Date.now();
  // Only a person watching a terminal wants the line; logs and pipes get the final JSON only.
  const progress = process.stdout.isTTY
    ? (r: ReplayReport) => {
        const seconds = (Date.now() - started) / 1000;
        process.stdout.write(
          `\rread ${r.read}  published ${r.published}  rejected ${r.rejected}  ` +
            `outbound ${r.outbound}  ${Math.round(r.read / Math.max(seconds, 0.001))}/s   `,
        );
      }
    : undefined;
  try {
    const report = await app.get(MentionReplaySource).replayFile(args.file, {
      format: args.format,
      limit: args.limit,
      rate: args.rate,
      dryRun: args.dryRun,
      includeOutbound: args.includeOutbound,
      onProgress: progress,
    });
    if (progress) process.stdout.write('\n');
    console.log(
      JSON.stringify({ context: 'replay', file: args.file, dryRun: args.dryRun, ...report }),
    );
  } finally {
    await app.close();
  }
});
