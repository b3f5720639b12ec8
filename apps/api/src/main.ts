import 'reflect-metadata';
import { loadConfig, runMain } from '@scb/config';
import { startTracing } from '@scb/observability';
import { ApiConfigSchema } from './api.config';

runMain(async () => {
  const config = loadConfig(ApiConfigSchema);
  // Tracing first: the app's modules (express, pg, ioredis, kafkajs) load after the SDK hooks in.
  await startTracing('api', config);
  const { startApi } = await import('./api.app');
  return startApi(config);
});
