import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { SlaRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { PageQuerySchema } from '../common/pagination';
import { Roles } from '../auth/roles.decorator';
import { ApiQueryFrom } from '../openapi/zod-openapi.decorators';
import { listEnvelope } from '@scb/contracts';
import { ApiListResponse } from '../openapi/zod-openapi.decorators';
import { ListItems } from '../openapi/list-item.schemas';

const SlaEventQuerySchema = PageQuerySchema.extend({
  queue: z.string().trim().min(1).max(64).optional(),
  stage: z.enum(['atRisk', 'breached']).optional(),
  kind: z.enum(['firstResponse', 'resolution']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/** SLA stages reached (at risk, breached) with the escalation applied, newest first. */
@Controller('v1/sla-events')
export class SlaEventsController {
  constructor(private readonly sla: SlaRepository) {}

  @Roles('supervisor', 'viewer')
  @Get()
  @ApiQueryFrom(SlaEventQuerySchema)
  @ApiListResponse('SlaEventList', ListItems.SlaEvent)
  async list(@Query(new ZodPipe(SlaEventQuerySchema)) query: z.infer<typeof SlaEventQuerySchema>) {
    const [items, total] = await Promise.all([
      this.sla.recentEvents(query),
      this.sla.countEvents(query),
    ]);
    return listEnvelope(items, { total, limit: query.limit, offset: query.offset });
  }
}
