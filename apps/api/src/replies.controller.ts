import { Body, Controller, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { ZodPipe } from '@scb/platform';
import { ReplyService } from './reply.service';
import { OwnAgent } from './auth/own-agent.decorator';
import { Roles } from './auth/roles.decorator';
import { ApiBodyFrom } from './openapi/zod-openapi.decorators';

const ReplySchema = z
  .object({
    /** Chosen by the client; sending the same id again never posts twice. */
    requestId: z.uuid(),
    agentId: z.uuid(),
    /** X allows 280 characters (checked against the post's platform); Meta more. */
    text: z.string().trim().min(1).max(2_000),
  })
  .strict();

@Controller('v1/cases/:caseId/replies')
export class RepliesController {
  constructor(private readonly replies: ReplyService) {}

  /** 201 with the sent reply; 404 without a post to answer; 409 unsupported; 502 refused by the platform. */
  @Roles('agent')
  @OwnAgent({ body: 'agentId' })
  @Post()
  @ApiBodyFrom(ReplySchema, 'ReplyRequest')
  reply(
    @Param('caseId', new ZodPipe(z.uuid())) caseId: string,
    @Body(new ZodPipe(ReplySchema)) body: z.infer<typeof ReplySchema>,
  ) {
    return this.replies.reply({ ...body, caseId });
  }
}
