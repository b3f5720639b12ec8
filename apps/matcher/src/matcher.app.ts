import type { INestApplication } from '@nestjs/common';
import { Topics } from '@scb/contracts';
import { ensureProjectTopics, kafkaConsumerTransport, startService } from '@scb/platform';
import type { MatcherConfig } from './matcher.config';
import { MatcherModule } from './matcher.module';

/** Starts the matcher: HTTP health on PORT plus the batch consumer of mentions. */
export async function startMatcher(config: MatcherConfig): Promise<INestApplication> {
  await ensureProjectTopics(config);
  return startService({
    name: 'matcher',
    module: MatcherModule.register(config),
    port: config.PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
    logFormat: config.LOG_FORMAT,
    transport: kafkaConsumerTransport(config, {
      groupId: config.MATCHER_GROUP_ID,
      topics: [Topics.mentions],
      maxBatchSize: config.MATCHER_BATCH_SIZE,
      partitionsConsumedConcurrently: config.MATCHER_PARTITION_CONCURRENCY,
    }),
  });
}
