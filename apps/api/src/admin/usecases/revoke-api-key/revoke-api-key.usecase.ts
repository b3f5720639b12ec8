import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@scb/core';
import { ApiKeyRepository, type ApiKey } from '@scb/persistence';
import { AuditTrail } from '../../../audit/audit-trail';
import type { RevokeApiKeyCommand } from './revoke-api-key.command';

/** Revokes an API key at once (its next request is refused), audited. */
@Injectable()
export class RevokeApiKey {
  constructor(
    @Inject(ApiKeyRepository) private readonly apiKeys: Pick<ApiKeyRepository, 'find' | 'revoke'>,
    private readonly audit: AuditTrail,
  ) {}

  /** Throws `NotFoundError` for an unknown key. */
  async execute({ actor, id }: RevokeApiKeyCommand): Promise<ApiKey> {
    return this.audit.change(
      actor,
      { entity: 'api_key', action: 'revoke', entityId: id },
      async () => {
        const before = await this.apiKeys.find(id);
        const after = before && (await this.apiKeys.revoke(id));
        if (!after) throw new NotFoundError(`API key ${id} does not exist`);
        return { result: after, before, after };
      },
    );
  }
}
