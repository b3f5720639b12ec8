import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { AuditLogRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { Roles } from '../auth/roles.decorator';
import { PageQuerySchema } from '../common/pagination';
import { ApiQueryFrom } from '../openapi/zod-openapi.decorators';
import { listEnvelope } from '@scb/contracts';
import { ApiListResponse } from '../openapi/zod-openapi.decorators';
import { ListItems } from '../openapi/list-item.schemas';

export const AuditQuerySchema = PageQuerySchema.extend({
  entity: z.string().trim().min(1).max(64).optional(),
  /** Email of a user, name of an API key, or either's id. */
  actor: z.string().trim().min(1).max(320).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

/** Every configuration change, newest first: who, when, what, before and after. */
@Controller('v1/audit-log')
export class AuditLogController {
  constructor(private readonly log: AuditLogRepository) {}

  @Roles('supervisor')
  @Get()
  @ApiQueryFrom(AuditQuerySchema)
  @ApiListResponse('AuditLogList', ListItems.AuditEntry)
  async list(@Query(new ZodPipe(AuditQuerySchema)) query: z.infer<typeof AuditQuerySchema>) {
    const { total, items } = await this.log.list(query);
    return listEnvelope(items, { total, limit: query.limit, offset: query.offset });
  }
}
