import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { CaseQueryRepository, CaseTimelineRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { Roles } from './auth/roles.decorator';
import { ApiQueryFrom } from './openapi/zod-openapi.decorators';
import { PageQuerySchema } from './pagination';

const CaseListQuerySchema = PageQuerySchema.extend({
  status: z.enum(['open', 'resolved']).optional(),
});

@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CaseQueryRepository,
    private readonly timelines: CaseTimelineRepository,
  ) {}

  @Roles('supervisor', 'agent', 'viewer')
  @Get()
  @ApiQueryFrom(CaseListQuerySchema)
  list(@Query(new ZodPipe(CaseListQuerySchema)) query: z.infer<typeof CaseListQuerySchema>) {
    return this.cases.listCases(query);
  }

  /** The case with phone notes, social mentions and replies in one timeline, oldest first. */
  @Roles('supervisor', 'agent', 'viewer')
  @Get(':id')
  async timeline(@Param('id', new ZodPipe(z.uuid())) id: string) {
    const found = await this.timelines.get(id);
    if (!found) throw new NotFoundException(`case ${id} does not exist`);
    return found;
  }
}
