import 'reflect-metadata';
import { loadConfig, runMain } from '@scb/config';
import { startTracing } from '@scb/observability';
import { RouterConfigSchema } from './router.config';

runMain(async () => {
  const config = loadConfig(RouterConfigSchema);
  // Tracing first: the app's modules (express, pg, ioredis, kafkajs) load after the SDK hooks in.
  await startTracing('router', config);
  const { startRouter } = await import('./router.app');
  return startRouter(config);
});
