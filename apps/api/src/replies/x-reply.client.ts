import { Agent as HttpAgent } from 'node:http';
import { ApiResponseError, TwitterApi } from 'twitter-api-v2';
import { X_POST_ID } from '@scb/contracts';
import { z } from 'zod';
import { UnsafePlatformIdError } from './unsafe-platform-id.error';

export interface XReplyOptions {
  /** The v2 prefix, `https://api.x.com/2/` in production, a local stand-in in tests. */
  baseUrl: string;
  /** OAuth 2.0 user-context access token of the brand account (tweet.write). */
  userAccessToken: string;
}

const Created = z.object({ data: z.object({ id: z.string().min(1), text: z.string() }) });

/** Posts an agent's reply on X as a reply to the customer's post, through `twitter-api-v2`. */
export class XReplyClient {
  private readonly client: TwitterApi;

  constructor(private readonly options: XReplyOptions) {
    // An http agent only for a plain-http stand-in; production keeps the https default.
    const plain = options.baseUrl.startsWith('http:');
    this.client = new TwitterApi(
      options.userAccessToken,
      plain ? { httpAgent: new HttpAgent() } : {},
    );
  }

  /**
   * The id of the posted reply. Throws with X's status and reason when X refuses it, and
   * {@link UnsafePlatformIdError} before sending when `inReplyToTweetId` is not an X id (digits).
   */
  async reply(text: string, inReplyToTweetId: string): Promise<string> {
    if (!X_POST_ID.test(inReplyToTweetId))
      throw new UnsafePlatformIdError(
        `not an X post id (digits): ${JSON.stringify(inReplyToTweetId.slice(0, 80))}`,
      );
    try {
      const body: unknown = await this.client.v2.post(
        'tweets',
        { text, reply: { in_reply_to_tweet_id: inReplyToTweetId } },
        { prefix: this.options.baseUrl },
      );
      return Created.parse(body).data.id;
    } catch (error) {
      if (error instanceof ApiResponseError)
        throw new Error(
          `X refused the reply: HTTP ${error.code} ${JSON.stringify(error.data).slice(0, 300)}`,
        );
      throw error;
    }
  }
}
