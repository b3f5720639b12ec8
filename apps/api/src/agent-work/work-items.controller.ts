import { ApiSuccess } from '../openapi/success.schemas';
import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { PrioritySchema } from '@scb/contracts';
import { ZodPipe } from '@scb/platform';
import { AcceptWork } from './usecases/accept-work/accept-work.usecase';
import { CompleteWork } from './usecases/complete-work/complete-work.usecase';
import { PutBackWork } from './usecases/put-back-work/put-back-work.usecase';
import { TransferWorkToAgent } from './usecases/transfer-work-to-agent/transfer-work-to-agent.usecase';
import { OpenPhoneWork } from '../phone-intake/usecases/open-phone-work/open-phone-work.usecase';
import { OwnAgent } from '../auth/own-agent.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiBodyFrom } from '../openapi/zod-openapi.decorators';

const IdSchema = z.uuid();
const PhoneWorkSchema = z
  .object({
    channel: z.literal('phone'),
    callerNumber: z.string().trim().min(3).max(32),
    callId: z.string().trim().min(1).max(128),
    category: z.string().trim().min(1).max(128).nullable().default(null),
    priority: PrioritySchema.default(3),
    note: z.string().max(2_000).nullable().default(null),
    /** When the call reached the phone system (ISO 8601); default: when the api receives it. */
    arrivedAt: z.iso
      .datetime({ offset: true })
      .transform((at) => new Date(at))
      .optional(),
    /** The caller's language as the IVR knows it, for routing rules on languages. */
    language: z.string().trim().min(2).max(16).nullable().default(null),
    /** IVR tags, for routing rules on tags. */
    tags: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  })
  .strict();
const AgentActionSchema = z.object({ agentId: z.uuid() }).strict();
const CompleteSchema = AgentActionSchema.extend({
  resolutionCode: z.string().trim().min(1).max(64),
}).strict();
const TransferSchema = AgentActionSchema.extend({
  toQueue: z.string().trim().min(1).max(64).optional(),
  toAgentId: z.uuid().optional(),
})
  .strict()
  .refine((t) => (t.toQueue === undefined) !== (t.toAgentId === undefined), {
    message: 'give exactly one of toQueue and toAgentId',
    path: ['toQueue'],
  });

@Controller('v1/work-items')
export class WorkItemsController {
  constructor(
    private readonly phoneIntake: OpenPhoneWork,
    private readonly acceptWork: AcceptWork,
    private readonly completeWork: CompleteWork,
    private readonly putBackWork: PutBackWork,
    private readonly transferToAgent: TransferWorkToAgent,
  ) {}

  /**
   * The phone system (ACD/IVR) puts a call into the shared queues; the item waits from the
   * call's `arrivedAt`. A call on a case an agent holds answers with her (`holder`, and
   * `workItem.agentId`): the phone system routes the call to her, and it counts as an update on
   * her item (`workItem.updates`).
   */
  @Roles('integration')
  @Post()
  @ApiSuccess('PhoneWork', 201)
  @ApiBodyFrom(PhoneWorkSchema, 'PhoneWorkRequest')
  openPhoneWork(@Body(new ZodPipe(PhoneWorkSchema)) body: z.infer<typeof PhoneWorkSchema>) {
    return this.phoneIntake.execute(body);
  }

  @Roles('agent')
  @OwnAgent({ body: 'agentId' })
  @Post(':id/accept')
  @ApiSuccess('WorkItem')
  @ApiBodyFrom(AgentActionSchema, 'AgentActionRequest')
  @HttpCode(HttpStatus.OK)
  accept(
    @Param('id', new ZodPipe(IdSchema)) id: string,
    @Body(new ZodPipe(AgentActionSchema)) body: z.infer<typeof AgentActionSchema>,
  ) {
    return this.acceptWork.execute({ itemId: id, agentId: body.agentId });
  }

  @Roles('agent')
  @OwnAgent({ body: 'agentId' })
  @Post(':id/complete')
  @ApiSuccess('WorkItem')
  @ApiBodyFrom(CompleteSchema, 'CompleteWorkRequest')
  @HttpCode(HttpStatus.OK)
  complete(
    @Param('id', new ZodPipe(IdSchema)) id: string,
    @Body(new ZodPipe(CompleteSchema)) body: z.infer<typeof CompleteSchema>,
  ) {
    return this.completeWork.execute({
      itemId: id,
      agentId: body.agentId,
      resolutionCode: body.resolutionCode,
    });
  }

  @Roles('supervisor', 'agent')
  @OwnAgent({ body: 'agentId' })
  @Post(':id/put-back')
  @ApiSuccess('WorkItem')
  @ApiBodyFrom(AgentActionSchema, 'AgentActionRequest')
  @HttpCode(HttpStatus.OK)
  putBack(
    @Param('id', new ZodPipe(IdSchema)) id: string,
    @Body(new ZodPipe(AgentActionSchema)) body: z.infer<typeof AgentActionSchema>,
  ) {
    return this.putBackWork.execute({ itemId: id, agentId: body.agentId });
  }

  @Roles('supervisor', 'agent')
  @OwnAgent({ body: 'agentId' })
  @Post(':id/transfer')
  @ApiSuccess('WorkItem')
  @ApiBodyFrom(TransferSchema, 'TransferWorkRequest')
  @HttpCode(HttpStatus.OK)
  transfer(
    @Param('id', new ZodPipe(IdSchema)) id: string,
    @Body(new ZodPipe(TransferSchema)) body: z.infer<typeof TransferSchema>,
  ) {
    const { agentId, toAgentId, toQueue } = body;
    // A transfer to a queue is a put-back into another queue.
    return toAgentId
      ? this.transferToAgent.execute({ itemId: id, agentId, toAgentId })
      : this.putBackWork.execute({ itemId: id, agentId, toQueue });
  }
}
