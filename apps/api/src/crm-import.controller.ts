import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  HttpCode,
  Post,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { CrmImportSchema, parseWith } from '@scb/contracts';
import { CrmImportRepository } from '@scb/persistence';
import { parseCrmCsv } from './crm-csv.parser';

/**
 * `POST /v1/admin/crm-import`: the CRM's customers, identities and cases; safe to repeat. JSON
 * (`{ "customers": [...] }`) or, with `Content-Type: text/csv`, the CSV layout of
 * docs/crm-import.md; refusals name the field (JSON) or the row and column (CSV).
 */
@Controller('v1/admin/crm-import')
export class CrmImportController {
  constructor(private readonly crm: CrmImportRepository) {}

  @Post()
  @HttpCode(200)
  async import(
    @Headers('content-type') contentType: string | undefined,
    @Req() request: Request,
    @Body() body: unknown,
  ) {
    if (contentType?.toLowerCase().startsWith('text/csv')) {
      // Express parses JSON only: the CSV body is still the request stream.
      const parsed = await parseCrmCsv(request);
      if (!parsed.ok)
        throw new BadRequestException({ message: 'Invalid CSV', errors: parsed.errors });
      return this.crm.import(parsed.customers);
    }
    const parsed = parseWith(CrmImportSchema, body);
    if (!parsed.ok)
      throw new BadRequestException({ message: 'Validation failed', errors: parsed.errors });
    return this.crm.import(parsed.value.customers);
  }
}
