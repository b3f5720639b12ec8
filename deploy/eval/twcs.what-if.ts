import { readFileSync } from 'node:fs';
import { readTwcs, type TwcsRow } from './twcs-csv.reader';
import { computeMetrics, type MatchedTweet } from './twcs.metrics';

/** May a post the decision model would put on a new case take the customer's latest one instead? */
export type ExtraRule = (row: TwcsRow, hoursSinceLastPost: number) => boolean;

/**
 * The matcher's decisions on a TWCS file as the eval runs them, without Kafka or Postgres: per
 * customer in time order, the latest case is joined while open (resolved once quiet for
 * `resolveIdleHours`), reopened within `reopenWindowHours` of that, else a new case opens, unless
 * `extra` says otherwise. The file has no thread the matcher could follow (the brand's tweets are
 * absent), so this is the whole decision; it reproduces `npm run eval:twcs` to the tenth of a
 * percent and lets a rule be weighed before the matcher gets it.
 */
export function decideOffline(
  rows: TwcsRow[],
  policy: { resolveIdleHours: number; reopenWindowHours: number },
  extra: ExtraRule = () => false,
): MatchedTweet[] {
  const byAuthor = new Map<string, TwcsRow[]>();
  for (const row of rows) byAuthor.set(row.authorId, [...(byAuthor.get(row.authorId) ?? []), row]);
  const matched: MatchedTweet[] = [];
  let cases = 0;
  for (const [authorId, posts] of byAuthor) {
    posts.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    let current = 0;
    let last = 0;
    for (const post of posts) {
      const at = Date.parse(post.createdAt) / 3_600_000;
      const quiet = at - last;
      const keeps = quiet <= policy.resolveIdleHours + policy.reopenWindowHours;
      if (current === 0 || (!keeps && !extra(post, quiet))) current = ++cases;
      matched.push({ tweetId: post.tweetId, authorId, caseId: `k${current}`, explained: true });
      last = at;
    }
  }
  return matched;
}

/** `node dist/deploy/eval/twcs.what-if.js [file.csv]`: the table in docs/performance.md. */
function main(): void {
  const path = process.argv[2] ?? 'libs/testing/data/twcs/twcs-spotifycares-inbound.csv';
  const rows = readTwcs(readFileSync(path, 'utf8')).filter((r) => r.inbound);
  const policy = { resolveIdleHours: 24, reopenWindowHours: 72 };
  const isReply = (r: TwcsRow) => r.inResponseToTweetId !== null;
  const variants: Array<[string, ExtraRule]> = [
    ['none (today)', () => false],
    ...[120, 168, 240].map((h): [string, ExtraRule] => [
      `a reply to an unknown post reopens the latest case, quiet ≤ ${h} h`,
      (r, quiet) => isReply(r) && quiet <= h,
    ]),
    ['a reply to an unknown post reopens the latest case at any age', (r) => isReply(r)],
  ];
  for (const [name, extra] of variants) {
    const m = computeMetrics(rows, decideOffline(rows, policy, extra));
    console.log(
      `${name}: whole ${m.conversationsWhole.toFixed(2)}%; pair precision ${m.pairPrecision.toFixed(2)}%; each customer's part whole ${m.customerThreadsWhole.toFixed(2)}%`,
    );
  }
}

if (require.main === module) main();
