import { ApiNoContentResponse } from '@nestjs/swagger';
import { ApiSuccess } from '../openapi/success.schemas';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { AgentRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { DEFAULT_CAPACITY, PRESENCES } from '@scb/routing';
import { ListHeldWork } from '../agent-work/usecases/list-held-work/list-held-work.usecase';
import { RecordHeartbeat } from '../agent-work/usecases/record-heartbeat/record-heartbeat.usecase';
import { SetAgentPresence } from '../agent-work/usecases/set-agent-presence/set-agent-presence.usecase';
import { TakeNextWork } from '../agent-work/usecases/take-next-work/take-next-work.usecase';
import { PageQuerySchema } from '../common/pagination';
import type { Principal } from '@scb/auth';
import { CreateAgent } from './usecases/create-agent/create-agent.usecase';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { OwnAgent } from '../auth/own-agent.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiBodyFrom, ApiQueryFrom } from '../openapi/zod-openapi.decorators';
import { listEnvelope } from '@scb/contracts';
import { ApiListResponse } from '../openapi/zod-openapi.decorators';
import { ListItems } from '../openapi/list-item.schemas';

const IdSchema = z.uuid();
const CreateAgentSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    skills: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
    queues: z.array(z.string().trim().min(1).max(64)).min(1).max(50).default(['default']),
    capacity: z
      .object({ phone: z.number().int().min(0).max(10), social: z.number().int().min(0).max(50) })
      .strict()
      .default(DEFAULT_CAPACITY),
  })
  .strict();
const PresenceSchema = z.object({ presence: z.enum(PRESENCES) }).strict();
const AgentListQuerySchema = PageQuerySchema.extend({
  presence: z.enum(PRESENCES).optional(),
  queue: z.string().trim().min(1).max(64).optional(),
});

@Controller('v1/agents')
export class AgentsController {
  constructor(
    private readonly agents: AgentRepository,
    private readonly createAgents: CreateAgent,
    private readonly setPresence: SetAgentPresence,
    private readonly recordHeartbeat: RecordHeartbeat,
    private readonly listHeldWork: ListHeldWork,
    private readonly takeNextWork: TakeNextWork,
  ) {}

  @Roles('supervisor')
  @Post()
  @ApiSuccess('Agent', 201)
  @ApiBodyFrom(CreateAgentSchema, 'CreateAgentRequest')
  create(
    @CurrentPrincipal() actor: Principal,
    @Body(new ZodPipe(CreateAgentSchema)) body: z.infer<typeof CreateAgentSchema>,
  ) {
    return this.createAgents.execute({ actor, agent: body });
  }

  @Roles('supervisor', 'agent', 'viewer')
  @Get()
  @ApiQueryFrom(AgentListQuerySchema)
  @ApiListResponse('AgentList', ListItems.Agent)
  async list(
    @Query(new ZodPipe(AgentListQuerySchema)) query: z.infer<typeof AgentListQuerySchema>,
  ) {
    const [items, total] = await Promise.all([this.agents.list(query), this.agents.count(query)]);
    return listEnvelope(items, { total, limit: query.limit, offset: query.offset });
  }

  @Roles('supervisor', 'agent')
  @OwnAgent({ param: 'id' })
  @Put(':id/presence')
  @ApiSuccess('Agent')
  @ApiBodyFrom(PresenceSchema, 'PresenceRequest')
  presence(
    @Param('id', new ZodPipe(IdSchema)) id: string,
    @Body(new ZodPipe(PresenceSchema)) body: z.infer<typeof PresenceSchema>,
  ) {
    return this.setPresence.execute({ agentId: id, presence: body.presence });
  }

  @Roles('agent')
  @OwnAgent({ param: 'id' })
  @Post(':id/heartbeat')
  @ApiNoContentResponse({ description: 'heartbeat recorded' })
  @HttpCode(HttpStatus.NO_CONTENT)
  async heartbeat(@Param('id', new ZodPipe(IdSchema)) id: string): Promise<void> {
    await this.recordHeartbeat.execute({ agentId: id });
  }

  /** What the agent holds, with the messages that reached each case since it was handed out. */
  @Roles('supervisor', 'agent')
  @OwnAgent({ param: 'id' })
  @Get(':id/work')
  @ApiListResponse('HeldWorkList', ListItems.HeldWorkItem)
  holding(@Param('id', new ZodPipe(IdSchema)) id: string) {
    return this.listHeldWork.execute({ agentId: id });
  }

  /** 200 with the item, 204 when nothing waiting fits, 409 when the agent cannot take work. */
  @Roles('agent')
  @OwnAgent({ param: 'id' })
  @Post(':id/next')
  @ApiSuccess('WorkItem', 200, 'nothing waiting fits the agent')
  async next(
    @Param('id', new ZodPipe(IdSchema)) id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const item = await this.takeNextWork.execute({ agentId: id });
    if (!item) res.status(HttpStatus.NO_CONTENT);
    else res.status(HttpStatus.OK);
    return item ?? undefined;
  }
}
