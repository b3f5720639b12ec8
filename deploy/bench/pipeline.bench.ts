import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { mentionKey, qualifiedTopic, Topics } from '@scb/contracts';
import { ensureTopics, EventPublisher, type OutgoingMessage } from '@scb/messaging';
import { mentionsFromAuthors } from '@scb/testing';
import { applyBenchSla, benchEnvironment, type BenchConfig } from './bench-environment';
import { backendsServing, CpuMeter, cpuReport, listenerPid, withChildren } from './process-cpu';
import { appOf, batchReport, instanceCount, serviceInstances } from './service-instances';

/**
 * Publishes N mentions onto the running pipeline and measures, from the database the services
 * wrote, how fast and how soon each became (part of) a queued work item. Kafka alone, with the
 * same messages, partitions and chunking, gives the ceiling.
 */
async function main(): Promise<void> {
  const { config, kafka, dataSource } = benchEnvironment();
  const n = config.BENCH_MENTIONS;
  const authors = Math.min(config.BENCH_AUTHORS, n);
  const runId = `${Date.now()}${process.pid}`;
  const messages = mentionsFromAuthors(authors, Math.ceil(n / authors), runId)
    .slice(0, n)
    .map((m) => ({ key: mentionKey(m), value: JSON.stringify(m) }));
  const publisher = new EventPublisher(kafka);
  await publisher.connect();
  await dataSource.initialize();
  console.log(
    `bench: ${n} mentions from ${authors} authors; ${config.KAFKA_MENTION_PARTITIONS} partitions; publish chunks of ${config.BENCH_PUBLISH_CHUNK}; matchers ${instanceCount(config.SCB_RUN_DIR, 'matcher')}, routers ${instanceCount(config.SCB_RUN_DIR, 'router')}`,
  );
  try {
    // Before Kafka alone, which takes longer than the routers' policy cache lives.
    await applyBenchSla(config, dataSource);
    if (config.BENCH_CUSTOMERS > 0) {
      const seededIn = await seedCustomers(dataSource, config.BENCH_CUSTOMERS, runId);
      console.log(
        `customers: ${config.BENCH_CUSTOMERS} known (every other bench author among them) seeded in ${(seededIn / 1000).toFixed(1)} s`,
      );
    }
    const ceiling = await kafkaAlone(kafka, publisher, messages, config);
    console.log(
      `kafka alone: produced and consumed ${n} messages in ${(ceiling.ms / 1000).toFixed(2)} s → ${rate(n, ceiling.ms)} msg/s`,
    );

    const meter = new CpuMeter(processGroups(config));
    // Per instance as well when a service runs several: shows how evenly Kafka split the work.
    const instanceMeter = new CpuMeter(() =>
      Object.fromEntries(
        Object.entries(serviceInstances(config.SCB_RUN_DIR)).filter(
          ([name]) => instanceCount(config.SCB_RUN_DIR, appOf(name)) > 1,
        ),
      ),
    );
    meter.begin();
    instanceMeter.begin();
    const started = Date.now();
    await publishAll(
      publisher,
      qualifiedTopic(config.KAFKA_TOPIC_PREFIX, Topics.mentions),
      messages,
      config.BENCH_PUBLISH_CHUNK,
    );
    console.log(`pipeline: published in ${((Date.now() - started) / 1000).toFixed(2)} s`);
    await waitForRouted(dataSource, n, config.BENCH_TIMEOUT_S * 1000);
    const cpu = meter.end();
    const { machine: _machine, ...cpuByInstance } = instanceMeter.end();
    const result = await measure(dataSource);
    const elapsed = result.lastRoutedAt.getTime() - started;
    const throughput = rate(n, elapsed);
    const counts = await outcomeCounts(dataSource);
    console.log(
      `pipeline: ${counts.interactions} interactions, ${counts.cases} cases, ${counts.queued} queued work items in ${(elapsed / 1000).toFixed(2)} s`,
    );
    if (counts.interactions !== n || counts.cases !== authors || counts.queued !== authors) {
      throw new Error(`wrong outcome: expected ${n} interactions and ${authors} cases/work items`);
    }
    console.log(
      `latency publish → queued: p50 ${result.p50} ms; p95 ${result.p95} ms; p99 ${result.p99} ms`,
    );
    const ceilingRate = rate(n, ceiling.ms);
    console.log(
      `e2e: ${n} mentions; ${config.BENCH_CUSTOMERS} known customers; ${throughput} mentions/s; p50 ${result.p50} ms; p99 ${result.p99} ms; kafka ceiling ${ceilingRate} msg/s; ratio ${(throughput / ceilingRate).toFixed(3)}`,
    );
    for (const line of cpuReport(cpu, n)) console.log(line);
    for (const line of cpuReport(cpuByInstance, n))
      console.log(line.replace('cpu ', 'cpu instance '));
    for (const line of await batchReport(config.SCB_RUN_DIR)) console.log(line);
  } finally {
    await publisher.disconnect();
    await dataSource.destroy();
  }
}

const APPS = ['api', 'ingestion', 'matcher', 'router'];

/**
 * The four services (every instance of each summed: `--matchers 2` gives one matcher line for
 * both), the Postgres server and only the backends of the services' connections (all, the
 * matcher's, the router's), the broker's JVM, Redis, and this driver process.
 */
function processGroups(config: BenchConfig) {
  const servicePids = (app: string) =>
    Object.entries(serviceInstances(config.SCB_RUN_DIR))
      .filter(([name]) => appOf(name) === app)
      .flatMap(([, pids]) => pids);
  const port = (url: string, fallback: number) => Number(new URL(url).port || fallback);
  const pgPort = port(config.DATABASE_URL, 5432);
  const kafkaPort = Number(config.KAFKA_BROKERS.split(',')[0].split(':').pop());
  const postmaster = listenerPid(pgPort);
  const kafkaPid = listenerPid(kafkaPort);
  const redisPid = listenerPid(port(config.REDIS_URL, 6379));
  return () => {
    const services = Object.fromEntries(APPS.map((a) => [a, servicePids(a)]));
    return {
      ...services,
      'postgres (our backends)': postmaster
        ? backendsServing(Object.values(services).flat(), postmaster, pgPort)
        : [],
      // The same backends split by the service they serve: a stage's own database cost.
      'postgres (matcher backends)': postmaster
        ? backendsServing(services.matcher, postmaster, pgPort)
        : [],
      'postgres (router backends)': postmaster
        ? backendsServing(services.router, postmaster, pgPort)
        : [],
      'postgres (whole server)': postmaster ? withChildren(postmaster) : [],
      'kafka (broker JVM)': kafkaPid ? [kafkaPid] : [],
      redis: redisPid ? [redisPid] : [],
      'bench driver': [process.pid],
    };
  };
}

/**
 * `count` known customers with an X identity each, in two statements; the identities are those
 * of every other bench author (0, 2, 4, ...), so half the authors are known, half new.
 */
async function seedCustomers(dataSource: DataSource, count: number, runId: string) {
  const started = Date.now();
  await dataSource.query(
    `WITH c AS (INSERT INTO customers (display_name) SELECT 'bench ' || g FROM generate_series(0, $1 - 1) g RETURNING id),
          n AS (SELECT id, row_number() OVER () - 1 AS g FROM c)
     INSERT INTO customer_identities (customer_id, platform, external_user_id, handle, link)
     SELECT id, 'x', $2 || '-author-' || (g * 2), 'customer_' || (g * 2), 'imported' FROM n`,
    [count, runId],
  );
  await dataSource.query(`ANALYZE customers; ANALYZE customer_identities`);
  return Date.now() - started;
}

const rate = (count: number, ms: number) => Math.round((count * 1000) / Math.max(ms, 1));

async function publishAll(
  publisher: EventPublisher,
  topic: string,
  messages: OutgoingMessage[],
  chunk: number,
): Promise<void> {
  // Sequential awaited chunks, as the replay source does: each chunk is acknowledged by Kafka.
  for (let i = 0; i < messages.length; i += chunk) {
    await publisher.publish(topic, messages.slice(i, i + chunk));
  }
}

async function kafkaAlone(
  kafka: Kafka,
  publisher: EventPublisher,
  messages: OutgoingMessage[],
  config: ReturnType<typeof benchEnvironment>['config'],
): Promise<{ ms: number }> {
  const topic = qualifiedTopic(config.KAFKA_TOPIC_PREFIX, 'bench.ceiling.v1');
  await ensureTopics(kafka, [{ topic, numPartitions: config.KAFKA_MENTION_PARTITIONS }]);
  const consumer = kafka.consumer({ groupId: `${config.KAFKA_TOPIC_PREFIX}.ceiling` });
  let received = 0;
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
  );
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      // Parse like a real consumer would, so the ceiling is not just bytes moved.
      for (const message of batch.messages) JSON.parse(message.value?.toString() ?? 'null');
      received += batch.messages.length;
    },
  });
  await joined;
  const started = Date.now();
  await publishAll(publisher, topic, messages, config.BENCH_PUBLISH_CHUNK);
  const deadline = started + config.BENCH_TIMEOUT_S * 1000;
  while (received < messages.length) {
    if (Date.now() > deadline) throw new Error(`kafka alone: only ${received} messages consumed`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = Date.now() - started;
  await consumer.disconnect();
  return { ms };
}

async function routedCount(dataSource: DataSource): Promise<number> {
  const [{ routed }]: Array<{ routed: string }> = await dataSource.query(
    `SELECT count(DISTINCT interaction_id) AS routed FROM processed_events WHERE consumer = 'router' AND interaction_id IS NOT NULL`,
  );
  return Number(routed);
}

async function waitForRouted(dataSource: DataSource, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let routed = 0;
  while ((routed = await routedCount(dataSource)) < n) {
    if (Date.now() > deadline) throw new Error(`timed out: ${routed} of ${n} mentions routed`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Per mention: Kafka record time (stored by the matcher) → the router's commit for it. */
async function measure(dataSource: DataSource) {
  const [row]: Array<{ p: number[]; last: Date }> = await dataSource.query(
    `SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ms) AS p, max(done) AS last
       FROM (SELECT extract(epoch FROM (min(p.processed_at) - i.published_at)) * 1000 AS ms, min(p.processed_at) AS done
               FROM interactions i
               JOIN processed_events p ON p.interaction_id = i.id AND p.consumer = 'router'
              GROUP BY i.id, i.published_at) t`,
  );
  const [p50, p95, p99] = row.p.map((v) => Math.round(v));
  return { p50, p95, p99, lastRoutedAt: new Date(row.last) };
}

async function outcomeCounts(dataSource: DataSource) {
  const [row]: Array<Record<string, string>> = await dataSource.query(
    `SELECT (SELECT count(*) FROM interactions) AS interactions,
            (SELECT count(*) FROM cases) AS cases,
            (SELECT count(*) FROM work_items WHERE queued_at IS NOT NULL) AS queued`,
  );
  return {
    interactions: Number(row.interactions),
    cases: Number(row.cases),
    queued: Number(row.queued),
  };
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
