import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Put,
  Post,
} from '@nestjs/common';
import { z } from 'zod';
import { CHANNELS } from '@scb/contracts';
import { RoutingConfigRepository } from '@scb/persistence';
import { RoutingPolicyCache, ZodPipe } from '@scb/platform';
import { RoutingRuleInputSchema, SlaPolicySchema } from '@scb/routing';
import { AdminOnly, Roles } from './auth/roles.decorator';

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
    private readonly policy: RoutingPolicyCache,
  ) {}

  @Roles('supervisor', 'viewer')
  @Get('queues')
  queues() {
    return this.config.listQueueConfigs().then((items) => ({ items }));
  }

  @AdminOnly()
  @Put('queues/:name')
  async putQueue(
    @Param('name', new ZodPipe(QueueNameSchema)) name: string,
    @Body(new ZodPipe(QueueBodySchema)) body: z.infer<typeof QueueBodySchema>,
  ) {
    const escalateTo = body.slaPolicy.escalation.toQueue;
    if (escalateTo && escalateTo !== name && !(await this.config.queueExists(escalateTo)))
      throw new BadRequestException({
        message: 'Validation failed',
        errors: [
          { path: 'slaPolicy.escalation.toQueue', message: `queue ${escalateTo} does not exist` },
        ],
      });
    await this.config.upsertQueue({ name, ...body });
    this.policy.invalidate();
    return { name, ...body };
  }

  @Roles('supervisor', 'viewer')
  @Get('routing-rules')
  rules() {
    return this.config.listRules().then((items) => ({ items }));
  }

  @AdminOnly()
  @Post('routing-rules')
  async createRule(
    @Body(new ZodPipe(RoutingRuleInputSchema)) body: z.infer<typeof RoutingRuleInputSchema>,
  ) {
    if (!(await this.config.queueExists(body.targetQueue)))
      throw new BadRequestException({
        message: 'Validation failed',
        errors: [{ path: 'targetQueue', message: `queue ${body.targetQueue} does not exist` }],
      });
    const created = await this.config.createRule(body);
    this.policy.invalidate();
    return { ...body, ...created };
  }

  @AdminOnly()
  @Delete('routing-rules/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async deleteRule(@Param('id', new ZodPipe(z.uuid())) id: string): Promise<void> {
    if (!(await this.config.deleteRule(id)))
      throw new NotFoundException(`routing rule ${id} does not exist`);
    this.policy.invalidate();
  }
}
