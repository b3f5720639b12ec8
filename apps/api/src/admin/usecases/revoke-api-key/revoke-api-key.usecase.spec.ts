import type { Principal } from '@scb/auth';
import { NotFoundError } from '@scb/core';
import type { ApiKey } from '@scb/persistence';
import { InMemoryAuditLog, InMemoryUnitOfWork } from '@scb/testing';
import { AuditTrail } from '../../../audit/audit-trail';
import { RevokeApiKey } from './revoke-api-key.usecase';

const admin: Principal = {
  kind: 'user',
  id: 'u-admin',
  name: 'admin@x.test',
  role: 'admin',
  agentId: null,
};

describe('RevokeApiKey', () => {
  function setUp() {
    const keys = new Map<string, ApiKey>([
      [
        'k-1',
        {
          id: 'k-1',
          name: 'crm',
          role: 'integration',
          createdAt: new Date(0),
          lastUsedAt: null,
          revokedAt: null,
        },
      ],
    ]);
    const apiKeys = {
      async find(id: string) {
        return keys.get(id) ?? null;
      },
      async revoke(id: string) {
        const key = keys.get(id);
        if (!key) return null;
        const revoked = { ...key, revokedAt: new Date(1_000) };
        keys.set(id, revoked);
        return revoked;
      },
    };
    const log = new InMemoryAuditLog();
    // How many audit entries were written (the change committed) each time the cache was cleared.
    const cleared: number[] = [];
    const credentials = { clear: () => void cleared.push(log.entries.length) };
    return {
      log,
      cleared,
      revokeApiKey: new RevokeApiKey(
        apiKeys,
        new AuditTrail(new InMemoryUnitOfWork(), log),
        credentials,
      ),
    };
  }

  it('revokes the key, audits it with before and after, then forgets remembered credentials', async () => {
    const { log, cleared, revokeApiKey } = setUp();
    const revoked = await revokeApiKey.execute({ actor: admin, id: 'k-1' });
    expect(revoked.revokedAt).toEqual(new Date(1_000));
    expect(log.entries[0]).toMatchObject({
      entity: 'api_key',
      action: 'revoke',
      entityId: 'k-1',
      before: { revokedAt: null },
      after: { revokedAt: new Date(1_000) },
    });
    expect(cleared).toEqual([1]);
  });

  it('answers NotFoundError for an unknown key and audits nothing', async () => {
    const { log, revokeApiKey } = setUp();
    await expect(revokeApiKey.execute({ actor: admin, id: 'k-none' })).rejects.toThrow(
      NotFoundError,
    );
    expect(log.entries).toEqual([]);
  });
});
