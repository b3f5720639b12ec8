import type { INestApplication } from '@nestjs/common';
import { Topics } from '@scb/contracts';
import { ensureProjectTopics, kafkaConsumerTransport, startService } from '@scb/platform';
import type { RouterConfig } from './router.config';
import { RouterModule } from './router.module';

/** Starts the router: HTTP health on PORT plus the batch consumer of case events. */
export async function startRouter(config: RouterConfig): Promise<INestApplication> {
  await ensureProjectTopics(config);
  return startService({
    name: 'router',
    module: RouterModule.register(config),
    port: config.PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
    logFormat: config.LOG_FORMAT,
    transport: kafkaConsumerTransport(config, {
      groupId: config.ROUTER_GROUP_ID,
      topics: [Topics.caseEvents],
      maxBatchSize: config.ROUTER_BATCH_SIZE,
      partitionsConsumedConcurrently: config.ROUTER_PARTITION_CONCURRENCY,
    }),
  });
}
