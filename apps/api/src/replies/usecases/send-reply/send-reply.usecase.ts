import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UpstreamError,
  ValidationError,
} from '@scb/core';
import { ReplyRepository, type ReplyRecord } from '@scb/persistence';
import { SlaClock } from '@scb/work-queues';
import { BrandAccountLearner } from '../../brand-account.learner';
import { ReplyPlatforms, type ReplyChannels } from '../../reply-platforms';
import { metaReplyTarget, replyTargetRefusal } from '../../reply-target';
import { UnsafePlatformIdError } from '../../unsafe-platform-id.error';
import type { SendReplyCommand } from './send-reply.command';

/**
 * Replies to the customer from the case, on the platform they wrote on. The reply row exists
 * before the post, so a retried request with the same id returns the sent reply instead of
 * posting twice; the first reply stops the first-response SLA clock.
 */
@Injectable()
export class SendReply {
  private readonly logger = new Logger(SendReply.name);

  constructor(
    @Inject(ReplyRepository)
    private readonly replies: Pick<
      ReplyRepository,
      'authority' | 'begin' | 'markFailed' | 'markSent' | 'targetFacts'
    >,
    @Inject(ReplyPlatforms) private readonly platforms: ReplyChannels,
    @Inject(SlaClock) private readonly sla: Pick<SlaClock, 'stop'>,
    /** Learns the account each reply was posted as (a brand account); none: not learnt. */
    @Optional()
    @Inject(BrandAccountLearner)
    private readonly brandAccounts: Pick<BrandAccountLearner, 'afterReply'> | null = null,
  ) {}

  /**
   * The sent reply. An agent replies only on a case they hold (its work item is assigned to
   * them), else `ForbiddenError` `not_case_holder`; supervisors and admins on any case, naming
   * an existing agent (else `ValidationError` `agentId`). It answers `inReplyToInteractionId`
   * when given, else the customer's latest post still standing; never another author's post.
   * `NotFoundError` for an unknown case or one without a post to answer; `ConflictError` with
   * the reason when the chosen post is not on the case (`reply_target_not_on_case`), is no
   * customer post (`reply_target_not_customer_post`), is another author's
   * (`reply_target_other_author`) or was deleted (`reply_target_removed`), when the platform is
   * not configured or the post's id is unsafe; `UpstreamError` when the platform refuses (the
   * reply is marked failed).
   */
  async execute(command: SendReplyCommand): Promise<ReplyRecord> {
    const { actorRole, ...request } = command;
    await this.checkAuthority(request, actorRole);
    const begun = await this.replies.begin(request);
    if (begun.kind === 'no-target') {
      if (request.inReplyToInteractionId) await this.refuseTarget(request);
      throw new NotFoundError(`case ${request.caseId} has no inbound social post to reply to`);
    }
    if (begun.kind === 'sent') return begun.reply;
    const reply = begun.reply;
    let externalId: string;
    try {
      externalId = await this.post(reply);
    } catch (error) {
      if (error instanceof UnsafePlatformIdError) {
        // Nothing was sent: the stored post has an id no platform issues (hostile input).
        await this.replies.markFailed(reply.id, error.message);
        this.logger.warn({ message: 'reply refused', replyId: reply.id, reason: error.message });
        throw new ConflictError(`cannot reply to this post: ${error.message}`);
      }
      if (!(error instanceof PlatformError)) throw error;
      await this.replies.markFailed(reply.id, error.message);
      this.logger.warn({ message: 'reply failed', replyId: reply.id, reason: error.message });
      throw new UpstreamError(error.message);
    }
    const { firstResponseOf } = await this.replies.markSent(reply, externalId);
    this.brandAccounts?.afterReply(reply, externalId);
    if (firstResponseOf) await this.sla.stop(firstResponseOf, ['firstResponse']);
    return { ...reply, status: 'sent', externalId, error: null };
  }

  private async checkAuthority(
    request: Omit<SendReplyCommand, 'actorRole'>,
    actorRole: SendReplyCommand['actorRole'],
  ): Promise<void> {
    const authority = await this.replies.authority(request.caseId, request.agentId);
    if (!authority.caseExists) throw new NotFoundError(`case ${request.caseId} not found`);
    if (!authority.agentExists) throw ValidationError.field('agentId', 'no such agent');
    if (actorRole === 'agent' && authority.holderAgentId !== request.agentId)
      throw new ForbiddenError(
        'only the agent holding the case (or a supervisor) may reply on it',
        'not_case_holder',
      );
  }

  /** Says why the chosen post cannot be answered (it changed since the insert looked: removed). */
  private async refuseTarget(request: Omit<SendReplyCommand, 'actorRole'>): Promise<never> {
    const id = request.inReplyToInteractionId!;
    const refusal = replyTargetRefusal(await this.replies.targetFacts(request.caseId, id)) ?? {
      reason: 'reply_target_removed',
      message: 'the post chosen is no longer available',
    };
    throw new ConflictError(`cannot reply to ${id}: ${refusal.message}`, refusal.reason);
  }

  /** Posts on the platform the customer wrote on; a refusal there becomes a PlatformError. */
  private async post(reply: ReplyRecord): Promise<string> {
    const target = reply.inReplyTo;
    const { x, meta } = this.platforms;
    if (reply.platform === 'x') {
      if (!x) throw new ConflictError('replies to X are not configured (X_USER_ACCESS_TOKEN)');
      if (reply.text.length > 280)
        throw ValidationError.field('text', 'X replies are at most 280 characters');
      return PlatformError.wrap(() => x.reply(reply.text, target.externalId));
    }
    const metaTarget = metaReplyTarget(target);
    if (!metaTarget) throw new ConflictError(`replies to ${reply.platform} are not supported`);
    if (!meta)
      throw new ConflictError(
        'replies to Facebook and Instagram are not configured (META_PAGE_ACCESS_TOKEN)',
      );
    return PlatformError.wrap(() => meta.reply(metaTarget, reply.text));
  }
}

/** The platform refused or could not be reached: the reply is marked failed and retryable. */
class PlatformError extends Error {
  static async wrap(post: () => Promise<string>): Promise<string> {
    try {
      return await post();
    } catch (error) {
      if (error instanceof UnsafePlatformIdError) throw error;
      throw new PlatformError(error instanceof Error ? error.message : String(error));
    }
  }
}
