import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { databaseEnv, loadConfig } from '@scb/config';
import { BatchCaseMatcher, RuleSet, afinnSentiment } from '@scb/matching';
import { createDataSource, migrate, MentionCaseRepository } from '@scb/persistence';
import { readTwcs, toMention } from './twcs-csv.reader';
import { computeMetrics, formatMetrics, type MatchedTweet } from './twcs.metrics';

const EvalConfigSchema = z.object({
  ...databaseEnv,
  EVAL_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Agents are modelled as resolving a case once its customer has been quiet this long. */
  EVAL_RESOLVE_IDLE_HOURS: z.coerce.number().min(0).default(24),
  EVAL_REOPEN_WINDOW_HOURS: z.coerce.number().min(0).default(72),
  EVAL_KEEP: z.enum(['0', '1']).default('0'),
});

/**
 * Replays a TWCS-layout CSV (inbound rows, in time order) through the matcher and its repository
 * on the real Postgres in a private schema, then scores the cases against the dataset's own
 * conversations. Ingestion's production CSV replay is not used: this measures the matcher alone.
 */
async function main(): Promise<void> {
  const path = process.argv[2] ?? 'libs/testing/data/twcs/twcs-spotifycares-inbound.csv';
  const config = loadConfig(EvalConfigSchema);
  const schema = `eval_${Date.now().toString(36)}`;
  const rows = readTwcs(readFileSync(path, 'utf8')).filter((r) => r.inbound);
  const mentions = rows.map(toMention).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const dataSource = await createDataSource({
    url: config.DATABASE_URL,
    schema,
    poolSize: 2,
    applicationName: 'scb-eval',
  }).initialize();
  try {
    await migrate(dataSource);
    const ruleSet = RuleSet.parse(
      { policy: { reopenWindowHours: config.EVAL_REOPEN_WINDOW_HOURS } },
      1,
    );
    const repository = new MentionCaseRepository(dataSource, 'eval.cases.events');
    const matcher = new BatchCaseMatcher(randomUUID, afinnSentiment);
    const started = Date.now();
    for (let i = 0; i < mentions.length; i += config.EVAL_BATCH_SIZE) {
      const batch = mentions.slice(i, i + config.EVAL_BATCH_SIZE);
      await resolveIdleCases(dataSource, batch[0].createdAt, config.EVAL_RESOLVE_IDLE_HOURS);
      await repository.recordBatch(
        batch.map((mention) => ({ mention, publishedAt: new Date(mention.createdAt) })),
        matcher.forBatch(ruleSet),
      );
    }
    const seconds = (Date.now() - started) / 1000;
    const stored: Array<{
      external_id: string;
      author_id: string;
      case_id: string | null;
      explained: boolean;
    }> = await dataSource.query(
      `SELECT external_id, author_id, case_id,
              (decision->>'summary' <> '' AND decision->>'rule' IS NOT NULL) AS explained
         FROM interactions`,
    );
    const matched: MatchedTweet[] = stored.map((r) => ({
      tweetId: r.external_id,
      authorId: r.author_id,
      caseId: r.case_id,
      explained: r.explained,
    }));
    const rules: Array<{ rule: string; n: string }> = await dataSource.query(
      `SELECT decision->>'rule' AS rule, count(*) AS n FROM interactions GROUP BY 1 ORDER BY 2 DESC`,
    );
    console.log(
      `policy: resolve after ${config.EVAL_RESOLVE_IDLE_HOURS} h idle, reopen window ${config.EVAL_REOPEN_WINDOW_HOURS} h; matched in ${seconds.toFixed(1)} s`,
    );
    console.log(`decisions: ${rules.map((r) => `${r.rule} ${r.n}`).join(', ')}`);
    console.log(formatMetrics(computeMetrics(rows, matched)));
  } finally {
    if (config.EVAL_KEEP === '0')
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource.destroy();
  }
}

/** Resolves the open cases whose last post is older than the idle time, at that moment. */
async function resolveIdleCases(
  dataSource: Awaited<ReturnType<typeof createDataSource>>,
  at: string,
  idleHours: number,
): Promise<void> {
  await dataSource.query(
    `UPDATE cases c SET status = 'resolved', resolved_at = last.at + make_interval(secs => $2 * 3600)
       FROM (SELECT case_id, max(occurred_at) AS at FROM interactions WHERE case_id IS NOT NULL GROUP BY case_id) last
      WHERE c.id = last.case_id AND c.status = 'open'
        AND last.at + make_interval(secs => $2 * 3600) < $1::timestamptz`,
    [at, idleHours],
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
