import type { TwcsRow } from './twcs-csv.reader';

/** What the matcher did with one tweet. */
export interface MatchedTweet {
  tweetId: string;
  authorId: string;
  caseId: string | null;
  explained: boolean;
  /** The decision as stored on the interaction, for the split report (absent in old callers). */
  caseNumber?: string | null;
  occurredAt?: string;
  rule?: string | null;
  summary?: string | null;
  candidates?: Array<{ caseNumber: string | null; reason: string; chosen: boolean }>;
}

/** One conversation of the dataset whose tweets the matcher put on more than one case. */
export interface SplitConversation {
  /** The conversation's id: the root of its reply links (any tweet of it, stable per file). */
  conversation: string;
  /**
   * `several-customers`: more than one author wrote in it (e.g. many customers answering one
   * brand broadcast), which author-aware threading keeps apart by design; `one-customer`: one
   * author's own exchange was split.
   */
  kind: 'several-customers' | 'one-customer';
  authors: number;
  cases: number;
  /** Its tweets, oldest first, each with the decision that placed it. */
  tweets: Array<{
    tweetId: string;
    authorId: string;
    occurredAt: string | null;
    caseNumber: string | null;
    rule: string | null;
    summary: string | null;
    candidates: Array<{ caseNumber: string | null; reason: string; chosen: boolean }>;
  }>;
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
  /**
   * Each customer's part of a conversation (its tweets by one author) on one case, in percent:
   * "whole" with the several-customer conversations counted per customer.
   */
  customerThreadsWhole: number;
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
  const threads = new Map<string, Set<string | null>>();
  for (const m of matched) {
    const key = `${conversation.get(m.tweetId) ?? m.tweetId}|${m.authorId}`;
    threads.set(key, (threads.get(key) ?? new Set()).add(m.caseId));
  }
  const wholeThreads = [...threads.values()].filter((s) => s.size === 1).length;
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
    customerThreadsWhole: pct(wholeThreads, threads.size),
  };
}

/** The conversations whose tweets landed on more than one case, one-customer ones first. */
export function splitConversations(rows: TwcsRow[], matched: MatchedTweet[]): SplitConversation[] {
  const conversation = conversationsOf(rows);
  const byConversation = new Map<string, MatchedTweet[]>();
  for (const m of matched) {
    const c = conversation.get(m.tweetId) ?? m.tweetId;
    byConversation.set(c, [...(byConversation.get(c) ?? []), m]);
  }
  const splits: SplitConversation[] = [];
  for (const [id, tweets] of byConversation) {
    const cases = new Set(tweets.map((t) => t.caseId)).size;
    if (cases < 2) continue;
    const authors = new Set(tweets.map((t) => t.authorId)).size;
    splits.push({
      conversation: id,
      kind: authors > 1 ? 'several-customers' : 'one-customer',
      authors,
      cases,
      tweets: tweets
        .map((t) => ({
          tweetId: t.tweetId,
          authorId: t.authorId,
          occurredAt: t.occurredAt ?? null,
          caseNumber: t.caseNumber ?? t.caseId,
          rule: t.rule ?? null,
          summary: t.summary ?? null,
          candidates: t.candidates ?? [],
        }))
        .sort((a, b) => (a.occurredAt ?? '').localeCompare(b.occurredAt ?? '')),
    });
  }
  const order = { 'one-customer': 0, 'several-customers': 1 };
  return splits.sort(
    (a, b) => order[a.kind] - order[b.kind] || a.conversation.localeCompare(b.conversation),
  );
}

/** The split list for people: a header per conversation, a line per tweet with rule and candidates. */
export function formatSplits(splits: SplitConversation[]): string {
  const count = (kind: SplitConversation['kind']) => splits.filter((s) => s.kind === kind).length;
  const lines = [
    `split conversations: ${splits.length} (one customer ${count('one-customer')}, several customers ${count('several-customers')})`,
  ];
  for (const s of splits) {
    lines.push(
      `- conversation ${s.conversation}: ${s.kind}, ${s.authors} author(s), ${s.cases} case(s)`,
    );
    for (const t of s.tweets) {
      const candidates = t.candidates
        .map((c) => `${c.chosen ? '*' : ''}${c.caseNumber ?? 'new'}: ${c.reason}`)
        .join('; ');
      lines.push(
        `    ${t.occurredAt ?? '?'} tweet ${t.tweetId} by ${t.authorId} → ${t.caseNumber ?? 'no case'} [${t.rule ?? '?'}] ${t.summary ?? ''}` +
          (candidates ? ` | candidates: ${candidates}` : ''),
      );
    }
  }
  return lines.join('\n');
}

export function formatMetrics(m: TwcsMetrics): string {
  return `twcs: ${m.mentions} mentions; conversations whole ${m.conversationsWhole.toFixed(1)}%; pair precision ${m.pairPrecision.toFixed(1)}%; explained ${m.explained.toFixed(1)}%; cases per customer ${m.casesPerCustomer.toFixed(2)}`;
}
