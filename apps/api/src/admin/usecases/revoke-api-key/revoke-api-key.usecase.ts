import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@scb/core';
import { ApiKeyRepository, type ApiKey } from '@scb/persistence';
import { AuditTrail } from '../../../audit/audit-trail';
import { CredentialCache } from '../../../auth/credential-cache';
import type { RevokeApiKeyCommand } from './revoke-api-key.command';

/**
 * Revokes an API key at once (its next request to this api instance is refused; to another,
 * within AUTH_CACHE_TTL_MS, the bound of `CredentialCache`), audited.
 */
@Injectable()
export class RevokeApiKey {
  constructor(
    @Inject(ApiKeyRepository) private readonly apiKeys: Pick<ApiKeyRepository, 'find' | 'revoke'>,
    private readonly audit: AuditTrail,
    @Inject(CredentialCache) private readonly credentials: Pick<CredentialCache, 'clear'>,
  ) {}

  /** Throws `NotFoundError` for an unknown key. */
  async execute({ actor, id }: RevokeApiKeyCommand): Promise<ApiKey> {
    const revoked = await this.audit.change(
      actor,
      { entity: 'api_key', action: 'revoke', entityId: id },
      async () => {
        const before = await this.apiKeys.find(id);
        const after = before && (await this.apiKeys.revoke(id));
        if (!after) throw new NotFoundError(`API key ${id} does not exist`);
        return { result: after, before, after };
      },
    );
    // Once committed: a lookup now finds the key revoked.
    this.credentials.clear();
    return revoked;
  }
}
