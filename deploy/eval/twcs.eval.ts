import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Logger, type INestApplication, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { databaseEnv, kafkaEnv, loadConfig } from '@scb/config';
import { qualifiedTopic, Topics, type SocialMention } from '@scb/contracts';
import { createKafka, parseBrokers } from '@scb/messaging';
import { createAppLogger } from '@scb/observability';
import { createDataSource, Database, MatchingRulesRepository, migrate } from '@scb/persistence';
import { ensureProjectTopics } from '@scb/platform';
import { consumerCaughtUp, dropTopics, waitFor } from '@scb/testing';
import { IngestionConfigSchema } from '../../apps/ingestion/src/ingestion.config';
import { IngestionModule } from '../../apps/ingestion/src/ingestion.module';
import { MentionReplaySource } from '../../apps/ingestion/src/mention-replay.source';
import { ReplayFileReader } from '../../apps/ingestion/src/replay-file.reader';
import { startMatcher } from '../../apps/matcher/src/matcher.app';
import { MatcherConfigSchema } from '../../apps/matcher/src/matcher.config';
import { brandRepliesOf, conversationIdsOf } from './twcs.brand-replies';
import { readTwcs } from './twcs-csv.reader';
import {
  computeMetrics,
  formatMetrics,
  formatSplits,
  splitConversations,
  type MatchedTweet,
} from './twcs.metrics';

const EvalConfigSchema = z.object({
  ...databaseEnv,
  ...kafkaEnv,
  /** Mentions replayed between two moments at which agents resolve idle cases. */
  EVAL_SLICE_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Agents are modelled as resolving a case once its customer has been quiet this long. */
  EVAL_RESOLVE_IDLE_HOURS: z.coerce.number().min(0).default(24),
  EVAL_REOPEN_WINDOW_HOURS: z.coerce.number().min(0).default(72),
  EVAL_TIMEOUT_S: z.coerce.number().int().min(1).default(300),
  EVAL_KEEP: z.enum(['0', '1']).default('0'),
  /** Where the split conversations are written as JSON (the readable list goes to stdout). */
  EVAL_SPLITS_FILE: z.string().min(1).default('dist/eval/twcs-splits.json'),
  /**
   * `1`: feed the brand's replies the file lacks as outbound posts (what production knows, see
   * twcs.brand-replies.ts); `0`: the inbound rows only (the figures before that).
   */
  EVAL_BRAND_REPLIES: z.enum(['0', '1']).default('1'),
  /**
   * `1`: give each post X's `conversation_id` (its reply chain's root, see twcs.brand-replies.ts),
   * as the X poller does live; `0`: none (the figures before that).
   */
  EVAL_CONVERSATION_IDS: z.enum(['0', '1']).default('1'),
  /** The brand account that answers (the file's outbound author). */
  EVAL_BRAND_AUTHOR: z.string().min(1).default('SpotifyCares'),
});
type EvalConfig = z.infer<typeof EvalConfigSchema>;

/**
 * Replays a TWCS-layout CSV through the real pipeline in a private namespace (schema, topics):
 * ingestion's replay source reads the file and publishes the inbound mentions onto Kafka in time
 * order, the matcher service consumes them in batches into Postgres. Between slices of the
 * stream, agents are modelled as resolving cases idle for EVAL_RESOLVE_IDLE_HOURS, so the reopen
 * window matters as it would live. The cases are then scored against the dataset's conversations.
 */
async function main(): Promise<void> {
  const path = process.argv[2] ?? 'libs/testing/data/twcs/twcs-spotifycares-inbound.csv';
  const config = loadConfig(EvalConfigSchema);
  const ns = `eval_${Date.now().toString(36)}`;
  const env = {
    ...process.env,
    DB_SCHEMA: ns,
    KAFKA_TOPIC_PREFIX: ns,
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    MATCHER_RULES_POLL_MS: '60000',
  };
  const kafka = createKafka(
    { brokers: parseBrokers(config.KAFKA_BROKERS), clientId: 'scb-eval' },
    new Logger('eval'),
  );
  const dataSource = await createDataSource({
    url: config.DATABASE_URL,
    schema: ns,
    poolSize: 2,
    applicationName: 'scb-eval',
  }).initialize();
  let matcher: INestApplication | null = null;
  let ingestion: INestApplicationContext | null = null;
  try {
    await migrate(dataSource);
    await new MatchingRulesRepository(new Database(dataSource)).publish(
      { policy: { reopenWindowHours: config.EVAL_REOPEN_WINDOW_HOURS } },
      'eval:twcs',
      'reopen window for the evaluation',
    );
    const ingestionConfig = loadConfig(IngestionConfigSchema, env);
    await ensureProjectTopics(ingestionConfig);
    matcher = await startMatcher(loadConfig(MatcherConfigSchema, env));
    ingestion = await NestFactory.createApplicationContext(
      IngestionModule.register(ingestionConfig, { polling: false }),
      { logger: createAppLogger('eval', ingestionConfig.LOG_LEVEL, 'text') },
    );
    const { mentions, refused, brandReplies } = await readMentions(path, config);
    const started = Date.now();
    await replayInSlices(config, ingestion.get(MentionReplaySource), mentions, {
      resolveIdle: (at) => resolveIdleCases(dataSource, at, config.EVAL_RESOLVE_IDLE_HOURS),
      caughtUp: () => caughtUp(kafka, ns, config.EVAL_TIMEOUT_S),
    });
    const seconds = (Date.now() - started) / 1000;
    await report(dataSource, path, config, { seconds, refused, brandReplies });
  } finally {
    await ingestion?.close();
    await matcher?.close();
    if (config.EVAL_KEEP === '0') {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${ns}" CASCADE`);
      await dropTopics(kafka, ns);
    }
    await dataSource.destroy();
  }
}

/**
 * The inbound mentions ingestion reads from the file and, with EVAL_BRAND_REPLIES, the brand's
 * replies production would know, in time order (the file is not sorted; on a tie the customer's
 * post comes first, as the brand answers it).
 */
async function readMentions(path: string, config: EvalConfig) {
  const mentions: SocialMention[] = [];
  let refused = 0;
  for await (const item of ReplayFileReader.read(path, 'twcs-csv')) {
    if ('rejected' in item) refused += 1;
    else if (item.mention.direction === 'inbound') mentions.push(item.mention);
  }
  const rows = readTwcs(readFileSync(path, 'utf8'));
  const brand =
    config.EVAL_BRAND_REPLIES === '1' ? brandRepliesOf(rows, config.EVAL_BRAND_AUTHOR) : [];
  const conversations =
    config.EVAL_CONVERSATION_IDS === '1'
      ? conversationIdsOf(rows, brand)
      : new Map<string, string>();
  const all = [...mentions, ...brand]
    .map((m) => ({ ...m, conversationId: conversations.get(m.externalId) ?? m.conversationId }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { mentions: all, refused, brandReplies: brand.length };
}

async function replayInSlices(
  config: EvalConfig,
  replay: MentionReplaySource,
  mentions: SocialMention[],
  steps: { resolveIdle: (at: string) => Promise<void>; caughtUp: () => Promise<void> },
): Promise<void> {
  for (let i = 0; i < mentions.length; i += config.EVAL_SLICE_SIZE) {
    const slice = mentions.slice(i, i + config.EVAL_SLICE_SIZE);
    await steps.resolveIdle(slice[0].createdAt);
    await replay.replay(asItems(slice), { includeOutbound: true });
    await steps.caughtUp();
  }
}

async function* asItems(mentions: SocialMention[]) {
  for (const mention of mentions) yield { mention };
}

/** Waits until the matcher has committed every mention published so far. */
async function caughtUp(kafka: Kafka, ns: string, timeoutS: number): Promise<void> {
  await waitFor(
    () =>
      consumerCaughtUp(kafka, qualifiedTopic(ns, 'matcher'), qualifiedTopic(ns, Topics.mentions)),
    { timeoutMs: timeoutS * 1000, intervalMs: 50, what: 'the matcher to consume the slice' },
  );
}

/** Resolves the open cases whose last post is older than the idle time, at that moment. */
async function resolveIdleCases(dataSource: DataSource, at: string, idleHours: number) {
  await dataSource.query(
    `UPDATE cases c SET status = 'resolved', resolved_at = last.at + make_interval(secs => $2 * 3600)
       FROM (SELECT case_id, max(occurred_at) AS at FROM interactions WHERE case_id IS NOT NULL GROUP BY case_id) last
      WHERE c.id = last.case_id AND c.status = 'open'
        AND last.at + make_interval(secs => $2 * 3600) < $1::timestamptz`,
    [at, idleHours],
  );
}

async function report(
  dataSource: DataSource,
  path: string,
  config: EvalConfig,
  run: { seconds: number; refused: number; brandReplies: number },
): Promise<void> {
  const rows = readTwcs(readFileSync(path, 'utf8')).filter((r) => r.inbound);
  const stored: Array<{
    external_id: string;
    author_id: string;
    case_id: string | null;
    case_number: string | null;
    occurred_at: Date;
    explained: boolean;
    rule: string | null;
    summary: string | null;
    candidates: MatchedTweet['candidates'] | null;
  }> = await dataSource.query(
    `SELECT i.external_id, i.author_id, i.case_id, c.case_number, i.occurred_at,
            (i.decision->>'summary' <> '' AND i.decision->>'rule' IS NOT NULL) AS explained,
            i.decision->>'rule' AS rule, i.decision->>'summary' AS summary,
            i.decision->'candidates' AS candidates
       FROM interactions i LEFT JOIN cases c ON c.id = i.case_id
      WHERE i.direction = 'inbound'`,
  );
  const matched: MatchedTweet[] = stored.map((r) => ({
    tweetId: r.external_id,
    authorId: r.author_id,
    caseId: r.case_id,
    explained: r.explained,
    caseNumber: r.case_number,
    occurredAt: r.occurred_at.toISOString(),
    rule: r.rule,
    summary: r.summary,
    candidates: (r.candidates ?? []).map((c) => ({
      caseNumber: c.caseNumber,
      reason: c.reason,
      chosen: c.chosen,
    })),
  }));
  const splits = splitConversations(rows, matched);
  const splitsFile = resolve(config.EVAL_SPLITS_FILE);
  mkdirSync(dirname(splitsFile), { recursive: true });
  writeFileSync(splitsFile, `${JSON.stringify(splits, null, 2)}\n`);
  console.log(formatSplits(splits));
  console.log(`split conversations as JSON: ${splitsFile}`);
  const rules: Array<{ rule: string; n: string }> = await dataSource.query(
    `SELECT decision->>'rule' AS rule, count(*) AS n FROM interactions WHERE direction = 'inbound'
      GROUP BY 1 ORDER BY 2 DESC`,
  );
  console.log(
    `policy: resolve after ${config.EVAL_RESOLVE_IDLE_HOURS} h idle, reopen window ${config.EVAL_REOPEN_WINDOW_HOURS} h; ` +
      `ingestion → Kafka → matcher in ${run.seconds.toFixed(1)} s; ${run.refused} rows refused by ingestion; ` +
      `${run.brandReplies} brand replies fed (absent from the file; EVAL_BRAND_REPLIES=${config.EVAL_BRAND_REPLIES}); conversation ids ${config.EVAL_CONVERSATION_IDS === '1' ? 'given' : 'not given'}`,
  );
  const [brand]: Array<{ filed: string; unfiled: string }> = await dataSource.query(
    `SELECT count(*) FILTER (WHERE case_id IS NOT NULL) AS filed, count(*) FILTER (WHERE case_id IS NULL) AS unfiled
       FROM interactions WHERE direction = 'outbound'`,
  );
  if (run.brandReplies > 0)
    console.log(`brand replies stored: on a case ${brand.filed}, on none ${brand.unfiled}`);
  console.log(`decisions: ${rules.map((r) => `${r.rule} ${r.n}`).join(', ')}`);
  const metrics = computeMetrics(rows, matched);
  console.log(
    `each customer's part of a conversation on one case: ${metrics.customerThreadsWhole.toFixed(1)}%`,
  );
  console.log(formatMetrics(metrics));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
