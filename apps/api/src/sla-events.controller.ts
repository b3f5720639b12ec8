import { Controller, Get, Query } from '@nestjs/common';
import type { z } from 'zod';
import { SlaRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { PageQuerySchema } from './pagination';
import { Roles } from './auth/roles.decorator';
import { ApiQueryFrom } from './openapi/zod-openapi.decorators';

/** SLA stages reached (at risk, breached) with the escalation applied, newest first. */
@Controller('v1/sla-events')
export class SlaEventsController {
  constructor(private readonly sla: SlaRepository) {}

  @Roles('supervisor', 'viewer')
  @Get()
  @ApiQueryFrom(PageQuerySchema)
  list(@Query(new ZodPipe(PageQuerySchema)) page: z.infer<typeof PageQuerySchema>) {
    return this.sla.recentEvents(page).then((items) => ({ items }));
  }
}
