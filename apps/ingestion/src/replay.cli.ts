import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@scb/config';
import { countLines, createAppLogger, createCliProgress } from '@scb/observability';
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
  // Only a person watching a terminal gets the bar (on stderr); logs and pipes get the final JSON
  // only. Its total is the file's line count: exact for JSONL, for CSV a little above the record
  // count when tweets hold line breaks (the bar then ends a little short of 100%).
  const bar = process.stderr.isTTY
    ? createCliProgress('replay', await countLines(args.file), 'lines')
    : null;
  const progress = bar
    ? (r: ReplayReport) =>
        bar.update(r.read, `published ${r.published} rejected ${r.rejected} outbound ${r.outbound}`)
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
    console.log(
      JSON.stringify({ context: 'replay', file: args.file, dryRun: args.dryRun, ...report }),
    );
  } finally {
    bar?.stop();
    await app.close();
  }
});
