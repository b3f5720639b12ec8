import { Controller, Get, Query } from '@nestjs/common';
import type { z } from 'zod';
import { ZodPipe } from '@scb/platform';
import { PageQuerySchema } from '../common/pagination';
import { QueueOverviewService } from './queue-overview.service';
import { Roles } from '../auth/roles.decorator';
import { ApiQueryFrom } from '../openapi/zod-openapi.decorators';
import { ApiListResponse } from '../openapi/zod-openapi.decorators';
import { ListItems } from '../openapi/list-item.schemas';

@Controller('v1/queues')
export class QueuesController {
  constructor(private readonly overview: QueueOverviewService) {}

  @Roles('supervisor', 'agent', 'viewer')
  @Get()
  @ApiQueryFrom(PageQuerySchema)
  @ApiListResponse('QueueOverviewList', ListItems.QueueOverview, 'queues')
  list(@Query(new ZodPipe(PageQuerySchema)) page: z.infer<typeof PageQuerySchema>) {
    return this.overview.overview(page);
  }
}
