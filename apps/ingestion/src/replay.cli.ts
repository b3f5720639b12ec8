import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@scb/config';
import { createAppLogger } from '@scb/observability';
import { ensureProjectTopics, runMain } from '@scb/platform';
import { IngestionConfigSchema } from './ingestion.config';
import { IngestionModule } from './ingestion.module';
import { MentionReplaySource } from './mention-replay.source';

const USAGE = 'usage: replay <file.jsonl> [--limit N] [--dry-run]';

/** `npm run replay -- file.jsonl`: publishes a JSONL file of mentions onto Kafka. */
runMain(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { limit: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  const [file] = positionals;
  if (!file) throw new Error(USAGE);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
    throw new Error(`--limit must be a whole number\n${USAGE}`);

  const config = loadConfig(IngestionConfigSchema);
  await ensureProjectTopics(config);
  const app = await NestFactory.createApplicationContext(IngestionModule.register(config), {
    logger: createAppLogger('replay', config.LOG_LEVEL, config.LOG_FORMAT),
  });
  try {
    const report = await app
      .get(MentionReplaySource)
      .replayFile(file, { limit, dryRun: values['dry-run'] });
    console.log(JSON.stringify({ context: 'replay', file, dryRun: values['dry-run'], ...report }));
  } finally {
    await app.close();
  }
});
