import IORedis from 'ioredis';
import { deleteTopics } from '@scb/messaging';
import { benchEnvironment } from './bench-environment';

/** Drops the bench namespace: its schema, topics and BullMQ keys. */
async function main(): Promise<void> {
  const { config, kafka, dataSource } = benchEnvironment();
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) =>
    t.startsWith(`${config.KAFKA_TOPIC_PREFIX}.`),
  );
  await admin.disconnect();
  await deleteTopics(kafka, topics);
  await dataSource.initialize();
  await dataSource.query(`DROP SCHEMA IF EXISTS "${config.DB_SCHEMA}" CASCADE`);
  await dataSource.destroy();
  const redis = new IORedis(config.REDIS_URL);
  const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
  for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
  await redis.quit();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
