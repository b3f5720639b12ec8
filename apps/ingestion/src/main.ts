import 'reflect-metadata';
import { loadConfig, runMain } from '@scb/config';
import { startTracing } from '@scb/observability';
import { IngestionConfigSchema } from './ingestion.config';

runMain(async () => {
  const config = loadConfig(IngestionConfigSchema);
  // Tracing first: the app's modules (express, pg, ioredis, kafkajs) load after the SDK hooks in.
  await startTracing('ingestion', config);
  const { startIngestion } = await import('./ingestion.app');
  return startIngestion(config);
});
