import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { listEnvelope } from '@scb/contracts';
import type { z } from 'zod';
import type { Principal } from '@scb/auth';
import { ZodPipe } from '@scb/platform';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { AdminOnly } from '../auth/roles.decorator';
import { PageQuerySchema } from '../common/pagination';
import {
  CrmConnectorListItemSchema,
  CrmConnectorNameSchema,
  PutCrmConnectorBodySchema,
} from '../openapi/crm-connector.schemas';
import { ApiSuccess } from '../openapi/success.schemas';
import {
  ApiBodyFrom,
  ApiListResponse,
  ApiQueryFrom,
  jsonSchemaOf,
} from '../openapi/zod-openapi.decorators';
import type { CrmConnectorAction } from './usecases/control-crm-connector/control-crm-connector.command';
import { ControlCrmConnector } from './usecases/control-crm-connector/control-crm-connector.usecase';
import { GetCrmConnector } from './usecases/get-crm-connector/get-crm-connector.usecase';
import { ListCrmConnectors } from './usecases/list-crm-connectors/list-crm-connectors.usecase';
import { PutCrmConnector } from './usecases/put-crm-connector/put-crm-connector.usecase';

const name = new ZodPipe(CrmConnectorNameSchema);

/**
 * CRM connectors (Salesforce, Zendesk): configuration with write-only credentials, state, lag,
 * last error, counts, full-sync progress, dead letters and conflicts; pause, resume, full sync.
 * Admin only; every change audited.
 */
@Controller('v1/admin/crm-connectors')
export class CrmConnectorsController {
  constructor(
    private readonly getConnector: GetCrmConnector,
    private readonly listConnectors: ListCrmConnectors,
    private readonly putConnector: PutCrmConnector,
    private readonly control: ControlCrmConnector,
  ) {}

  /** Every connector by name with its state, lag and last error (details: `GET :name`). */
  @AdminOnly()
  @Get()
  @ApiQueryFrom(PageQuerySchema)
  @ApiListResponse('CrmConnectorList', jsonSchemaOf(CrmConnectorListItemSchema))
  async list(@Query(new ZodPipe(PageQuerySchema)) page: z.infer<typeof PageQuerySchema>) {
    const { total, items } = await this.listConnectors.execute(page);
    return listEnvelope(items, { total, ...page });
  }

  @AdminOnly()
  @Get(':name')
  @ApiSuccess('CrmConnector')
  get(@Param('name', name) connector: string) {
    return this.getConnector.execute({ name: connector });
  }

  /** Creates or replaces the connector's settings; credentials kept when left out. */
  @AdminOnly()
  @Put(':name')
  @ApiSuccess('CrmConnector')
  @ApiBodyFrom(PutCrmConnectorBodySchema, 'CrmConnectorRequest')
  async put(
    @CurrentPrincipal() actor: Principal,
    @Param('name', name) connector: string,
    @Body(new ZodPipe(PutCrmConnectorBodySchema)) body: z.infer<typeof PutCrmConnectorBodySchema>,
  ) {
    await this.putConnector.execute({
      actor,
      name: connector,
      kind: body.kind,
      settings: body.settings,
      fieldOwnership: body.fieldOwnership,
      credentials: body.credentials ?? null,
      webhookSecret: body.webhookSecret,
    });
    return this.getConnector.execute({ name: connector });
  }

  /** No more sync passes until resumed (a pass under way finishes). */
  @AdminOnly()
  @Post(':name/pause')
  @HttpCode(HttpStatus.OK)
  @ApiSuccess('CrmConnector')
  pause(@CurrentPrincipal() actor: Principal, @Param('name', name) connector: string) {
    return this.act(actor, connector, 'pause');
  }

  /** Running again, also out of the `error` state. */
  @AdminOnly()
  @Post(':name/resume')
  @HttpCode(HttpStatus.OK)
  @ApiSuccess('CrmConnector')
  resume(@CurrentPrincipal() actor: Principal, @Param('name', name) connector: string) {
    return this.act(actor, connector, 'resume');
  }

  /** Imports every customer, then open and recently closed cases; progress in `fullSync`. */
  @AdminOnly()
  @Post(':name/full-sync')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiSuccess('CrmConnector', 202)
  fullSync(@CurrentPrincipal() actor: Principal, @Param('name', name) connector: string) {
    return this.act(actor, connector, 'full-sync');
  }

  private async act(actor: Principal, connector: string, action: CrmConnectorAction) {
    await this.control.execute({ actor, name: connector, action });
    return this.getConnector.execute({ name: connector });
  }
}
