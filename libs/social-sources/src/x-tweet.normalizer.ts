import type { SocialMentionInput } from '@scb/contracts';

/** The X API v2 tweet and user objects, as far as we read them. */
export interface XTweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  lang?: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: Array<{ type: string; id: string }>;
  entities?: { urls?: Array<{ url?: string; expanded_url?: string }> } & Record<string, unknown>;
  /** The whole text of a post longer than 280 characters (`text` is then cut with "…"). */
  note_tweet?: { text?: string; entities?: XTweet['entities'] };
  /** Every revision's id, oldest (the original post) first. */
  edit_history_tweet_ids?: string[];
  edit_controls?: { edits_remaining?: number; is_edit_eligible?: boolean; editable_until?: string };
}

export interface XUser {
  id: string;
  username?: string;
  name?: string;
  verified?: boolean;
  public_metrics?: { followers_count?: number };
}

/**
 * What we ask X for, so the matcher has author, thread, language, the whole text of long posts
 * (`note_tweet`), expanded links (`entities`) and edits (`edit_history_tweet_ids`,
 * `edit_controls`). Fields: https://docs.x.com/x-api/fundamentals/data-dictionary
 */
export const X_TWEET_QUERY = {
  'tweet.fields':
    'author_id,conversation_id,created_at,entities,lang,referenced_tweets,in_reply_to_user_id,note_tweet,edit_history_tweet_ids,edit_controls',
  expansions: 'author_id',
  'user.fields': 'name,username,verified,public_metrics',
} as const;

/**
 * A v2 tweet (with its author from `includes.users`) as a mention input; the caller validates it
 * against the contract, so a tweet missing its author is refused with a reason, not guessed at.
 *
 * - the text is the long post's `note_tweet.text` when there is one, with every shortened link
 *   (`entities.urls[].url`) replaced by its `expanded_url` (both kept in `links`);
 * - a post whose `edit_history_tweet_ids` starts with another id is an edit of that original:
 *   `lifecycle: 'edited'`, `externalId` the original's id, `revisionId` this one's;
 * - a retweet (`referenced_tweets[].type === 'retweeted'`) carries `repostOf`; a quote stays a post;
 * - a post by one of `brandIds` (the brand's own X user ids) is `outbound`, its party the user
 *   it replies to (`in_reply_to_user_id`); lone surrogates and NUL are repaired by the contract (`repairs`).
 */
export function xTweetToMention(
  tweet: XTweet,
  usersById: ReadonlyMap<string, XUser>,
  source: string,
  targetAccount: string | null,
  brandIds: ReadonlySet<string> = new Set(),
): SocialMentionInput {
  const author = tweet.author_id ? usersById.get(tweet.author_id) : undefined;
  const followers = author?.public_metrics?.followers_count;
  const history = tweet.edit_history_tweet_ids ?? [];
  const original = history.length > 1 && history[0] !== tweet.id ? history[0] : null;
  const outbound = tweet.author_id !== undefined && brandIds.has(tweet.author_id);
  const { text, links } = expandLinks(tweet.note_tweet?.text ?? tweet.text, [
    ...(tweet.entities?.urls ?? []),
    ...(tweet.note_tweet?.entities?.urls ?? []),
  ]);
  const id = original ?? tweet.id;
  return {
    platform: 'x',
    direction: outbound ? 'outbound' : 'inbound',
    externalId: id,
    authorId: tweet.author_id ?? '',
    authorHandle: author?.username ?? null,
    authorName: author?.name ?? null,
    text,
    lang: tweet.lang ?? null,
    createdAt: tweet.created_at ?? '',
    conversationId: tweet.conversation_id ?? null,
    inReplyToId: tweet.referenced_tweets?.find((r) => r.type === 'replied_to')?.id ?? null,
    url: author?.username ? `https://x.com/${author.username}/status/${tweet.id}` : null,
    targetAccount,
    authorMetrics: {
      followers: typeof followers === 'number' ? followers : null,
      verified: author?.verified ?? null,
    },
    source,
    lifecycle: original ? 'edited' : 'created',
    revisionId: original ? tweet.id : null,
    repostOf: tweet.referenced_tweets?.find((r) => r.type === 'retweeted')?.id ?? null,
    partyId: outbound ? (tweet.in_reply_to_user_id ?? null) : null,
    links,
    raw: tweet,
  };
}

/** The text with each shortened link replaced by its expanded form, and the pairs replaced. */
function expandLinks(
  text: string,
  urls: Array<{ url?: string; expanded_url?: string }>,
): { text: string; links: Array<{ url: string; expandedUrl: string }> } {
  const links = new Map<string, string>();
  for (const u of urls) if (u.url && u.expanded_url) links.set(u.url, u.expanded_url);
  let out = text;
  // Longest first, so one short link that prefixes another is not replaced inside it.
  for (const url of [...links.keys()].sort((a, b) => b.length - a.length))
    out = out.split(url).join(links.get(url));
  return { text: out, links: [...links].map(([url, expandedUrl]) => ({ url, expandedUrl })) };
}

/** Tweet ids are 64-bit snowflakes: compare them as integers, never as strings or doubles. */
export function compareTweetIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
