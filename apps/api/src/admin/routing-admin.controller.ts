import { ApiNoContentResponse } from '@nestjs/swagger';
import { ApiSuccess } from '../openapi/success.schemas';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Put,
  Post,
} from '@nestjs/common';
import { z } from 'zod';
import { CHANNELS } from '@scb/contracts';
import { RoutingConfigRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { RoutingRuleInputSchema, SlaPolicySchema } from '@scb/routing';
import type { Principal } from '@scb/auth';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { AdminOnly, Roles } from '../auth/roles.decorator';
import { CreateRoutingRule } from './usecases/create-routing-rule/create-routing-rule.usecase';
import { DeleteRoutingRule } from './usecases/delete-routing-rule/delete-routing-rule.usecase';
import { PutQueue } from './usecases/put-queue/put-queue.usecase';
import { ApiBodyFrom } from '../openapi/zod-openapi.decorators';
import { listEnvelope } from '@scb/contracts';
import { ApiListResponse } from '../openapi/zod-openapi.decorators';
import { ListItems } from '../openapi/list-item.schemas';

const QueueNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _');
const QueueBodySchema = z
  .object({
    description: z.string().max(500).default(''),
    skills: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
    channels: z.array(z.enum(CHANNELS)).min(1).default(['social', 'phone']),
    slaPolicy: SlaPolicySchema.default(() => SlaPolicySchema.parse({})),
  })
  .strict();

/** Admin configuration of queues and routing rules; changes apply within seconds everywhere. */
@Controller('v1/admin')
export class RoutingAdminController {
  constructor(
    private readonly config: RoutingConfigRepository,
    private readonly putQueues: PutQueue,
    private readonly createRules: CreateRoutingRule,
    private readonly deleteRules: DeleteRoutingRule,
  ) {}

  @Roles('supervisor', 'viewer')
  @Get('queues')
  @ApiListResponse('QueueConfigList', ListItems.QueueConfig)
  queues() {
    return this.config.listQueueConfigs().then((items) => listEnvelope(items, 'all'));
  }

  @AdminOnly()
  @Put('queues/:name')
  @ApiSuccess('QueueConfig')
  @ApiBodyFrom(QueueBodySchema, 'QueueConfigRequest')
  putQueue(
    @CurrentPrincipal() actor: Principal,
    @Param('name', new ZodPipe(QueueNameSchema)) name: string,
    @Body(new ZodPipe(QueueBodySchema)) body: z.infer<typeof QueueBodySchema>,
  ) {
    return this.putQueues.execute({ actor, queue: { name, ...body } });
  }

  @Roles('supervisor', 'viewer')
  @Get('routing-rules')
  @ApiListResponse('RoutingRuleList', ListItems.RoutingRule)
  rules() {
    return this.config.listRules().then((items) => listEnvelope(items, 'all'));
  }

  @AdminOnly()
  @Post('routing-rules')
  @ApiSuccess('RoutingRule', 201)
  @ApiBodyFrom(RoutingRuleInputSchema, 'RoutingRuleRequest')
  createRule(
    @CurrentPrincipal() actor: Principal,
    @Body(new ZodPipe(RoutingRuleInputSchema)) body: z.infer<typeof RoutingRuleInputSchema>,
  ) {
    return this.createRules.execute({ actor, rule: body });
  }

  @AdminOnly()
  @Delete('routing-rules/:id')
  @ApiNoContentResponse({ description: 'deleted' })
  @HttpCode(HttpStatus.NO_CONTENT)
  async deleteRule(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ZodPipe(z.uuid())) id: string,
  ): Promise<void> {
    await this.deleteRules.execute({ actor, id });
  }
}
