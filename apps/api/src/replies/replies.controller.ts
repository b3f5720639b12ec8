import { ApiSuccess } from '../openapi/success.schemas';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@scb/auth';
import { ZodPipe } from '@scb/platform';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { SendReply } from './usecases/send-reply/send-reply.usecase';
import { OwnAgent } from '../auth/own-agent.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiBodyFrom } from '../openapi/zod-openapi.decorators';

const ReplySchema = z
  .object({
    /** Chosen by the client, per case; sending the same id again never posts twice. */
    requestId: z.uuid(),
    agentId: z.uuid(),
    /** X allows 280 characters (checked against the post's platform); Meta more. */
    text: z.string().trim().min(1).max(2_000),
    /**
     * The case customer's post to answer (an interaction id from the case timeline); absent:
     * their latest post still standing. Another author's post, one not on the case or deleted
     * is refused with 409 and its reason.
     */
    inReplyToInteractionId: z.uuid().optional(),
  })
  .strict();

@Controller('v1/cases/:caseId/replies')
export class RepliesController {
  constructor(private readonly sendReply: SendReply) {}

  /**
   * 201 with the sent reply; 403 `not_case_holder` for an agent not holding the case; 404 for an
   * unknown case or without a post to answer; 409 unsupported, or `inReplyToInteractionId` not a
   * standing post of the case's customer (`reply_target_not_on_case`,
   * `reply_target_not_customer_post`, `reply_target_other_author`, `reply_target_removed`); 502
   * refused by the platform.
   */
  @Roles('agent', 'supervisor')
  @OwnAgent({ body: 'agentId' })
  @Post()
  @ApiSuccess('Reply', 201)
  @ApiBodyFrom(ReplySchema, 'ReplyRequest')
  reply(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', new ZodPipe(z.uuid())) caseId: string,
    @Body(new ZodPipe(ReplySchema)) body: z.infer<typeof ReplySchema>,
  ) {
    return this.sendReply.execute({ ...body, caseId, actorRole: principal.role });
  }
}
