import { BadGatewayException, ConflictException, Logger, NotFoundException } from '@nestjs/common';
import type { ReplyRecord, ReplyRepository } from '@scb/persistence';
import type { SlaClock } from '@scb/platform';
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
    private readonly sla: SlaClock,
  ) {}

  async reply(request: ReplyRequest): Promise<ReplyRecord> {
    const begun = await this.replies.begin(request);
    if (begun.kind === 'no-target')
      throw new NotFoundException(`case ${request.caseId} has no inbound social post to reply to`);
    if (begun.kind === 'sent') return begun.reply;
    const reply = begun.reply;
    if (reply.platform !== 'x' || !this.x)
      throw new ConflictException(
        reply.platform === 'x'
          ? 'replies to X are not configured (X_USER_ACCESS_TOKEN)'
          : `replies to ${reply.platform} are not supported yet`,
      );
    let externalId: string;
    try {
      externalId = await this.x.reply(reply.text, reply.inReplyTo.externalId);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.replies.markFailed(reply.id, reason);
      this.logger.warn({ message: 'reply failed', replyId: reply.id, reason });
      throw new BadGatewayException(reason);
    }
    const { firstResponseOf } = await this.replies.markSent(reply, externalId);
    if (firstResponseOf) await this.sla.stop(firstResponseOf, ['firstResponse']);
    return { ...reply, status: 'sent', externalId, error: null };
  }
}
