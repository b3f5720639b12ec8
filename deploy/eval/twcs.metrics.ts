import type { TwcsRow } from './twcs-csv.reader';

/** What the matcher did with one tweet. */
export interface MatchedTweet {
  tweetId: string;
  authorId: string;
  caseId: string | null;
  explained: boolean;
}

export interface TwcsMetrics {
  mentions: number;
  conversations: number;
  /** Conversations whose tweets all landed on one case, in percent. */
  conversationsWhole: number;
  /** Of the same-customer tweet pairs sharing a case, the share in one conversation, in percent. */
  pairPrecision: number;
  explained: number;
  casesPerCustomer: number;
}

/** Conversations as the dataset defines them: tweets connected through reply links. */
export function conversationsOf(rows: TwcsRow[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const row of rows) {
    find(row.tweetId);
    for (const id of row.responseTweetIds) union(row.tweetId, id);
    if (row.inResponseToTweetId) union(row.tweetId, row.inResponseToTweetId);
  }
  return new Map(rows.map((r) => [r.tweetId, find(r.tweetId)]));
}

export function computeMetrics(rows: TwcsRow[], matched: MatchedTweet[]): TwcsMetrics {
  const conversation = conversationsOf(rows);
  const casesByConversation = new Map<string, Set<string | null>>();
  for (const m of matched) {
    const c = conversation.get(m.tweetId) ?? m.tweetId;
    casesByConversation.set(c, (casesByConversation.get(c) ?? new Set()).add(m.caseId));
  }
  const whole = [...casesByConversation.values()].filter((s) => s.size === 1).length;

  let pairs = 0;
  let correct = 0;
  const byCustomerCase = new Map<string, string[]>();
  for (const m of matched) {
    if (m.caseId === null) continue;
    const key = `${m.authorId}|${m.caseId}`;
    byCustomerCase.set(key, [...(byCustomerCase.get(key) ?? []), m.tweetId]);
  }
  for (const tweets of byCustomerCase.values()) {
    const counts = new Map<string, number>();
    for (const t of tweets) {
      const c = conversation.get(t) ?? t;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    pairs += (tweets.length * (tweets.length - 1)) / 2;
    for (const n of counts.values()) correct += (n * (n - 1)) / 2;
  }
  const customers = new Set(matched.map((m) => m.authorId)).size;
  const cases = new Set(matched.flatMap((m) => m.caseId ?? [])).size;
  const pct = (a: number, b: number) => (b === 0 ? 100 : (100 * a) / b);
  return {
    mentions: matched.length,
    conversations: casesByConversation.size,
    conversationsWhole: pct(whole, casesByConversation.size),
    pairPrecision: pct(correct, pairs),
    explained: pct(matched.filter((m) => m.explained).length, matched.length),
    casesPerCustomer: customers === 0 ? 0 : cases / customers,
  };
}

export function formatMetrics(m: TwcsMetrics): string {
  return `twcs: ${m.mentions} mentions; conversations whole ${m.conversationsWhole.toFixed(1)}%; pair precision ${m.pairPrecision.toFixed(1)}%; explained ${m.explained.toFixed(1)}%; cases per customer ${m.casesPerCustomer.toFixed(2)}`;
}
