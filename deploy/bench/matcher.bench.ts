import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { databaseEnv, loadConfig } from '@scb/config';
import { SocialMentionSchema, type SocialMention } from '@scb/contracts';
import { afinnSentiment, BatchCaseMatcher, RuleSet } from '@scb/matching';
import { systemClock } from '@scb/core';
import {
  createDataSource,
  CustomerMergeRepository,
  Database,
  MentionCaseRepository,
  migrate,
} from '@scb/persistence';
import { RecordMentionBatch } from '../../apps/matcher/src/usecases/record-mention-batch/record-mention-batch.usecase';

const ConfigSchema = z.object({
  ...databaseEnv,
  BENCH_CUSTOMERS: z.coerce.number().int().min(100).default(100_000),
  BENCH_MENTIONS: z.coerce.number().int().min(1).default(50_000),
  BENCH_BATCH: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Batches in flight at once, as the service's MATCHER_PARTITION_CONCURRENCY (default 3). */
  BENCH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(3),
  BENCH_KEEP: z.enum(['0', '1']).default('0'),
});

/**
 * The matcher alone on the real Postgres: BENCH_CUSTOMERS known customers, 60% of them with an
 * open case (with one earlier post on it); mentions: 60% from customers with an open case, 10%
 * replies to a post on a case, 5% naming a case number, the rest from customers without one.
 * The ceiling is a plain batched insert of the same rows, in the same batch size, in the same run.
 */
async function main(): Promise<void> {
  const config = loadConfig(ConfigSchema);
  const schema = `bench_matcher_${Date.now().toString(36)}`;
  const dataSource = await createDataSource({
    url: config.DATABASE_URL,
    schema,
    poolSize: config.BENCH_CONCURRENCY + 1,
    applicationName: 'scb-bench-matcher',
  }).initialize();
  try {
    await migrate(dataSource);
    const withCase = await seed(dataSource, config.BENCH_CUSTOMERS);
    const mentions = generate(config.BENCH_CUSTOMERS, withCase, config.BENCH_MENTIONS);
    const streams = partition(mentions, config.BENCH_CONCURRENCY, config.BENCH_BATCH);
    console.log(
      `bench:matcher: ${config.BENCH_CUSTOMERS} customers, ${withCase.length} open cases; ${mentions.length} mentions in batches of ${config.BENCH_BATCH}, ${config.BENCH_CONCURRENCY} partitions at once`,
    );

    await createCeilingTable(dataSource);
    const ceiling = await timed(() => inParallel(streams, (batch) => rawInsert(dataSource, batch)));
    const db = new Database(dataSource);
    const matcher = new BatchCaseMatcher(randomUUID, afinnSentiment);
    const ruleSet = RuleSet.parse(
      {
        rules: [
          {
            id: 'billing',
            when: { type: 'textContainsAny', values: ['refund', 'charged'] },
            then: { category: 'billing', priority: 2 },
          },
          {
            id: 'spam',
            when: { type: 'textMatches', pattern: 'free\\s+crypto' },
            then: { ignore: true },
          },
        ],
      },
      1,
    );
    // The matcher's use case as the service runs it (no Kafka: nothing to dead-letter or relay).
    const recordMentionBatch = new RecordMentionBatch({
      uow: db,
      mentionCases: new MentionCaseRepository(db, 'bench.cases.events'),
      merges: new CustomerMergeRepository(db),
      matcher,
      rules: { current: () => ruleSet },
      deadLetters: { publish: async () => undefined },
      relay: { kick: () => undefined },
      clock: systemClock,
      newId: randomUUID,
    });
    const cpu = await CpuMeter.start(dataSource);
    const matched = await timed(() =>
      inParallel(streams, async (batch) => {
        await recordMentionBatch.execute({
          mentions: batch.map((mention) => ({ mention, publishedAt: new Date() })),
        });
      }),
    );
    const used = cpu.stop();
    const rules: Array<{ rule: string; n: string }> = await dataSource.query(
      `SELECT decision->>'rule' AS rule, count(*) AS n FROM interactions WHERE external_id LIKE '2%' GROUP BY 1 ORDER BY 2 DESC`,
    );
    console.log(`decisions: ${rules.map((r) => `${r.rule} ${r.n}`).join(', ')}`);
    const rate = (ms: number) => Math.round((mentions.length * 1000) / ms);
    // CPU per mention is what the shared machine's load does not change (wall time it does).
    const perK = (ms: number) => ((ms * 1000) / mentions.length).toFixed(0);
    console.log(
      `cpu per 1000 mentions: matcher process ${perK(used.processMs)} ms, postgres backends ${perK(used.postgresMs)} ms; load average ${loadavg()[0].toFixed(2)}`,
    );
    console.log(
      `matcher: ${rate(matched)} mentions/s; postgres ceiling ${rate(ceiling)} rows/s; ratio ${(ceiling / matched).toFixed(2)}`,
    );
  } finally {
    if (config.BENCH_KEEP === '0')
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource.destroy();
  }
}

/** Customers c0..cN-1 with an identity on x; the first 60% have an open case with a post on it. */
async function seed(ds: DataSource, customers: number): Promise<string[]> {
  const withCase = Math.floor(customers * 0.6);
  await ds.query(
    `INSERT INTO customers (id, display_name) SELECT gen_random_uuid(), 'c' || i FROM generate_series(0, $1 - 1) i`,
    [customers],
  );
  await ds.query(
    `INSERT INTO customer_identities (customer_id, platform, external_user_id) SELECT id, 'x', display_name FROM customers`,
  );
  await ds.query(
    `INSERT INTO cases (id, customer_id, origin_channel)
     SELECT gen_random_uuid(), id, 'phone' FROM customers WHERE substring(display_name from 2)::int < $1`,
    [withCase],
  );
  await ds.query(
    `INSERT INTO interactions (case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, decision, payload)
     SELECT c.id, c.customer_id, 'social', 'inbound', 'x', (1000000000 + substring(cu.display_name from 2)::int)::text, cu.display_name, 'earlier post', now(), '{}', '{}'
       FROM cases c JOIN customers cu ON cu.id = c.customer_id`,
  );
  await ds.query(`ANALYZE`);
  const rows: Array<{ author: string; case_number: string }> = await ds.query(
    `SELECT cu.display_name AS author, c.case_number FROM cases c JOIN customers cu ON cu.id = c.customer_id ORDER BY 1`,
  );
  const numbers = new Map(rows.map((r) => [r.author, r.case_number]));
  return Array.from({ length: withCase }, (_, i) => numbers.get(`c${i}`) ?? '');
}

function generate(customers: number, caseNumbers: string[], n: number): SocialMention[] {
  const withCase = caseNumbers.length;
  const random = (max: number) => Math.floor(Math.random() * max);
  return Array.from({ length: n }, (_, i) => {
    const roll = i % 20; // deterministic mix: 12/20 open case, 2/20 replies, 1/20 case number
    const own = roll < 15 ? random(withCase) : withCase + random(customers - withCase);
    const author = `c${own}`;
    const text =
      roll === 14
        ? `still waiting on ${caseNumbers[own]}, charged twice`
        : `@SpotifyCares my playlist is gone again, message ${i}`;
    return SocialMentionSchema.parse({
      platform: 'x',
      externalId: String(2_000_000_000 + i),
      authorId: author,
      authorHandle: author,
      text,
      createdAt: new Date().toISOString(),
      inReplyToId: roll === 12 || roll === 13 ? String(1_000_000_000 + own) : null,
      source: 'bench',
    });
  });
}

/**
 * Mentions split by author as Kafka partitions would (so one author stays in one stream, in
 * order), then cut into batches.
 */
function partition(mentions: SocialMention[], streams: number, batchSize: number) {
  const byStream = Array.from({ length: streams }, () => [] as SocialMention[]);
  for (const m of mentions) byStream[Number(m.authorId.slice(1)) % streams].push(m);
  return byStream.map((list) => {
    const batches: SocialMention[][] = [];
    for (let i = 0; i < list.length; i += batchSize) batches.push(list.slice(i, i + batchSize));
    return batches;
  });
}

/** Each stream's batches one after another, the streams side by side. */
async function inParallel(
  streams: SocialMention[][][],
  work: (batch: SocialMention[]) => Promise<void>,
): Promise<void> {
  await Promise.all(
    streams.map(async (batches) => {
      for (const batch of batches) await work(batch);
    }),
  );
}

async function createCeilingTable(ds: DataSource): Promise<void> {
  await ds.query(
    `CREATE TABLE ceiling_rows (id uuid PRIMARY KEY, platform text NOT NULL, external_id text NOT NULL,
       author_id text, text text NOT NULL, occurred_at timestamptz NOT NULL, payload jsonb NOT NULL,
       UNIQUE (platform, external_id))`,
  );
}

/** One batch of the same rows straight into a table shaped like interactions, one transaction. */
async function rawInsert(ds: DataSource, batch: SocialMention[]): Promise<void> {
  await ds.transaction((tx) =>
    tx.query(
      `INSERT INTO ceiling_rows SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::jsonb[])`,
      [
        batch.map(() => randomUUID()),
        batch.map((m) => m.platform),
        batch.map((m) => m.externalId),
        batch.map((m) => m.authorId),
        batch.map((m) => m.text),
        batch.map((m) => m.createdAt),
        batch.map((m) => JSON.stringify(m)),
      ],
    ),
  );
}

/**
 * CPU used by this process and by its Postgres backends (read from /proc: the bench runs next to
 * Postgres), so a run can be judged apart from what the other users of the machine are doing.
 */
class CpuMeter {
  private constructor(
    private readonly pids: number[],
    private readonly process0: NodeJS.CpuUsage,
    private readonly postgres0: number,
  ) {}

  static async start(ds: DataSource): Promise<CpuMeter> {
    const rows: Array<{ pid: number }> = await ds.query(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'scb-bench-matcher'`,
    );
    const pids = rows.map((r) => r.pid);
    return new CpuMeter(pids, process.cpuUsage(), CpuMeter.ticks(pids));
  }

  stop(): { processMs: number; postgresMs: number } {
    const used = process.cpuUsage(this.process0);
    return {
      processMs: (used.user + used.system) / 1000,
      postgresMs: ((CpuMeter.ticks(this.pids) - this.postgres0) * 1000) / 100,
    };
  }

  /** utime + stime in clock ticks (100 per second on Linux); 0 where /proc cannot tell. */
  private static ticks(pids: number[]): number {
    let total = 0;
    for (const pid of pids) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        total += Number(fields[11]) + Number(fields[12]);
      } catch {
        // Postgres on another host: only the process figure is meaningful.
      }
    }
    return total;
  }
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
