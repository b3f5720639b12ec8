import type { ReplyTarget, ReplyTargetFacts } from '@scb/persistence';
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

/** Why an agent's chosen post cannot be answered from the case: a stable code and a sentence. */
export interface ReplyTargetRefusal {
  reason:
    | 'reply_target_not_on_case'
    | 'reply_target_not_customer_post'
    | 'reply_target_other_author'
    | 'reply_target_removed';
  message: string;
}

/**
 * A reply from a case answers only a post of the case's own customer (issue 12 point 4): a
 * public answer under another author's post (a third party in the thread, a second commenter
 * under the page's post) would reach the wrong person. Null when the post may be answered.
 */
export function replyTargetRefusal(facts: ReplyTargetFacts | null): ReplyTargetRefusal | null {
  if (!facts || !facts.onCase)
    return { reason: 'reply_target_not_on_case', message: 'the post chosen is not on this case' };
  if (!facts.inboundSocial)
    return {
      reason: 'reply_target_not_customer_post',
      message: "the interaction chosen is not a customer's social post (a reply, call or note)",
    };
  if (!facts.byCaseCustomer)
    return {
      reason: 'reply_target_other_author',
      message: "the post chosen was written by someone other than the case's customer",
    };
  if (facts.removed)
    return {
      reason: 'reply_target_removed',
      message: 'the post chosen was deleted by its author on the platform',
    };
  return null;
}
