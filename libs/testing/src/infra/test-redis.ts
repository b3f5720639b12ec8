import IORedis from 'ioredis';
import { testRedisUrl } from './isolated-env';

/** Removes the ingestion dedup window keys a test left under its topic prefix. */
export async function clearDedupKeys(topicPrefix: string): Promise<void> {
  const redis = new IORedis(testRedisUrl());
  try {
    const keys = await redis.keys(`scb-dedup:${topicPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}

/** Removes the BullMQ and routing-cache keys a test's api left under its queue prefix. */
export async function clearQueueKeys(queuePrefix: string): Promise<void> {
  const redis = new IORedis(testRedisUrl());
  try {
    const keys = await redis.keys(`${queuePrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}
