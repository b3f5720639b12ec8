import type { INestApplication } from '@nestjs/common';
import { ensureProjectTopics, startService } from '@scb/platform';
import type { IngestionConfig } from './ingestion.config';
import { IngestionModule } from './ingestion.module';

/** Starts the ingestion service: health and the webhooks (raw bodies, for their signatures). */
export async function startIngestion(config: IngestionConfig): Promise<INestApplication> {
  await ensureProjectTopics(config);
  return startService({
    name: 'ingestion',
    module: IngestionModule.register(config),
    port: config.PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
    logFormat: config.LOG_FORMAT,
    rawBodyLimit: config.WEBHOOK_MAX_BYTES,
  });
}
