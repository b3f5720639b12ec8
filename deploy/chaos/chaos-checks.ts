import IORedis from 'ioredis';
import { Client } from 'pg';

export interface ChaosVerdict {
  expectedIn: number;
  stored: number;
  lost: number;
  duplicated: number;
  unexpected: number;
  expectedCases: number;
  cases: number;
  casesWithoutWork: number;
  /** Cases no interaction is on: what a redelivered batch opening a case twice would leave. */
  casesWithoutInteractions: number;
  casesQueuedTwice: number;
  queuedMissingInBullmq: number;
  staleBullmqJobs: number;
  activeItems: number;
  slaMissing: number;
  slaLeftOnCompleted: number;
  unroutedEvents: number;
}

const SLA_STAGES = [
  'firstResponse-atRisk',
  'firstResponse-breached',
  'resolution-atRisk',
  'resolution-breached',
];

async function one(client: Client, sql: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(sql);
  return Number(rows[0].n);
}

/**
 * Compares what the faulted run stored (schema `run`) with the fault-free reference (schema
 * `ref`), then checks queues and SLA timers against Postgres, which is the record of truth.
 */
export async function verify(
  databaseUrl: string,
  ref: string,
  run: string,
  redisUrl: string,
  queuePrefix: string,
): Promise<ChaosVerdict> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const redis = new IORedis(redisUrl);
  try {
    const key = `(platform, external_id)`;
    const expectedIn = await one(client, `SELECT count(*) AS n FROM ${ref}.interactions`);
    const stored = await one(client, `SELECT count(*) AS n FROM ${run}.interactions`);
    const lost = await one(
      client,
      `SELECT count(*) AS n FROM (SELECT ${key} FROM ${ref}.interactions EXCEPT SELECT ${key} FROM ${run}.interactions) x`,
    );
    const unexpected = await one(
      client,
      `SELECT count(*) AS n FROM (SELECT ${key} FROM ${run}.interactions EXCEPT SELECT ${key} FROM ${ref}.interactions) x`,
    );
    const distinct = await one(
      client,
      `SELECT count(DISTINCT ${key}) AS n FROM ${run}.interactions`,
    );
    const expectedCases = await one(client, `SELECT count(*) AS n FROM ${ref}.cases`);
    const cases = await one(client, `SELECT count(*) AS n FROM ${run}.cases`);
    const casesWithoutInteractions = await one(
      client,
      `SELECT count(*) AS n FROM ${run}.cases c WHERE NOT EXISTS (SELECT 1 FROM ${run}.interactions i WHERE i.case_id = c.id)`,
    );
    const casesWithoutWork = await one(
      client,
      `SELECT count(*) AS n FROM ${run}.cases c WHERE NOT EXISTS (SELECT 1 FROM ${run}.work_items w WHERE w.case_id = c.id)`,
    );
    const casesQueuedTwice = await one(
      client,
      `SELECT count(*) AS n FROM (SELECT case_id FROM ${run}.work_items WHERE status IN ('queued', 'assigned') GROUP BY case_id HAVING count(*) > 1) x`,
    );
    const unroutedEvents = await one(
      client,
      `SELECT count(*) AS n FROM ${run}.outbox o WHERE NOT EXISTS (SELECT 1 FROM ${run}.processed_events p WHERE p.consumer = 'router' AND p.event_id = o.event_id)`,
    );
    const { rows: items } = await client.query<{
      id: string;
      queue_name: string;
      status: string;
      due: boolean;
    }>(
      `SELECT id, queue_name, status, (first_response_due_at IS NOT NULL AND resolution_due_at IS NOT NULL) AS due FROM ${run}.work_items`,
    );
    const queued = await bullmqCheck(redis, queuePrefix, items);
    const sla = await slaCheck(redis, queuePrefix, items);
    return {
      expectedIn,
      stored,
      lost,
      duplicated: stored - distinct,
      unexpected,
      expectedCases,
      cases,
      casesWithoutWork,
      casesWithoutInteractions,
      casesQueuedTwice,
      ...queued,
      ...sla,
      activeItems: items.filter((i) => i.status !== 'completed').length,
      unroutedEvents,
    };
  } finally {
    await client.end();
    redis.disconnect();
  }
}

/** Every waiting item has its job in BullMQ; jobs of items no longer waiting are stale. */
async function bullmqCheck(
  redis: IORedis,
  prefix: string,
  items: Array<{ id: string; queue_name: string; status: string }>,
) {
  const queued = items.filter((i) => i.status === 'queued');
  const pipeline = redis.pipeline();
  for (const i of queued) pipeline.exists(`${prefix}:${i.queue_name}:wi-${i.id}`);
  const exists = (await pipeline.exec()) ?? [];
  const queuedMissingInBullmq = exists.filter(([, n]) => n !== 1).length;
  const waitingIds = new Set<string>();
  for (const queue of new Set(items.map((i) => i.queue_name))) {
    const base = `${prefix}:${queue}`;
    for (const id of await redis.zrange(`${base}:prioritized`, 0, -1)) waitingIds.add(id);
    for (const id of await redis.lrange(`${base}:wait`, 0, -1)) waitingIds.add(id);
  }
  const queuedJobs = new Set(queued.map((i) => `wi-${i.id}`));
  const staleBullmqJobs = [...waitingIds].filter((id) => !queuedJobs.has(id)).length;
  return { queuedMissingInBullmq, staleBullmqJobs };
}

/**
 * Waiting and held items have due times and exactly one delayed timer (the chain's next stage:
 * the run's SLA policy is too long for any stage to fire, so a live item's one timer is always
 * delayed); completed ones none.
 */
async function slaCheck(
  redis: IORedis,
  prefix: string,
  items: Array<{ id: string; status: string; due: boolean }>,
) {
  const delayed = `${prefix}:sla-timers:delayed`;
  const pipeline = redis.pipeline();
  for (const item of items)
    for (const stage of SLA_STAGES) pipeline.zscore(delayed, `sla-${item.id}-${stage}`);
  const scores = (await pipeline.exec()) ?? [];
  let slaMissing = 0;
  let slaLeftOnCompleted = 0;
  items.forEach((item, i) => {
    const present = scores
      .slice(i * SLA_STAGES.length, (i + 1) * SLA_STAGES.length)
      .filter(([, s]) => s !== null).length;
    if (item.status === 'completed') {
      if (present > 0) slaLeftOnCompleted += 1;
    } else if (!item.due || present !== 1) slaMissing += 1;
  });
  return { slaMissing, slaLeftOnCompleted };
}
