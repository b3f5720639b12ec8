import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CrmImportSchema, type CrmImport } from '@scb/contracts';
import { CrmImportRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { Roles } from './auth/roles.decorator';
import { ApiBodyFrom } from './openapi/zod-openapi.decorators';

/** `POST /v1/admin/crm-import`: the CRM's customers, identities and cases; safe to repeat. */
@Controller('v1/admin/crm-import')
export class CrmImportController {
  constructor(private readonly crm: CrmImportRepository) {}

  @Roles('integration')
  @Post()
  @ApiBodyFrom(CrmImportSchema)
  @HttpCode(200)
  import(@Body(new ZodPipe(CrmImportSchema)) body: CrmImport) {
    return this.crm.import(body.customers);
  }
}
