import 'reflect-metadata';
import { loadConfig, runMain } from '@scb/config';
import { startTracing } from '@scb/observability';
import { MatcherConfigSchema } from './matcher.config';

runMain(async () => {
  const config = loadConfig(MatcherConfigSchema);
  // Tracing first: the app's modules (express, pg, ioredis, kafkajs) load after the SDK hooks in.
  await startTracing('matcher', config);
  const { startMatcher } = await import('./matcher.app');
  return startMatcher(config);
});
