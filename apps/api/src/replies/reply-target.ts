import type { ReplyTarget } from '@scb/persistence';
import type { MetaReplyTarget } from './meta-reply.client';

/**
 * Where a Meta reply goes, from the customer's post: a private message answers in the thread,
 * an Instagram comment gets a reply, a Facebook comment or visitor post gets a comment.
 */
export function metaReplyTarget(post: ReplyTarget): MetaReplyTarget | null {
  if (post.conversationId?.startsWith('dm:'))
    return post.authorId ? { kind: 'message', recipientId: post.authorId } : null;
  if (post.platform === 'instagram')
    return { kind: 'instagram-comment', commentId: post.externalId };
  if (post.platform === 'facebook') return { kind: 'facebook-comment', objectId: post.externalId };
  return null;
}
