import twitterText from 'twitter-text';

/**
 * How long a reply may be on each platform, and how its length is counted:
 * - X: 280 weighted characters as X counts them (CJK and emoji count 2, every URL 23), with the
 *   official twitter-text library (https://docs.x.com/resources/fundamentals/counting-characters).
 * - Facebook comments: 8,000 characters; Instagram comments: 2,200 characters (Meta's documented
 *   limits), counted in Unicode code points.
 * Other platforms: no limit known to the console (the API refuses what the platform refuses).
 */
export const REPLY_LIMITS: Record<string, number> = { x: 280, facebook: 8_000, instagram: 2_200 };

export interface ReplyLength {
  used: number;
  limit: number | null;
  over: boolean;
}

export function replyLength(platform: string, text: string): ReplyLength {
  const limit = REPLY_LIMITS[platform] ?? null;
  const used = platform === 'x' ? twitterText.parseTweet(text).weightedLength : [...text].length;
  return { used, limit, over: limit !== null && used > limit };
}
