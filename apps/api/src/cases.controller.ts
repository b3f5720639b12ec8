import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { CaseQueryRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { PageQuerySchema } from './pagination';
import { Roles } from './auth/roles.decorator';
import { ApiQueryFrom } from './openapi/zod-openapi.decorators';

const CaseListQuerySchema = PageQuerySchema.extend({
  status: z.enum(['open', 'resolved']).optional(),
});

@Controller('v1/cases')
export class CasesController {
  constructor(private readonly cases: CaseQueryRepository) {}

  @Roles('supervisor', 'agent', 'viewer')
  @Get()
  @ApiQueryFrom(CaseListQuerySchema)
  list(@Query(new ZodPipe(CaseListQuerySchema)) query: z.infer<typeof CaseListQuerySchema>) {
    return this.cases.listCases(query);
  }
}
