import { describeErrors, parseWith, SocialMentionSchema, type SocialMention } from '@scb/contracts';
import type { TwcsRow } from './twcs-csv.reader';

/** Marks the synthesized text: the brand's words are not in the inbound-only file. */
export const ABSENT_BRAND_TEXT = '[brand reply: its text is not in the dataset]';
export const SYNTHETIC_SOURCE = 'eval-twcs-brand-reply';

/**
 * The brand's replies that production knows and the inbound-only file lacks. Live, the product
 * sees every answer the brand gives (sent through `POST /v1/cases/:id/replies`, or the brand
 * account's posts ingested as `outbound`); the file keeps only their ids, in the customers'
 * `response_tweet_id` (data README: "brand tweet ids act as links even though the brand rows are
 * absent"). For each inbound row, each id it lists that is not an inbound row of the file becomes
 * an outbound post: author `brand`, in reply to that row, `partyId` the customer (so it shares
 * the customer's Kafka partition, as a live reply does), one second after the row but before the
 * first inbound tweet that answers it, text {@link ABSENT_BRAND_TEXT}. An id listed by several
 * rows keeps its earliest parent. Rows whose parent the file names but no row lists (brand
 * broadcasts, answers to tweets outside the file) get nothing: production would not know them
 * as a reply on a case either.
 *
 * Returns the outbound mentions in time order; throws when a synthesized post breaks the
 * mention contract (a bug here, not in the data).
 */
export function brandRepliesOf(rows: TwcsRow[], brand: string): SocialMention[] {
  const inbound = rows.filter((r) => r.inbound);
  const known = new Set(rows.map((r) => r.tweetId));
  const firstAnswer = new Map<string, number>();
  for (const r of inbound) {
    if (!r.inResponseToTweetId) continue;
    const at = Date.parse(r.createdAt);
    const seen = firstAnswer.get(r.inResponseToTweetId);
    if (seen === undefined || at < seen) firstAnswer.set(r.inResponseToTweetId, at);
  }
  const parents = [...inbound].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const replies = new Map<string, SocialMention>();
  for (const parent of parents) {
    for (const id of parent.responseTweetIds) {
      if (known.has(id) || replies.has(id)) continue;
      const after = Date.parse(parent.createdAt);
      const answered = firstAnswer.get(id);
      // Just after the customer's tweet; never at or after the first answer to it.
      const at =
        answered === undefined
          ? after + 1000
          : Math.min(after + 1000, Math.max(after, answered - 1));
      const parsed = parseWith(SocialMentionSchema, {
        platform: 'x',
        direction: 'outbound',
        externalId: id,
        authorId: brand,
        authorHandle: brand,
        text: ABSENT_BRAND_TEXT,
        createdAt: new Date(at).toISOString(),
        inReplyToId: parent.tweetId,
        partyId: parent.authorId,
        targetAccount: brand,
        url: null,
        source: SYNTHETIC_SOURCE,
      });
      if (!parsed.ok)
        throw new Error(`synthesized brand reply ${id}: ${describeErrors(parsed.errors)}`);
      replies.set(id, parsed.value);
    }
  }
  return [...replies.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * X's `conversation_id` as production reads it (the root tweet of the reply chain), for each
 * inbound row: its `in_response_to_tweet_id` followed up through the file's rows and the fed
 * brand replies; where the chain leaves what is known (a brand post the file does not hold), that
 * post stands for the root, which both stay under. A tweet that replies to nothing is its own
 * root, as on X.
 */
export function conversationIdsOf(
  rows: TwcsRow[],
  brandReplies: SocialMention[],
): Map<string, string> {
  const parent = new Map<string, string>();
  for (const r of rows) if (r.inResponseToTweetId) parent.set(r.tweetId, r.inResponseToTweetId);
  for (const m of brandReplies) if (m.inReplyToId) parent.set(m.externalId, m.inReplyToId);
  const root = (id: string) => {
    const seen = new Set<string>();
    let at = id;
    for (let up = parent.get(at); up !== undefined && !seen.has(up); up = parent.get(at)) {
      seen.add(at);
      at = up;
    }
    return at;
  };
  const ids = new Map<string, string>();
  for (const r of rows) ids.set(r.tweetId, root(r.tweetId));
  for (const m of brandReplies) ids.set(m.externalId, root(m.externalId));
  return ids;
}
