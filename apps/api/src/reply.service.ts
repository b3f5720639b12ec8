import {
  BadGatewayException,
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { Role } from '@scb/auth';
import type { ReplyRecord, ReplyRepository } from '@scb/persistence';
import type { SlaClock } from '@scb/platform';
import type { BrandAccountLearner } from './brand-account.learner';
import type { MetaReplyClient } from './meta-reply.client';
import { metaReplyTarget } from './reply-target';
import { UnsafePlatformIdError } from './unsafe-platform-id.error';
import type { XReplyClient } from './x-reply.client';

export interface ReplyRequest {
  requestId: string;
  caseId: string;
  agentId: string;
  text: string;
}

/**
 * Replies to the customer from the case, on the platform they wrote on. The reply row exists
 * before the post, so a retried request with the same id returns the sent reply instead of
 * posting twice; the first reply stops the first-response SLA clock.
 */
export class ReplyService {
  private readonly logger = new Logger(ReplyService.name);

  constructor(
    private readonly replies: ReplyRepository,
    private readonly x: XReplyClient | null,
    private readonly meta: MetaReplyClient | null,
    private readonly sla: SlaClock,
    /** Learns the account each reply was posted as (a brand account); none: not learnt. */
    private readonly brandAccounts: BrandAccountLearner | null = null,
  ) {}

  /**
   * `actorRole` is the caller's: an agent replies only on a case they hold (its work item is
   * assigned to them), else 403 `not_case_holder`; supervisors and admins on any case, naming an
   * existing agent. 404 for an unknown case.
   */
  async reply(request: ReplyRequest, actorRole: Role): Promise<ReplyRecord> {
    await this.checkAuthority(request, actorRole);
    const begun = await this.replies.begin(request);
    if (begun.kind === 'no-target')
      throw new NotFoundException(`case ${request.caseId} has no inbound social post to reply to`);
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
        throw new ConflictException(`cannot reply to this post: ${error.message}`);
      }
      if (!(error instanceof PlatformError)) throw error;
      await this.replies.markFailed(reply.id, error.message);
      this.logger.warn({ message: 'reply failed', replyId: reply.id, reason: error.message });
      throw new BadGatewayException(error.message);
    }
    const { firstResponseOf } = await this.replies.markSent(reply, externalId);
    this.brandAccounts?.afterReply(reply, externalId);
    if (firstResponseOf) await this.sla.stop(firstResponseOf, ['firstResponse']);
    return { ...reply, status: 'sent', externalId, error: null };
  }

  private async checkAuthority(request: ReplyRequest, actorRole: Role): Promise<void> {
    const authority = await this.replies.authority(request.caseId, request.agentId);
    if (!authority.caseExists) throw new NotFoundException(`case ${request.caseId} not found`);
    if (!authority.agentExists)
      throw new BadRequestException({
        message: 'Validation failed',
        errors: [{ path: 'agentId', message: 'no such agent' }],
      });
    if (actorRole === 'agent' && authority.holderAgentId !== request.agentId)
      throw new ForbiddenException({
        statusCode: HttpStatus.FORBIDDEN,
        error: 'Forbidden',
        reason: 'not_case_holder',
        message: 'only the agent holding the case (or a supervisor) may reply on it',
      });
  }

  /** Posts on the platform the customer wrote on; a refusal there becomes a PlatformError. */
  private async post(reply: ReplyRecord): Promise<string> {
    const target = reply.inReplyTo;
    if (reply.platform === 'x') {
      if (!this.x)
        throw new ConflictException('replies to X are not configured (X_USER_ACCESS_TOKEN)');
      if (reply.text.length > 280)
        throw new BadRequestException({
          message: 'Validation failed',
          errors: [{ path: 'text', message: 'X replies are at most 280 characters' }],
        });
      return PlatformError.wrap(() => this.x!.reply(reply.text, target.externalId));
    }
    const metaTarget = metaReplyTarget(target);
    if (!metaTarget) throw new ConflictException(`replies to ${reply.platform} are not supported`);
    if (!this.meta)
      throw new ConflictException(
        'replies to Facebook and Instagram are not configured (META_PAGE_ACCESS_TOKEN)',
      );
    return PlatformError.wrap(() => this.meta!.reply(metaTarget, reply.text));
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
