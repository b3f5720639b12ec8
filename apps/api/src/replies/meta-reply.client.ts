import { META_OBJECT_ID, SAFE_TOKEN } from '@scb/contracts';
import { z } from 'zod';
import { UnsafePlatformIdError } from './unsafe-platform-id.error';

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

  /**
   * The id Meta gave the reply. Throws with Meta's reason when refused, and throws
   * {@link UnsafePlatformIdError} before sending anything when an id is not a Graph id (a row
   * stored before the contract checked ids). The page token goes only to `graphUrl`, in the
   * `Authorization: Bearer` header, never in the query string, where proxies and access logs
   * would keep it.
   */
  async reply(target: MetaReplyTarget, text: string): Promise<string> {
    const [segments, body] =
      target.kind === 'facebook-comment'
        ? [[graphId(target.objectId), 'comments'], { message: text }]
        : target.kind === 'instagram-comment'
          ? [[graphId(target.commentId), 'replies'], { message: text }]
          : [
              ['me', 'messages'],
              {
                recipient: { id: recipientId(target.recipientId) },
                messaging_type: 'RESPONSE',
                message: { text },
              },
            ];
    // Each segment encoded on its own, so no id can add a path, a query or another host.
    const url = new URL(segments.map(encodeURIComponent).join('/'), this.options.graphUrl);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.options.pageAccessToken}`,
      },
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

function graphId(id: string): string {
  if (!META_OBJECT_ID.test(id))
    throw new UnsafePlatformIdError(
      `not a Meta object id (digits joined by "_"): ${JSON.stringify(id.slice(0, 80))}`,
    );
  return id;
}

function recipientId(id: string): string {
  if (!SAFE_TOKEN.test(id))
    throw new UnsafePlatformIdError(`not a Meta user id: ${JSON.stringify(id.slice(0, 80))}`);
  return id;
}
