import { ApiSuccess } from '../openapi/success.schemas';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { z } from 'zod';
import { ROLES, type Principal } from '@scb/auth';
import { ApiKeyRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { PageQuerySchema } from '../common/pagination';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { AdminOnly } from '../auth/roles.decorator';
import { CreateApiKey } from './usecases/create-api-key/create-api-key.usecase';
import { RevokeApiKey } from './usecases/revoke-api-key/revoke-api-key.usecase';
import { ApiBodyFrom, ApiQueryFrom } from '../openapi/zod-openapi.decorators';
import { listEnvelope } from '@scb/contracts';
import { ApiListResponse } from '../openapi/zod-openapi.decorators';
import { ListItems } from '../openapi/list-item.schemas';

const CreateKeySchema = z
  .object({ name: z.string().trim().min(1).max(200), role: z.enum(ROLES) })
  .strict();

/** API keys of machines (phone system, CRM); admin only. */
@Controller('v1/admin/api-keys')
export class ApiKeysController {
  constructor(
    private readonly apiKeys: ApiKeyRepository,
    private readonly createApiKeys: CreateApiKey,
    private readonly revokeApiKeys: RevokeApiKey,
  ) {}

  @AdminOnly()
  @Get()
  @ApiQueryFrom(PageQuerySchema)
  @ApiListResponse('ApiKeyList', ListItems.ApiKey)
  async list(@Query(new ZodPipe(PageQuerySchema)) page: z.infer<typeof PageQuerySchema>) {
    const { total, items } = await this.apiKeys.list(page);
    return listEnvelope(items, { total, ...page });
  }

  /** 201 with `key` (`scb_…`): shown in this answer only, stored as a digest. */
  @AdminOnly()
  @Post()
  @ApiSuccess('ApiKeyCreated', 201)
  @ApiBodyFrom(CreateKeySchema, 'CreateApiKeyRequest')
  create(
    @CurrentPrincipal() actor: Principal,
    @Body(new ZodPipe(CreateKeySchema)) body: z.infer<typeof CreateKeySchema>,
  ) {
    return this.createApiKeys.execute({ actor, apiKey: body });
  }

  /** Revokes at once (the next request with the key gets 401); the record stays for the audit. */
  @AdminOnly()
  @Delete(':id')
  @ApiSuccess('ApiKey')
  @HttpCode(HttpStatus.OK)
  revoke(@CurrentPrincipal() actor: Principal, @Param('id', new ZodPipe(z.uuid())) id: string) {
    return this.revokeApiKeys.execute({ actor, id });
  }
}
