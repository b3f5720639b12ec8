import type { SocialMentionInput } from '@scb/contracts';

/** The X API v2 tweet and user objects, as far as we read them. */
export interface XTweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  lang?: string;
  referenced_tweets?: Array<{ type: string; id: string }>;
  entities?: unknown;
}

export interface XUser {
  id: string;
  username?: string;
  name?: string;
  verified?: boolean;
  public_metrics?: { followers_count?: number };
}

/** What we ask X for, so the matcher has author, thread and language. */
export const X_TWEET_QUERY = {
  'tweet.fields': 'author_id,conversation_id,created_at,entities,lang,referenced_tweets',
  expansions: 'author_id',
  'user.fields': 'name,username,verified,public_metrics',
} as const;

/**
 * A v2 tweet (with its author from `includes.users`) as a mention input; the caller validates it
 * against the contract, so a tweet missing its author is refused with a reason, not guessed at.
 */
export function xTweetToMention(
  tweet: XTweet,
  usersById: ReadonlyMap<string, XUser>,
  source: string,
  targetAccount: string | null,
): SocialMentionInput {
  const author = tweet.author_id ? usersById.get(tweet.author_id) : undefined;
  const followers = author?.public_metrics?.followers_count;
  return {
    platform: 'x',
    externalId: tweet.id,
    authorId: tweet.author_id ?? '',
    authorHandle: author?.username ?? null,
    authorName: author?.name ?? null,
    text: tweet.text,
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
    raw: tweet,
  };
}

/** Tweet ids are 64-bit snowflakes: compare them as integers, never as strings or doubles. */
export function compareTweetIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
