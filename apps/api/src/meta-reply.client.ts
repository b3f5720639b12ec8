import { z } from 'zod';

export interface MetaReplyOptions {
  /** e.g. `https://graph.facebook.com/v21.0/`; a local stand-in in tests. */
  graphUrl: string;
  /** The page access token (pages_manage_engagement, pages_messaging, instagram_manage_*). */
  pageAccessToken: string;
}

/** Where on Meta a reply goes, from the post the customer wrote. */
export type MetaReplyTarget =
  | { kind: 'facebook-comment'; objectId: string }
  | { kind: 'instagram-comment'; commentId: string }
  | { kind: 'message'; recipientId: string };

const Created = z.union([
  z.object({ id: z.string().min(1) }),
  z.object({ message_id: z.string().min(1) }),
]);
const GraphError = z.object({
  error: z.object({ message: z.string(), code: z.number().optional() }),
});

/** Replies on Facebook pages and Instagram through the Graph API (comments, replies, messages). */
export class MetaReplyClient {
  constructor(private readonly options: MetaReplyOptions) {}

  /** The id Meta gave the reply. Throws with Meta's reason when refused. */
  async reply(target: MetaReplyTarget, text: string): Promise<string> {
    const [path, body] =
      target.kind === 'facebook-comment'
        ? [`${target.objectId}/comments`, { message: text }]
        : target.kind === 'instagram-comment'
          ? [`${target.commentId}/replies`, { message: text }]
          : [
              'me/messages',
              {
                recipient: { id: target.recipientId },
                messaging_type: 'RESPONSE',
                message: { text },
              },
            ];
    const url = new URL(path, this.options.graphUrl);
    url.searchParams.set('access_token', this.options.pageAccessToken);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = GraphError.safeParse(answer);
      throw new Error(
        `Meta refused the reply: HTTP ${response.status} ${error.success ? error.data.error.message : ''}`.trim(),
      );
    }
    const created = Created.parse(answer);
    return 'id' in created ? created.id : created.message_id;
  }
}
