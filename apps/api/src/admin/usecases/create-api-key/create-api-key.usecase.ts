import { Inject, Injectable } from '@nestjs/common';
import { newApiKey } from '@scb/auth';
import { ApiKeyRepository, type ApiKey } from '@scb/persistence';
import { AuditTrail } from '../../../audit/audit-trail';
import type { CreateApiKeyCommand } from './create-api-key.command';

/**
 * Creates an API key, audited. Only its digest is stored: `key` (the secret) is in this answer
 * only; afterwards nobody, admins included, can read it.
 */
@Injectable()
export class CreateApiKey {
  constructor(
    @Inject(ApiKeyRepository) private readonly apiKeys: Pick<ApiKeyRepository, 'create'>,
    private readonly audit: AuditTrail,
  ) {}

  async execute({ actor, apiKey: input }: CreateApiKeyCommand): Promise<{
    apiKey: ApiKey;
    key: string;
  }> {
    const { secret, digest } = newApiKey();
    const apiKey = await this.audit.change(
      actor,
      { entity: 'api_key', action: 'create' },
      async () => {
        const created = await this.apiKeys.create({ ...input, digest });
        return { result: created, entityId: created.id, after: created };
      },
    );
    return { apiKey, key: secret };
  }
}
