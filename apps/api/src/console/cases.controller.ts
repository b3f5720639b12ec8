import { ApiSuccess } from '../openapi/success.schemas';
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { CASE_NUMBER_PATTERN } from '@scb/contracts';
import { CaseTimelineRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { Roles } from '../auth/roles.decorator';
import { ApiQueryFrom } from '../openapi/zod-openapi.decorators';
import { CaseListQuerySchema, searchProblem, type CaseListQuery } from '../find/case-search.query';
import { SearchCases } from '../find/usecases/search-cases/search-cases.usecase';
import { listEnvelope } from '@scb/contracts';
import { ApiListResponse } from '../openapi/zod-openapi.decorators';
import { ListItems } from '../openapi/list-item.schemas';

const CaseRefSchema = z.union([z.uuid(), z.string().regex(CASE_NUMBER_PATTERN)], {
  error: 'a case id (uuid) or case number (CS-000123)',
});

@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly search: SearchCases,
    private readonly timelines: CaseTimelineRepository,
  ) {}

  /**
   * Cases found by number, customer, phone, handle, email, CRM id, status, queue and free text,
   * sorted (`sort`) and paged; 400 naming a parameter that is not what it says (a phone that is
   * no number, an unknown sort field).
   */
  @Roles('supervisor', 'agent', 'viewer')
  @Get()
  @ApiQueryFrom(CaseListQuerySchema)
  @ApiListResponse('CaseList', ListItems.Case)
  async list(@Query(new ZodPipe(CaseListQuerySchema)) query: CaseListQuery) {
    const { total, items } = await this.search.execute(query).catch((error: unknown) => {
      throw searchProblem(error);
    });
    return listEnvelope(items, { total, limit: query.limit, offset: query.offset });
  }

  /**
   * The case with phone notes, social mentions and replies in one timeline, oldest first. `id`
   * is the case's uuid or its number (`CS-000123`, as customers and the console's links say it).
   */
  @Roles('supervisor', 'agent', 'viewer')
  @Get(':id')
  @ApiSuccess('CaseTimeline')
  async timeline(@Param('id', new ZodPipe(CaseRefSchema)) ref: string) {
    const id = CASE_NUMBER_PATTERN.test(ref) ? await this.timelines.idOf(ref) : ref;
    const found = id ? await this.timelines.get(id) : null;
    if (!found) throw new NotFoundException(`case ${ref} does not exist`);
    return found;
  }
}
