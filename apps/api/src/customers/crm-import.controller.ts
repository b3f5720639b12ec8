import { ApiSuccess } from '../openapi/success.schemas';
import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  HttpCode,
  PayloadTooLargeException,
  Post,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '@scb/auth';
import { CrmImportSchema, parseWith } from '@scb/contracts';
import { ImportCrmCustomers } from './usecases/import-crm-customers/import-crm-customers.usecase';
import { Roles } from '../auth/roles.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { AcceptsBody } from '../http-security/accepts-body.decorator';
import { parseCrmCsv } from './crm-csv.parser';
import { ApiBodyFrom } from '../openapi/zod-openapi.decorators';

/** 10,000 customers (the import's limit) with several rows each fit well within this. */
const MAX_CSV_BYTES = 50_000_000;

/** The request body, refused with 413 once it grows past `max` bytes. */
async function* capped(body: AsyncIterable<Buffer>, max: number): AsyncIterable<Buffer> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) throw new PayloadTooLargeException(`a CSV import is limited to ${max} bytes`);
    yield chunk;
  }
}

/**
 * `POST /v1/admin/crm-import`: the CRM's customers, identities and cases; safe to repeat. JSON
 * (`{ "customers": [...] }`) or, with `Content-Type: text/csv`, the CSV layout of
 * docs/crm-import.md; refusals name the field (JSON) or the row and column (CSV). Supervisors import from the console
 * (issue 16), integrations from the CRM's side; each import is audited.
 */
@Controller('v1/admin/crm-import')
export class CrmImportController {
  constructor(private readonly importCustomers: ImportCrmCustomers) {}

  @Roles('supervisor', 'integration')
  @Post()
  @ApiSuccess('CrmImportResult')
  @AcceptsBody('application/json', 'text/csv')
  @ApiBodyFrom(CrmImportSchema, 'CrmImportRequest')
  @HttpCode(200)
  async import(
    @Headers('content-type') contentType: string | undefined,
    @Req() request: Request,
    @Body() body: unknown,
    @CurrentPrincipal() actor: Principal,
  ) {
    if (contentType?.toLowerCase().startsWith('text/csv')) {
      // Express parses JSON only: the CSV body is still the request stream.
      const parsed = await parseCrmCsv(capped(request, MAX_CSV_BYTES));
      if (!parsed.ok)
        throw new BadRequestException({ message: 'Invalid CSV', errors: parsed.errors });
      return this.importCustomers.execute({ actor, customers: parsed.customers });
    }
    const parsed = parseWith(CrmImportSchema, body);
    if (!parsed.ok)
      throw new BadRequestException({ message: 'Validation failed', errors: parsed.errors });
    return this.importCustomers.execute({ actor, customers: parsed.value.customers });
  }
}
